// The attributes and methods of tensors, with PyTorch's names and argument names: `t.shape`,
// `t.T`, `t.reshape(2, -1)`, `t.sum(dim=1, keepdim=True)`, `t.max(1)` giving (values, indices) …

import Ember

enum TensorMethods {
    /// Attributes that are values rather than methods.
    static func property(_ tensor: Tensor, _ name: String) -> Value? {
        switch name {
        case "shape": return shapeValue(tensor.shape)
        case "T": return .tensor(tensor.T)
        case "ndim": return .int(tensor.rank)
        case "dtype": return .string("float32")
        case "grad", "grad_fn": return .none
        case "requires_grad": return .bool(false)
        case "is_leaf": return .bool(true)
        case "data": return .tensor(tensor)
        default: return nil
        }
    }

    static let propertyNames = ["shape", "T", "ndim", "dtype", "grad", "data", "requires_grad", "is_leaf", "grad_fn"]

    /// The names `dir()` lists for a tensor.
    static var names: [String] { (propertyNames + table.names).sorted() }

    private static func unaryMethod(_ doc: String, _ body: @escaping (Tensor) -> Tensor) -> Method<Tensor> {
        Method(doc: doc) { tensor, _, _ in .tensor(body(tensor)) }
    }

    private static let dimensionParameters = [ParameterSpec("dim", .null), ParameterSpec("keepdim", .bool(false))]

    private static func reduction(
        _ doc: String, _ body: @escaping (Tensor, Int?, Bool) throws -> Tensor
    ) -> Method<Tensor> {
        Method(dimensionParameters, doc: doc) { tensor, arguments, _ in
            .tensor(try body(tensor, try arguments.optionalInt("dim"), try arguments.bool("keepdim")))
        }
    }

    /// `max`/`min`: the value over everything, or (values, indices) along `dim`, as PyTorch.
    private static func extremum(_ largest: Bool) -> Method<Tensor> {
        Method(
            dimensionParameters,
            doc: largest
                ? "The largest value, or (values, indices) along dim."
                : "The smallest value, or (values, indices) along dim."
        ) {
            tensor, arguments, _ in
            let keep = try arguments.bool("keepdim")
            guard let dim = try arguments.optionalInt("dim") else {
                return .tensor(largest ? try tensor.max() : try tensor.min())
            }
            let values = largest ? try tensor.max(axis: dim, keepDim: keep) : try tensor.min(axis: dim, keepDim: keep)
            let indices =
                largest ? try tensor.argmax(axis: dim, keepDim: keep) : try (-tensor).argmax(axis: dim, keepDim: keep)
            return ReturnTypeObject.valuesAndIndices(largest ? "max" : "min", .tensor(values), .tensor(indices))
        }
    }

