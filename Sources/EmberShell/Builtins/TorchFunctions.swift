// PyTorch's function forms of the tensor methods: `torch.sum(x, dim=1)`, `torch.flatten(x, 1)`,
// `torch.max(x, 1)` … Each is made from the tensor's method table, so an idea has one
// implementation and one help text, and a call looks the method up on its first argument as
// `x.sum` would: a parameter or a tensor on the tape answers with its own method, and
// `torch.sum(w * x)` keeps its grad_fn. Also the element-wise `torch.maximum`/`torch.minimum`,
// which `torch.max(a, b)` and `torch.min(a, b)` give for two tensors, as PyTorch overloads them.

import Ember

enum TorchFunctions {
    /// Tensor methods PyTorch has no `torch.` function of (`torch.float` is a dtype there).
    private static let methodsOnly: Set<String> = [
        "size", "dim", "item", "tolist", "view", "requires_grad_", "float", "numpy", "long", "int", "bool", "double",
        "to", "type", "contiguous", "repeat", "expand", "expand_as", "view_as", "new_zeros", "new_ones",
    ]

    /// The function form of every tensor method not in `existing`, and the element-wise
    /// extremes, for the `torch` namespace.
    static func make(_ interpreter: Interpreter, besides existing: [String: Value]) -> [String: Value] {
        var forms: [String: Value] = [:]
        for (name, method) in TensorMethods.table.methods
        where existing[name] == nil && !methodsOnly.contains(name) && !name.hasSuffix("_") {
            forms[name] = .function(form(name, method, interpreter))
        }
        for largest in [true, false] {
            let (reduction, elementwise) = largest ? ("max", "maximum") : ("min", "minimum")
            if let method = TensorMethods.table.methods[reduction] {
                forms[reduction] = .function(extremum(largest, method, interpreter))
            }
            forms[elementwise] = .function(extremes(largest))
        }
        return forms
    }

    /// The signature of the form of `method`: `input` first, then the method's parameters.
    private static func signature(of method: Method<TensorRef>) -> Signature {
        var signature = method.signature
        signature.parameters.insert(ParameterSpec("input"), at: 0)
        // `torch.reshape(x, 2, 3)`: the input is positional even before `*shape`.
        if signature.variadic != nil { signature.positionalBeforeVariadic = 1 }
        return signature
    }

    /// `torch.NAME(input, …)`: `input.NAME(…)`.
    private static func form(_ name: String, _ method: Method<TensorRef>, _ interpreter: Interpreter) -> Callable {
        Callable("torch." + name, signature: signature(of: method), doc: method.doc) {
            [unowned interpreter] arguments, context in
            try callMethod(name, of: method, with: arguments, interpreter, context)
        }
    }

    /// `torch.max`/`torch.min`: the reduction `input.max(dim)`, or the element-wise extreme of
    /// two tensors when the second argument is a tensor.
    private static func extremum(_ largest: Bool, _ method: Method<TensorRef>, _ interpreter: Interpreter) -> Callable {
        let name = largest ? "max" : "min"
        let doc =
            method.doc + " With two tensors, torch.\(name)(input, other) is torch.\(largest ? "maximum" : "minimum")."
        return Callable("torch." + name, signature: signature(of: method), doc: doc) {
            [unowned interpreter] arguments, context in
            let other = arguments.value("dim")
            guard other.tensorValue != nil else {
                return try callMethod(name, of: method, with: arguments, interpreter, context)
            }
            return try extreme(largest, try tensorArgument(arguments, "input", of: "torch." + name), other)
        }
    }

    /// `torch.maximum(input, other)` or `torch.minimum(input, other)`.
    private static func extremes(_ largest: Bool) -> Callable {
        let function = largest ? "torch.maximum" : "torch.minimum"
        return Callable(
            function, signature: Signature([ParameterSpec("input"), ParameterSpec("other")]),
            doc: "The \(largest ? "larger" : "smaller") of each pair of elements, with broadcasting; NaN wins."
        ) { arguments, _ in
            try extreme(
                largest, try tensorArgument(arguments, "input", of: function),
                try tensorArgument(arguments, "other", of: function))
        }
    }

    /// Calls `input.NAME` with the other arguments as they were given, so the receiver's own
    /// method runs, and names the function in what it reports.
    private static func callMethod(
        _ name: String, of method: Method<TensorRef>, with arguments: Arguments, _ interpreter: Interpreter,
        _ context: ShellContext
    ) throws -> Value {
        let function = "torch." + name
        let bound = try interpreter.attribute(of: try tensorArgument(arguments, "input", of: function), name)
        let keywords = method.signature.parameters.map(\.name).filter(arguments.wasGiven).map {
            ($0, arguments.value($0))
        }
        do {
            return try context.call(bound, arguments.rest, keywords: keywords)
        } catch var error as ShellError {
            // The method reports as `Tensor.sum()` or `sum()`; the user called `torch.sum()`.
            for prefix in ["Tensor.\(name)(", "\(name)("] where error.message.hasPrefix(prefix) {
                error.message = function + "(" + error.message.dropFirst(prefix.count)
                break
            }
            throw error
        }
    }

    /// The argument `name`, which must be a tensor (plain, a parameter or on the tape).
    private static func tensorArgument(_ arguments: Arguments, _ name: String, of function: String) throws -> Value {
        let value = arguments.value(name)
        guard value.tensorValue != nil else {
            throw ShellError(.type, "\(function)(): expected a tensor as \(name), got \(value.typeName)")
        }
        return value
    }

    /// The larger (or smaller) of each pair of elements of two tensors; recorded on the tape
    /// when either is on it.
    private static func extreme(_ largest: Bool, _ a: Value, _ b: Value) throws -> Value {
        guard isTapeValue(a) || isTapeValue(b) else {
            guard let lhs = a.tensorValue, let rhs = b.tensorValue else {
                throw ShellError(.type, "expected two tensors, got \(a.typeName) and \(b.typeName)")
            }
            return try TensorArithmetic.retyped(
                .tensor(largest ? try lhs.maximum(rhs) : try lhs.minimum(rhs)), promotedFrom: [a, b])
        }
        let (lhs, rhs) = (try tapeOperand(a), try tapeOperand(b))
        return TapeTensorObject.wrap(largest ? try lhs.maximum(rhs) : try lhs.minimum(rhs))
    }
}
