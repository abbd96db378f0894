// The methods of a tape value that record: PyTorch's names and arguments, each calling the
// library's `Variable` op, so that `y.backward()` reaches everything computed from `x`. Methods
// not listed here (`argmax`, `tolist` …) act on the values, as on a plain tensor.

import Ember

enum TapeTensorMethods {
    private typealias M = Method<Variable>

    private static func unary(_ doc: String, _ body: @escaping (Variable) throws -> Variable) -> M {
        M(doc: doc) { variable, _, _ in TapeTensorObject.wrap(try body(variable)) }
    }

    private static let dimensionParameters = [ParameterSpec("dim", .null), ParameterSpec("keepdim", .bool(false))]

    private static func reduction(_ doc: String, _ body: @escaping (Variable, Int?, Bool) throws -> Variable) -> M {
        M(dimensionParameters, doc: doc) { variable, arguments, _ in
            TapeTensorObject.wrap(
                try body(variable, try arguments.optionalInt("dim"), try arguments.bool("keepdim")))
        }
    }

    /// `max`/`min`: the value over everything, or (values, indices) along `dim`, as PyTorch.
    private static func extremum(_ largest: Bool) -> M {
        M(
            dimensionParameters,
            doc: largest
                ? "The largest value, or (values, indices) along dim."
                : "The smallest value, or (values, indices) along dim."
        ) {
            variable, arguments, _ in
            let keep = try arguments.bool("keepdim")
            let dim = try arguments.optionalInt("dim")
            let values =
                largest ? try variable.amax(axis: dim, keepDim: keep) : try variable.amin(axis: dim, keepDim: keep)
            guard let dim else { return TapeTensorObject.wrap(values) }
            let source = largest ? variable.value : -variable.value
            return ReturnTypeObject.valuesAndIndices(
                largest ? "max" : "min", TapeTensorObject.wrap(values),
                try .tensor(try source.argmax(axis: dim, keepDim: keep), dtype: .int64))
        }
    }

