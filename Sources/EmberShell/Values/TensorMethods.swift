// The attributes and methods of tensors, with PyTorch's names, argument names and result types:
// `t.shape`, `t.sum(dim=1, keepdim=True)` (int64 for integers), `t.argmax(1)` (int64),
// `t.exp()` (float32), `t.max(1)` giving (values, indices) … The methods that give views are in
// TensorViews, the in-place ones and the conversions in TensorInPlace.

import Ember

enum TensorMethods {
    /// Attributes that are values rather than methods.
    static func property(_ ref: TensorRef, _ name: String) throws -> Value? {
        switch name {
        case "shape": return shapeValue(ref.shape)
        case "T": return .tensor(try ref.permuted(Array((0..<ref.shape.count).reversed()), operation: "T"))
        case "mT": return .tensor(try ref.transposed(-2, -1, operation: "mT"))
        case "ndim": return .int(ref.shape.count)
        case "dtype": return .object(DTypeObject.of(ref.dtype))
        case "device": return .string("cpu")
        case "grad", "grad_fn": return Value.none
        case "requires_grad": return .bool(false)
        case "is_leaf": return .bool(true)
        case "data": return .tensor(ref)
        default: return nil
        }
    }

    static let propertyNames = [
        "shape", "T", "mT", "ndim", "dtype", "device", "grad", "data", "requires_grad", "is_leaf", "grad_fn",
    ]

    /// The names `dir()` lists for a tensor.
    static var names: [String] { (propertyNames + table.names).sorted() }

    /// The method `name` of `ref`, or nil.
    static func bind(_ name: String, to ref: TensorRef) -> Value? {
        table.bind(name, to: ref)
    }

    /// The computing method `name`, for the in-place forms derived from it.
    static func computingMethod(_ name: String) -> Method<TensorRef>? { computing[name] }

    /// Every method: the computing ones here, views and in-place changes beside them.
    static let table = MethodTable<TensorRef>(
        "Tensor",
        computing.merging(TensorViews.methods) { a, _ in a }.merging(TensorInPlace.methods) { a, _ in a }
            .merging(TensorExtraMethods.methods) { a, _ in a })

    /// A method computing a float32 result from the values (`exp`, `sigmoid` …).
    private static func floating(_ doc: String, _ body: @escaping (Tensor) throws -> Tensor) -> Method<TensorRef> {
        Method(doc: doc) { ref, _, _ in .tensor(try body(ref.tensor)) }
    }

    /// A method whose result keeps the receiver's type (`abs`, `relu`).
    private static func typed(_ doc: String, _ body: @escaping (Tensor) throws -> Tensor) -> Method<TensorRef> {
        Method(doc: doc) { ref, _, _ in try .tensor(try body(ref.tensor), dtype: ref.dtype) }
    }

    private static let dimensionParameters = [ParameterSpec("dim", .null), ParameterSpec("keepdim", .bool(false))]

    /// A reduction over all elements or along `dim`, whose result is of type `result(receiver)`.
    private static func reduction(
        _ name: String, _ doc: String, result: @escaping (DType) throws -> DType,
        _ body: @escaping (Tensor, Int?, Bool) throws -> Tensor
    ) -> Method<TensorRef> {
        Method(dimensionParameters, doc: doc) { ref, arguments, _ in
            let values = try body(ref.tensor, try arguments.optionalInt("dim"), try arguments.bool("keepdim"))
            return try .tensor(values, dtype: try result(ref.dtype), operation: name)
        }
    }

    /// The type of a statistic that only floating-point values have, as PyTorch insists.
    private static func floatingOnly(_ name: String) -> (DType) throws -> DType {
        { dtype in
            guard dtype == .float32 else {
                throw ShellError(
                    .runtime,
                    "\(name)(): input dtype must be floating point, got \(dtype.name); use .float().\(name)()")
            }
            return .float32
        }
    }

    /// `max`/`min`: the value over everything, or (values, indices) along `dim`, as PyTorch.
    private static func extremum(_ largest: Bool) -> Method<TensorRef> {
        Method(
            dimensionParameters,
            doc: largest
                ? "The largest value, or (values, indices) along dim."
                : "The smallest value, or (values, indices) along dim."
        ) {
            ref, arguments, _ in
            let tensor = ref.tensor
            let keep = try arguments.bool("keepdim")
            guard let dim = try arguments.optionalInt("dim") else {
                return try .tensor(largest ? try tensor.max() : try tensor.min(), dtype: ref.dtype)
            }
            let values = largest ? try tensor.max(axis: dim, keepDim: keep) : try tensor.min(axis: dim, keepDim: keep)
            let indices =
                largest ? try tensor.argmax(axis: dim, keepDim: keep) : try (-tensor).argmax(axis: dim, keepDim: keep)
            return ReturnTypeObject.valuesAndIndices(
                largest ? "max" : "min", try .tensor(values, dtype: ref.dtype), try .tensor(indices, dtype: .int64))
        }
    }

