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
                "tensor", [ParameterSpec("data"), dtypeParameter],
                doc:
                    "A tensor from a number or nested lists: tensor([[1, 2], [3, 4]]) holds int64, tensor([0.5]) float32."
            ) {
                arguments, _ in
                let data = arguments.value("data")
                return try typed(try tensorFromValue(data), arguments, inferred: inferredDType(of: data))
            },
            builtin("zeros", [dtypeParameter], variadic: "size", doc: "A tensor of zeros: zeros(2, 3).") {
                arguments, _ in
                try typed(try Tensor.zeros(try sizeArguments(arguments, "zeros")), arguments)
            },
            builtin("ones", [dtypeParameter], variadic: "size", doc: "A tensor of ones: ones(2, 3).") { arguments, _ in
                try typed(try Tensor.ones(try sizeArguments(arguments, "ones")), arguments)
            },
            builtin(
                "full", [ParameterSpec("size"), ParameterSpec("fill_value"), dtypeParameter],
                doc: "A tensor of size filled with fill_value: full([2, 3], 7) (int64, as the value is an int)."
            ) {
                arguments, _ in
                try typed(
                    try Tensor.full(try arguments.shape("size"), value: try arguments.float("fill_value")), arguments,
                    inferred: inferredDType(of: arguments.value("fill_value")))
            },
            builtin(
                "arange",
                [ParameterSpec("start"), ParameterSpec("end", .null), ParameterSpec("step", .int(1)), dtypeParameter],
                doc: "Values from start (default 0) up to end, every step: arange(5) (int64), arange(0, 1, 0.25)."
            ) {
                arguments, _ in
                let (start, end) =
                    arguments.has("end")
                    ? (try arguments.float("start"), try arguments.float("end")) : (0, try arguments.float("start"))
                let bounds = ["start", "end", "step"].map { arguments.value($0) }
                let whole = bounds.allSatisfy { if case .float = $0 { false } else { $0.tensorValue == nil } }
                return try typed(
                    try Tensor.arange(start, end, step: try arguments.float("step")), arguments,
                    inferred: whole ? .int64 : .float32)
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
                try .tensor(
                    try Tensor.randint(
                        try arguments.int("low"), try arguments.int("high"), shape: try arguments.shape("size"),
                        generator: context.generator), dtype: .int64, operation: "randint")
            },
            builtin(
                "eye", [ParameterSpec("n"), ParameterSpec("m", .null), dtypeParameter],
                doc: "The identity matrix: ones on the diagonal of n rows and m columns (n unless given): eye(3)."
            ) { arguments, _ in
                try typed(try Tensor.eye(try arguments.int("n"), try arguments.optionalInt("m")), arguments)
            },
            builtin(
                "zeros_like", [ParameterSpec("input"), dtypeParameter],
                doc: "Zeros in the shape (and of the type) of input."
            ) { arguments, _ in
                try typed(
                    Tensor.zeros(like: try arguments.tensor("input")), arguments,
                    inferred: arguments.value("input").dtype ?? .float32)
            },
            builtin(
                "ones_like", [ParameterSpec("input"), dtypeParameter],
                doc: "Ones in the shape (and of the type) of input."
            ) { arguments, _ in
                try typed(
                    try Tensor.ones(try arguments.tensor("input").shape), arguments,
                    inferred: arguments.value("input").dtype ?? .float32)
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
                try .tensor(
                    try Tensor.concatenate(
                        try tensorList(arguments.value("tensors"), "cat"), axis: try arguments.int("dim")),
                    dtype: try listDType(arguments.value("tensors")))
            },
            builtin(
                "stack", [ParameterSpec("tensors"), ParameterSpec("dim", .int(0))],
                doc: "Tensors of one shape stacked along a new axis dim."
            ) {
                arguments, _ in
                try .tensor(
                    try Tensor.stack(
                        try tensorList(arguments.value("tensors"), "stack"), axis: try arguments.int("dim")),
                    dtype: try listDType(arguments.value("tensors")))
            },
            builtin(
                "matmul", [ParameterSpec("input"), ParameterSpec("other")], doc: "The matrix product, as input @ other."
            ) { arguments, _ in
                try TensorArithmetic.binary("@", arguments.value("input"), arguments.value("other"))
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
            builtin("relu", [ParameterSpec("input")], doc: "max(x, 0) for each element.") { arguments, _ in
                try TensorArithmetic.retyped(
                    .tensor(try arguments.tensor("input").relu()), promotedFrom: [arguments.value("input")])
            },
            elementwise("sigmoid", "1 / (1 + exp(-x)) for each element.") { $0.sigmoid() },
            elementwise("tanh", "The hyperbolic tangent of each element.") { $0.tanh() },
        ])
    }

    /// The `dtype=` keyword of the tensor makers.
    private static let dtypeParameter = ParameterSpec("dtype", .null)

    /// `tensor` as a value of the type `dtype=` names, or else of `inferred`.
    private static func typed(_ tensor: Tensor, _ arguments: Arguments, inferred: DType = .float32) throws -> Value {
        let dtype = arguments.has("dtype") ? try DType.named(arguments.value("dtype"), "tensor") : inferred
        return try .tensor(tensor, dtype: dtype)
    }

    /// The type PyTorch gives a tensor made from `value`: bool when every number is a bool,
    /// int64 when every one is whole (an int or a bool), float32 as soon as one is a float.
    static func inferredDType(of value: Value) -> DType {
        var sawInt = false
        var sawFloat = false
        var pending = [value]
        var visited = 0
        while let item = pending.popLast(), visited < 10_000_000 {
            visited += 1
            switch item {
            case .list(let list): pending += list.items
            case .tuple(let items): pending += items
            case .int: sawInt = true
            case .bool: break
            case .tensor(let ref):
                if ref.dtype == .float32 { sawFloat = true } else if ref.dtype == .int64 { sawInt = true }
            default: sawFloat = true
            }
            if sawFloat { return .float32 }
        }
        if case .list(let list) = value, list.items.isEmpty { return .float32 }
        return sawInt ? .int64 : (isEmptyNest(value) ? .float32 : .bool)
    }

    private static func isEmptyNest(_ value: Value) -> Bool {
        switch value {
        case .list(let list): return list.items.allSatisfy(isEmptyNest)
        case .tuple(let items): return items.allSatisfy(isEmptyNest)
        default: return false
        }
    }

    /// The promoted type of the tensors of a list, for `cat` and `stack`.
    private static func listDType(_ value: Value) throws -> DType {
        let items: [Value]
        switch value {
        case .list(let list): items = list.items
        case .tuple(let tuple): items = tuple
        default: items = []
        }
        return items.compactMap(\.dtype).max() ?? .float32
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
        case .tensor(let ref) where ref.shape.reduce(1, *) == 1: return .scalar(ref.tensor.scalars[0])
        default:
            guard let number = value.number else {
                throw ShellError(.type, "tensor(): cannot make a tensor from \(value.typeName)")
            }
            return .scalar(Float(number))
        }
    }
    return try Tensor(nested: try nested(value))
}
