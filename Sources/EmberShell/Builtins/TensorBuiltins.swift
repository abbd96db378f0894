// Built-ins that make and combine tensors, with PyTorch's names: `tensor`, `zeros`, `randn`,
// `arange`, `cat`, `stack`, and the element-wise functions. Random ones draw from the session's
// generator, so `seed(n)` fixes them.

import Ember

enum TensorBuiltins {
    /// A shape given as `zeros(2, 3)`, `zeros((2, 3))` or `zeros([2, 3])`.
    private static func sizeArguments(_ arguments: Arguments, _ name: String) throws -> [Int] {
        try variadicShape(arguments, name)
    }

    private static func elementwise(_ name: String, _ doc: String, _ body: @escaping (Tensor) -> Tensor) -> (
        String, Value
    ) {
        builtin(name, [ParameterSpec("input")], doc: doc) { arguments, _ in .tensor(body(try arguments.tensor("input")))
        }
    }

    static func make() -> [String: Value] {
        Dictionary(uniqueKeysWithValues: [
            builtin(
                "tensor", [ParameterSpec("data")],
                doc: "A tensor from a number or nested lists of numbers: tensor([[1, 2], [3, 4]])."
            ) {
                arguments, _ in .tensor(try tensorFromValue(arguments.value("data")))
            },
            builtin("zeros", variadic: "size", doc: "A tensor of zeros: zeros(2, 3).") { arguments, _ in
                .tensor(try Tensor.zeros(try sizeArguments(arguments, "zeros")))
            },
            builtin("ones", variadic: "size", doc: "A tensor of ones: ones(2, 3).") { arguments, _ in
                .tensor(try Tensor.ones(try sizeArguments(arguments, "ones")))
            },
            builtin(
                "full", [ParameterSpec("size"), ParameterSpec("fill_value")],
                doc: "A tensor of size filled with fill_value: full([2, 3], 7)."
            ) {
                arguments, _ in
                .tensor(try Tensor.full(try arguments.shape("size"), value: try arguments.float("fill_value")))
            },
            builtin(
                "arange", [ParameterSpec("start"), ParameterSpec("end", .null), ParameterSpec("step", .int(1))],
                doc: "Values from start (default 0) up to end, every step: arange(5), arange(0, 1, 0.25)."
            ) {
                arguments, _ in
                let (start, end) =
                    arguments.has("end")
                    ? (try arguments.float("start"), try arguments.float("end")) : (0, try arguments.float("start"))
                return .tensor(try Tensor.arange(start, end, step: try arguments.float("step")))
            },
            builtin(
                "linspace", [ParameterSpec("start"), ParameterSpec("end"), ParameterSpec("steps")],
                doc: "steps values evenly spaced from start to end inclusive."
            ) {
                arguments, _ in
                .tensor(
                    try Tensor.linspace(
                        try arguments.float("start"), try arguments.float("end"), count: try arguments.int("steps")))
            },
            builtin("rand", variadic: "size", doc: "Values drawn uniformly from [0, 1): rand(2, 3).") {
                arguments, context in
                .tensor(try Tensor.rand(try sizeArguments(arguments, "rand"), generator: context.generator))
            },
            builtin("randn", variadic: "size", doc: "Values drawn from the standard normal distribution: randn(4, 3).")
            { arguments, context in
                .tensor(try Tensor.randn(try sizeArguments(arguments, "randn"), generator: context.generator))
            },
            builtin(
                "randint", [ParameterSpec("low"), ParameterSpec("high"), ParameterSpec("size")],
                doc: "Integers drawn uniformly from low to high - 1: randint(0, 10, (8,))."
            ) {
                arguments, context in
                .tensor(
                    try Tensor.randint(
                        try arguments.int("low"), try arguments.int("high"), shape: try arguments.shape("size"),
                        generator: context.generator))
            },
            builtin(
                "eye", [ParameterSpec("n"), ParameterSpec("m", .null)],
                doc: "The identity matrix: ones on the diagonal of n rows and m columns (n unless given): eye(3)."
            ) { arguments, _ in
                .tensor(try Tensor.eye(try arguments.int("n"), try arguments.optionalInt("m")))
            },
            builtin("zeros_like", [ParameterSpec("input")], doc: "Zeros in the shape of input.") { arguments, _ in
                .tensor(Tensor.zeros(like: try arguments.tensor("input")))
            },
            builtin("ones_like", [ParameterSpec("input")], doc: "Ones in the shape of input.") { arguments, _ in
                .tensor(try Tensor.ones(try arguments.tensor("input").shape))
            },
            builtin("randn_like", [ParameterSpec("input")], doc: "Standard normal values in the shape of input.") {
                arguments, context in
                .tensor(try Tensor.randn(try arguments.tensor("input").shape, generator: context.generator))
            },
            builtin(
                "cat", [ParameterSpec("tensors"), ParameterSpec("dim", .int(0))],
                doc: "Tensors joined along dim: cat([a, b], dim=1)."
            ) {
                arguments, _ in
                .tensor(
                    try Tensor.concatenate(
                        try tensorList(arguments.value("tensors"), "cat"), axis: try arguments.int("dim")))
            },
            builtin(
                "stack", [ParameterSpec("tensors"), ParameterSpec("dim", .int(0))],
                doc: "Tensors of one shape stacked along a new axis dim."
            ) {
                arguments, _ in
                .tensor(
                    try Tensor.stack(
                        try tensorList(arguments.value("tensors"), "stack"), axis: try arguments.int("dim")))
            },
            builtin(
                "matmul", [ParameterSpec("input"), ParameterSpec("other")], doc: "The matrix product, as input @ other."
            ) { arguments, _ in
                .tensor(try arguments.tensor("input").matmul(try arguments.tensor("other")))
            },
            builtin("softmax", [ParameterSpec("input"), ParameterSpec("dim")], doc: "exp(x) / sum(exp(x)) along dim.") {
                arguments, _ in
                .tensor(try arguments.tensor("input").softmax(axis: try arguments.int("dim")))
            },
            builtin(
                "log_softmax", [ParameterSpec("input"), ParameterSpec("dim")],
                doc: "x - log(sum(exp(x))) along dim, computed stably."
            ) { arguments, _ in
                .tensor(try arguments.tensor("input").logSoftmax(axis: try arguments.int("dim")))
            },
            elementwise("exp", "e raised to each element.") { $0.exp() },
            elementwise("log", "The natural logarithm of each element.") { $0.log() },
            elementwise("sqrt", "The square root of each element.") { $0.sqrt() },
            elementwise("relu", "max(x, 0) for each element.") { $0.relu() },
            elementwise("sigmoid", "1 / (1 + exp(-x)) for each element.") { $0.sigmoid() },
            elementwise("tanh", "The hyperbolic tangent of each element.") { $0.tanh() },
        ])
    }

    /// The tensors of a list or tuple.
    static func tensorList(_ value: Value, _ function: String) throws -> [Tensor] {
        let items: [Value]
        switch value {
        case .list(let list): items = list.items
        case .tuple(let tuple): items = tuple
        default: throw ShellError(.type, "\(function)(): expected a list of tensors, not \(value.typeName)")
        }
        return try items.map { item in
            guard let tensor = item.tensorValue else {
                throw ShellError(.type, "\(function)(): expected a list of tensors, found \(item.typeName)")
            }
            return tensor
        }
    }
}

/// A tensor from a number, a tensor, or nested lists and tuples of numbers.
func tensorFromValue(_ value: Value) throws -> Tensor {
    if let tensor = value.tensorValue { return tensor }
    func nested(_ value: Value) throws -> NestedValues {
        switch value {
        case .list(let list): return .list(try list.items.map(nested))
        case .tuple(let items): return .list(try items.map(nested))
        case .tensor(let tensor) where tensor.count == 1: return .scalar(tensor.scalars[0])
        default:
            guard let number = value.number else {
                throw ShellError(.type, "tensor(): cannot make a tensor from \(value.typeName)")
            }
            return .scalar(Float(number))
        }
    }
    return try Tensor(nested: try nested(value))
}