    /// `add`, `mul` … : the operator, with `alpha` scaling the other side for add and sub.
    private static func arithmetic(_ op: String, _ doc: String) -> Method<TensorRef> {
        Method([ParameterSpec("other"), ParameterSpec("alpha", .int(1))], doc: doc) { ref, arguments, _ in
            try TensorArithmetic.binary(op, .tensor(ref), try scaledOperand(arguments))
        }
    }

    /// `other`, times `alpha` when one was given.
    static func scaledOperand(_ arguments: Arguments) throws -> Value {
        let other = arguments.value("other")
        guard arguments.wasGiven("alpha") else { return other }
        return try TensorArithmetic.binary("*", other, arguments.value("alpha"))
    }

    private static func comparison(_ op: String) -> Method<TensorRef> {
        Method([ParameterSpec("other")], doc: "x \(op) other, element-wise, as a bool tensor.") { ref, arguments, _ in
            try TensorArithmetic.compare(op, .tensor(ref), arguments.value("other"))
        }
    }

    private static let computing: [String: Method<TensorRef>] = [
        "size": Method([ParameterSpec("dim", .null)], doc: "The shape, or the size of one axis.") { ref, arguments, _ in
            guard let dim = try arguments.optionalInt("dim") else { return shapeValue(ref.shape) }
            return .int(ref.shape[try normalizeAxis(dim, rank: ref.shape.count, operation: "size")])
        },
        "dim": Method(doc: "The number of axes.") { ref, _, _ in .int(ref.shape.count) },
        "numel": Method(doc: "The number of elements.") { ref, _, _ in .int(ref.shape.reduce(1, *)) },
        "requires_grad_": Method(
            [ParameterSpec("requires_grad", .bool(true))],
            doc: "This tensor as a leaf of the tape: x = x.requires_grad_() (or randn(3, requires_grad=True))."
        ) { ref, arguments, _ in
            guard try arguments.bool("requires_grad") else { return .tensor(ref) }
            guard ref.dtype == .float32 else {
                throw ShellError(
                    .runtime, "only float32 tensors can require gradients, not \(ref.dtype.name); use .float() first")
            }
            return .object(TapeTensorObject(Variable(ref.tensor, requiresGrad: true)))
        },
        "item": Method(doc: "The value of a one-element tensor as a Python number.") { ref, _, _ in
            let value = try ref.tensor.item()
            switch ref.dtype {
            case .bool: return .bool(value != 0)
            case .int64: return .int(Int(value))
            case .float32: return .float(Double(value))
            }
        },
        "tolist": Method(doc: "The values as nested lists.") { ref, _, _ in nestedList(ref.tensor, ref.dtype) },
        "numpy": Method(doc: "Refused: Ember has no NumPy; tolist() gives the values as lists.") { _, _, _ in
            throw ShellError(.runtime, "numpy(): Ember has no NumPy; x.tolist() gives the values as lists")
        },
        "sum": reduction(
            "sum", "The sum of all elements, or along dim.", result: { $0 == .float32 ? .float32 : .int64 }
        ) {
            try $0.sum(axis: $1, keepDim: $2)
        },
        "mean": reduction("mean", "The mean of all elements, or along dim.", result: floatingOnly("mean")) {
            try $0.mean(axis: $1, keepDim: $2)
        },
        "argmax": reduction("argmax", "The index of the largest element, or along dim.", result: { _ in .int64 }) {
            try $0.argmax(axis: $1, keepDim: $2)
        },
        "argmin": reduction("argmin", "The index of the smallest element, or along dim.", result: { _ in .int64 }) {
            try (-$0).argmax(axis: $1, keepDim: $2)
        },
        "max": extremum(true),
        "min": extremum(false),
        "std": Method(
            dimensionParameters + [ParameterSpec("unbiased", .bool(true))],
            doc: "The standard deviation (divided by n − 1 unless unbiased=False)."
        ) {
            ref, arguments, _ in
            _ = try floatingOnly("std")(ref.dtype)
            return .tensor(
                try ref.tensor.std(
                    axis: try arguments.optionalInt("dim"), keepDim: try arguments.bool("keepdim"),
                    unbiased: try arguments.bool("unbiased")))
        },
        "var": Method(
            dimensionParameters + [ParameterSpec("unbiased", .bool(true))],
            doc: "The variance (divided by n − 1 unless unbiased=False)."
        ) {
            ref, arguments, _ in
            _ = try floatingOnly("var")(ref.dtype)
            return .tensor(
                try ref.tensor.variance(
                    axis: try arguments.optionalInt("dim"), keepDim: try arguments.bool("keepdim"),
                    unbiased: try arguments.bool("unbiased")))
        },
        "abs": typed("The absolute value of each element.") { $0.abs() },
        "relu": typed("max(x, 0) for each element.") { $0.relu() },
        "neg": Method(doc: "-x for each element.") { ref, _, _ in
            guard ref.dtype != .bool else { throw ShellError(.runtime, "negation of a bool tensor; use ~x") }
            return try .tensor(-ref.tensor, dtype: ref.dtype)
        },
        "exp": floating("e raised to each element.") { $0.exp() },
        "log": floating("The natural logarithm of each element.") { $0.log() },
        "sqrt": floating("The square root of each element.") { $0.sqrt() },
        "sigmoid": floating("1 / (1 + exp(-x)) for each element.") { $0.sigmoid() },
        "tanh": floating("The hyperbolic tangent of each element.") { $0.tanh() },
        "softmax": Method([ParameterSpec("dim")], doc: "exp(x) / sum(exp(x)) along dim.") { ref, arguments, _ in
            .tensor(try ref.tensor.softmax(axis: try arguments.int("dim")))
        },
        "log_softmax": Method([ParameterSpec("dim")], doc: "x - log(sum(exp(x))) along dim, computed stably.") {
            ref, arguments, _ in
            .tensor(try ref.tensor.logSoftmax(axis: try arguments.int("dim")))
        },
        "pow": Method([ParameterSpec("exponent")], doc: "Each element raised to exponent.") { ref, arguments, _ in
            try TensorArithmetic.binary("**", .tensor(ref), arguments.value("exponent"))
        },
        "clamp": Method(
            [ParameterSpec("min", .null), ParameterSpec("max", .null)], doc: "Each element limited to [min, max]."
        ) {
            ref, arguments, _ in
            try clamped(ref, arguments)
        },
        "matmul": Method([ParameterSpec("other")], doc: "The matrix product, as the @ operator.") {
            ref, arguments, _ in
            try TensorArithmetic.binary("@", .tensor(ref), arguments.value("other"))
        },
        "add": arithmetic("+", "x + alpha × other, element-wise."),
        "sub": arithmetic("-", "x − alpha × other, element-wise."),
        "mul": arithmetic("*", "x × other, element-wise."),
        "div": arithmetic("/", "x / other, element-wise."),
        "eq": comparison("=="), "ne": comparison("!="), "lt": comparison("<"),
        "le": comparison("<="), "gt": comparison(">"), "ge": comparison(">="),
        "any": Method(doc: "True if any element is non-zero, as a bool tensor.") { ref, _, _ in
            .tensor(TensorRef(Tensor(ref.tensor.scalars.contains { $0 != 0 } ? 1 : 0), dtype: .bool))
        },
        "all": Method(doc: "True if every element is non-zero, as a bool tensor.") { ref, _, _ in
            .tensor(TensorRef(Tensor(ref.tensor.scalars.allSatisfy { $0 != 0 } ? 1 : 0), dtype: .bool))
        },
        "norm": Method(doc: "The Euclidean norm of all elements.") { ref, _, _ in
            .tensor(Tensor(Float(ref.tensor.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())))
        },
    ]