    static let table = MethodTable<Tensor>(
        "Tensor",
        [
            "size": Method([ParameterSpec("dim", .null)], doc: "The shape, or the size of one axis.") {
                tensor, arguments, _ in
                guard let dim = try arguments.optionalInt("dim") else { return shapeValue(tensor.shape) }
                return .int(tensor.shape[try normalizeAxis(dim, rank: tensor.rank, operation: "size")])
            },
            "dim": Method(doc: "The number of axes.") { tensor, _, _ in .int(tensor.rank) },
            "numel": Method(doc: "The number of elements.") { tensor, _, _ in .int(tensor.count) },
            "requires_grad_": Method(
                [ParameterSpec("requires_grad", .bool(true))],
                doc: "This tensor as a leaf of the tape: x = x.requires_grad_() (or randn(3, requires_grad=True))."
            ) { tensor, arguments, _ in
                guard try arguments.bool("requires_grad") else { return .tensor(tensor) }
                return .object(TapeTensorObject(Variable(tensor, requiresGrad: true)))
            },
            "item": Method(doc: "The value of a one-element tensor as a number.") { tensor, _, _ in
                .float(Double(try tensor.item()))
            },
            "tolist": Method(doc: "The values as nested lists.") { tensor, _, _ in nestedList(tensor) },
            "reshape": Method(variadic: "shape", doc: "The same values in another shape; one size may be -1.") {
                tensor, arguments, _ in .tensor(try tensor.reshape(try variadicShape(arguments, "reshape")))
            },
            "view": Method(variadic: "shape", doc: "Same as reshape.") { tensor, arguments, _ in
                .tensor(try tensor.reshape(try variadicShape(arguments, "view")))
            },
            "flatten": Method(
                [ParameterSpec("start_dim", .int(0)), ParameterSpec("end_dim", .int(-1))],
                doc: "Axes start_dim to end_dim merged into one."
            ) {
                tensor, arguments, _ in
                .tensor(
                    try tensor.flatten(startAxis: try arguments.int("start_dim"), endAxis: try arguments.int("end_dim"))
                )
            },
            "squeeze": Method([ParameterSpec("dim", .null)], doc: "Axes of size 1 removed.") { tensor, arguments, _ in
                .tensor(try tensor.squeeze(try arguments.optionalInt("dim")))
            },
            "unsqueeze": Method([ParameterSpec("dim")], doc: "A new axis of size 1 at dim.") { tensor, arguments, _ in
                .tensor(try tensor.unsqueeze(try arguments.int("dim")))
            },
            "transpose": Method([ParameterSpec("dim0"), ParameterSpec("dim1")], doc: "Two axes swapped.") {
                tensor, arguments, _ in
                .tensor(try tensor.transpose(try arguments.int("dim0"), try arguments.int("dim1")))
            },
            "permute": Method(variadic: "dims", doc: "The axes in a new order.") { tensor, arguments, _ in
                .tensor(try tensor.permute(try variadicShape(arguments, "permute")))
            },
            "t": Method(doc: "The transpose of a matrix.") { tensor, _, _ in .tensor(tensor.T) },
            "sum": reduction("The sum of all elements, or along dim.") { try $0.sum(axis: $1, keepDim: $2) },
            "mean": reduction("The mean of all elements, or along dim.") { try $0.mean(axis: $1, keepDim: $2) },
            "argmax": reduction("The index of the largest element, or along dim.") {
                try $0.argmax(axis: $1, keepDim: $2)
            },
            "argmin": reduction("The index of the smallest element, or along dim.") {
                try (-$0).argmax(axis: $1, keepDim: $2)
            },
            "max": extremum(true),
            "min": extremum(false),
            "std": Method(
                dimensionParameters + [ParameterSpec("unbiased", .bool(true))],
                doc: "The standard deviation (divided by n − 1 unless unbiased=False)."
            ) {
                tensor, arguments, _ in
                .tensor(
                    try tensor.std(
                        axis: try arguments.optionalInt("dim"), keepDim: try arguments.bool("keepdim"),
                        unbiased: try arguments.bool("unbiased")))
            },
            "var": Method(
                dimensionParameters + [ParameterSpec("unbiased", .bool(true))],
                doc: "The variance (divided by n − 1 unless unbiased=False)."
            ) {
                tensor, arguments, _ in
                .tensor(
                    try tensor.variance(
                        axis: try arguments.optionalInt("dim"), keepDim: try arguments.bool("keepdim"),
                        unbiased: try arguments.bool("unbiased")))
            },
            "abs": unaryMethod("The absolute value of each element.") { $0.abs() },
            "exp": unaryMethod("e raised to each element.") { $0.exp() },
            "log": unaryMethod("The natural logarithm of each element.") { $0.log() },
            "sqrt": unaryMethod("The square root of each element.") { $0.sqrt() },
            "relu": unaryMethod("max(x, 0) for each element.") { $0.relu() },
            "sigmoid": unaryMethod("1 / (1 + exp(-x)) for each element.") { $0.sigmoid() },
            "tanh": unaryMethod("The hyperbolic tangent of each element.") { $0.tanh() },
            "neg": unaryMethod("-x for each element.") { -$0 },
            "float": unaryMethod("The same tensor (every tensor holds float32).") { $0 },
            "clone": unaryMethod("A copy.") { $0 },
            "detach": unaryMethod("The same values (tensors here carry no graph).") { $0 },
            "softmax": Method([ParameterSpec("dim")], doc: "exp(x) / sum(exp(x)) along dim.") { tensor, arguments, _ in
                .tensor(try tensor.softmax(axis: try arguments.int("dim")))
            },
            "log_softmax": Method([ParameterSpec("dim")], doc: "x - log(sum(exp(x))) along dim, computed stably.") {
                tensor, arguments, _ in
                .tensor(try tensor.logSoftmax(axis: try arguments.int("dim")))
            },
            "pow": Method([ParameterSpec("exponent")], doc: "Each element raised to exponent.") {
                tensor, arguments, _ in
                if let number = arguments.value("exponent").number, arguments.value("exponent").tensorValue == nil {
                    return .tensor(tensor.pow(Float(number)))
                }
                return .tensor(try tensor.pow(try arguments.tensor("exponent")))
            },
            "clamp": Method(
                [ParameterSpec("min", .null), ParameterSpec("max", .null)], doc: "Each element limited to [min, max]."
            ) {
                tensor, arguments, _ in
                .tensor(tensor.clamp(min: try arguments.optionalFloat("min"), max: try arguments.optionalFloat("max")))
            },
            "matmul": Method([ParameterSpec("other")], doc: "The matrix product, as the @ operator.") {
                tensor, arguments, _ in
                .tensor(try tensor.matmul(try arguments.tensor("other")))
            },
            "any": Method(doc: "True if any element is non-zero.") { tensor, _, _ in
                .bool(tensor.scalars.contains { $0 != 0 })
            },
            "all": Method(doc: "True if every element is non-zero.") { tensor, _, _ in
                .bool(tensor.scalars.allSatisfy { $0 != 0 })
            },
            "numpy": Method(doc: "Not available: x.tolist() gives the values as lists.") { _, _, _ in
                throw ShellError(.runtime, "numpy(): Ember has no NumPy; x.tolist() gives the values as lists")
            },
            "norm": Method(doc: "The Euclidean norm of all elements.") { tensor, _, _ in
                .tensor(Tensor(Float(tensor.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())))
            },
        ])

    /// A shape as the shell shows it: a list of ints.
    static func shapeValue(_ shape: [Int]) -> Value {
        .object(SizeObject(shape))
    }

    /// The values of a tensor as nested lists of floats.
    static func nestedList(_ tensor: Tensor) -> Value {
        guard tensor.rank > 0 else { return .float(Double(tensor.scalars.first ?? 0)) }
        func build(_ axis: Int, _ offset: Int) -> Value {
            let stride = tensor.shape[(axis + 1)...].reduce(1, *)
            let items = (0..<tensor.shape[axis]).map { index -> Value in
                axis == tensor.rank - 1
                    ? .float(Double(tensor.scalars[offset + index])) : build(axis + 1, offset + index * stride)
            }
            return .list(ListStorage(items))
        }
        return build(0, 0)
    }
}