    static let table = MethodTable<Variable>(
        "Tensor",
        [
            "backward": M(
                [ParameterSpec("gradient", .null), ParameterSpec("retain_graph", .bool(false))],
                doc: "Computes the gradient of this value with respect to every leaf and adds it into their .grad."
            ) { variable, arguments, _ in
                let gradient: Tensor? =
                    if case .none = arguments.value("gradient") { nil } else { try arguments.tensor("gradient") }
                let retain = try arguments.bool("retain_graph")
                try asRuntimeError { try variable.backward(gradient, retainGraph: retain) }
                return .none
            },
            "requires_grad_": M(
                [ParameterSpec("requires_grad", .bool(true))], doc: "Turns gradient tracking on (or off) in place."
            ) { variable, arguments, _ in
                try variable.setRequiresGrad(try arguments.bool("requires_grad"))
                return .object(TapeTensorObject(variable))
            },
            "retain_grad": M(doc: "Keeps this result's .grad after backward, as a leaf's is kept.") { variable, _, _ in
                try variable.retainGrad()
                return .none
            },
            "detach": M(doc: "The same storage with no history: nothing flows back through it.") { variable, _, _ in
                .tensor(TensorRef(storage: VariableValueStorage(variable, access: .detached)))
            },
            "sum": reduction("The sum of all elements, or along dim.") { try $0.sum(axis: $1, keepDim: $2) },
            "mean": reduction("The mean of all elements, or along dim.") { try $0.mean(axis: $1, keepDim: $2) },
            "amax": reduction("The largest value, over everything or along dim.") {
                try $0.amax(axis: $1, keepDim: $2)
            },
            "amin": reduction("The smallest value, over everything or along dim.") {
                try $0.amin(axis: $1, keepDim: $2)
            },
            "max": extremum(true),
            "min": extremum(false),
            "exp": unary("eˣ for each element.") { try $0.exp() },
            "log": unary("The natural logarithm of each element.") { try $0.log() },
            "sqrt": unary("The square root of each element.") { try $0.sqrt() },
            "abs": unary("The absolute value of each element.") { try $0.abs() },
            "relu": unary("max(x, 0) for each element.") { try $0.relu() },
            "sigmoid": unary("1 / (1 + e⁻ˣ) for each element.") { try $0.sigmoid() },
            "tanh": unary("The hyperbolic tangent of each element.") { try $0.tanh() },
            "pow": M([ParameterSpec("exponent")], doc: "Each element raised to exponent.") { variable, arguments, _ in
                TapeTensorObject.wrap(try variable.pow(try arguments.float("exponent")))
            },
            "clamp": M(
                [ParameterSpec("min", .null), ParameterSpec("max", .null)], doc: "Each element limited to [min, max]."
            ) { variable, arguments, _ in
                TapeTensorObject.wrap(
                    try variable.clamp(min: try arguments.optionalFloat("min"), max: try arguments.optionalFloat("max"))
                )
            },
            "softmax": M([ParameterSpec("dim")], doc: "exp(x) / sum(exp(x)) along dim.") { variable, arguments, _ in
                TapeTensorObject.wrap(try variable.softmax(axis: try arguments.int("dim")))
            },
            "log_softmax": M([ParameterSpec("dim")], doc: "log(softmax(x)) along dim.") { variable, arguments, _ in
                TapeTensorObject.wrap(try variable.logSoftmax(axis: try arguments.int("dim")))
            },
            "reshape": M(variadic: "shape", doc: "The same values in another shape; one size may be -1.") {
                variable, arguments, _ in
                TapeTensorObject.wrap(try variable.reshape(try variadicShape(arguments, "reshape")))
            },
            "view": M(variadic: "shape", doc: "Same as reshape.") { variable, arguments, _ in
                TapeTensorObject.wrap(try variable.reshape(try variadicShape(arguments, "view")))
            },
            "flatten": M(
                [ParameterSpec("start_dim", .int(0)), ParameterSpec("end_dim", .int(-1))],
                doc: "Axes start_dim to end_dim merged into one."
            ) { variable, arguments, _ in
                TapeTensorObject.wrap(
                    try variable.flatten(
                        startAxis: try arguments.int("start_dim"), endAxis: try arguments.int("end_dim")))
            },
            "squeeze": M([ParameterSpec("dim", .null)], doc: "Axes of size 1 removed.") { variable, arguments, _ in
                TapeTensorObject.wrap(try variable.squeeze(try arguments.optionalInt("dim")))
            },
            "unsqueeze": M([ParameterSpec("dim")], doc: "A new axis of size 1 at dim.") { variable, arguments, _ in
                TapeTensorObject.wrap(try variable.unsqueeze(try arguments.int("dim")))
            },
            "transpose": M([ParameterSpec("dim0"), ParameterSpec("dim1")], doc: "Two axes swapped.") {
                variable, arguments, _ in
                TapeTensorObject.wrap(try variable.transpose(try arguments.int("dim0"), try arguments.int("dim1")))
            },
            "permute": M(variadic: "dims", doc: "The axes in a new order.") { variable, arguments, _ in
                TapeTensorObject.wrap(try variable.permute(try variadicShape(arguments, "permute")))
            },
            "matmul": M([ParameterSpec("other")], doc: "The matrix product.") { variable, arguments, _ in
                TapeTensorObject.wrap(try variable.matmul(try tapeOperand(arguments.value("other"))))
            },
        ])
}

/// The tape value a shell value stands for: a tape tensor, a parameter (a leaf), or a constant.
func tapeOperand(_ value: Value) throws -> Variable {
    switch value {
    case .object(let object as TapeTensorObject): return object.variable
    case .object(let object as ParameterObject): return object.parameter.variable
    default:
        if let tensor = value.tensorValue { return Variable(tensor) }
        if let number = value.number { return Variable(Tensor(Float(number))) }
        throw ShellError(.type, "expected a tensor or a number, got \(value.typeName)")
    }
}

/// True for a value that is on the tape (a tensor that requires grad or has a history).
func isTapeValue(_ value: Value) -> Bool {
    if case .object(let object as TapeTensorObject) = value { return object.variable.requiresGrad }
    return false
}

/// Runs `body`, turning a fault of backward into the shell's RuntimeError, as PyTorch raises it.
func asRuntimeError<R>(_ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let error as AutogradError {
        throw ShellError(.runtime, error.description)
    }
}