    /// `clamp(min, max)`: int64 stays int64 with whole bounds, as in PyTorch.
    static func clamped(_ ref: TensorRef, _ arguments: Arguments) throws -> Value {
        let low = try arguments.optionalFloat("min")
        let high = try arguments.optionalFloat("max")
        guard low != nil || high != nil else {
            throw ShellError(.runtime, "clamp(): at least one of min and max must be given")
        }
        let whole = [arguments.value("min"), arguments.value("max")].allSatisfy {
            if case .float = $0 { return false }
            return true
        }
        let dtype: DType = ref.dtype == .float32 || !whole ? .float32 : .int64
        return try .tensor(ref.tensor.clamp(min: low, max: high), dtype: dtype, operation: "clamp")
    }

    /// A shape as the shell shows it: `torch.Size([2, 3])`.
    static func shapeValue(_ shape: [Int]) -> Value {
        .object(SizeObject(shape))
    }

    /// The values of a tensor as nested lists of Python numbers of its type.
    static func nestedList(_ tensor: Tensor, _ dtype: DType = .float32) -> Value {
        func scalar(_ value: Float) -> Value {
            switch dtype {
            case .bool: .bool(value != 0)
            case .int64: .int(Int(value))
            case .float32: .float(Double(value))
            }
        }
        guard tensor.rank > 0 else { return scalar(tensor.scalars.first ?? 0) }
        func build(_ axis: Int, _ offset: Int) -> Value {
            let stride = tensor.shape[(axis + 1)...].reduce(1, *)
            let items = (0..<tensor.shape[axis]).map { index -> Value in
                axis == tensor.rank - 1
                    ? scalar(tensor.scalars[offset + index]) : build(axis + 1, offset + index * stride)
            }
            return .list(ListStorage(items))
        }
        return build(0, 0)
    }
}
