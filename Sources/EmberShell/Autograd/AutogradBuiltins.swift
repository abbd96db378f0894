// The built-ins of automatic differentiation: `requires_grad=` on the tensor makers, the
// functional forms of `torch` and `torch.nn.functional` recorded on the tape, and the switches
// of recording (`set_grad_enabled`, `no_grad()`, `enable_grad()`). Each functional form computes
// through the library's `Variable` op, so it gives a plain tensor when no input is on the tape.

import Ember

enum AutogradBuiltins {
    /// The makers that take `requires_grad=`.
    private static let makers = [
        "tensor", "zeros", "ones", "full", "eye", "rand", "randn", "arange", "linspace", "zeros_like", "ones_like",
        "randn_like",
    ]

    /// The built-ins of this family, some wrapping the plain ones in `table`.
    static func make(wrapping table: [String: Value]) -> [String: Value] {
        var result: [String: Value] = [:]
        for name in makers {
            if case .function(let original) = table[name] { result[name] = withRequiresGrad(original) }
        }
        for (name, value) in switches { result[name] = value }
        result["graph"] = graph
        result[batchNorm.0] = batchNorm.1
        if case .function(let plain) = table["steps"] { result["steps"] = steps(wrapping: plain) }
        if case .function(let plain) = table["gradcheck"] { result["gradcheck"] = gradcheck(wrapping: plain) }
        for (name, value) in functional {
            guard case .function(let recording) = value else { continue }
            if case .function(let plain) = table[name] {
                result[name] = preferringPlain(plain, recording)
            } else {
                result[name] = value
            }
        }
        return result
    }

    /// `recording` when an argument is on the tape, else the plain built-in, unchanged, with
    /// its help text.
    private static func preferringPlain(_ plain: Callable, _ recording: Callable) -> Value {
        .function(
            Callable(plain.name, signature: plain.signature, doc: plain.doc) { arguments, context in
                let keywords = givenKeywords(plain, arguments)
                let onTape = keywords.contains { _, value in
                    switch value {
                    case .list(let list): return list.items.contains(where: isTapeValue)
                    case .tuple(let items): return items.contains(where: isTapeValue)
                    default: return isTapeValue(value)
                    }
                }
                return try (onTape ? recording : plain).call(arguments.rest, keywords: keywords, in: context)
            })
    }

    /// `original` with a `requires_grad` keyword that makes its result a leaf of the tape.
    private static func withRequiresGrad(_ original: Callable) -> Value {
        var signature = original.signature
        signature.parameters.append(ParameterSpec("requires_grad", .bool(false)))
        return .function(
            Callable(
                original.name, signature: signature, doc: original.doc + " requires_grad=True makes a leaf of the tape."
            ) {
                arguments, context in
                let made = try original.call(arguments.rest, keywords: givenKeywords(original, arguments), in: context)
                guard try arguments.bool("requires_grad") else { return made }
                guard let tensor = made.tensorValue else { return made }
                return .object(TapeTensorObject(Variable(tensor, requiresGrad: true)))
            })
    }

    private static func tape(_ arguments: Arguments, _ name: String) throws -> Variable {
        try tapeOperand(arguments.value(name))
    }

    private static func optionalTape(_ arguments: Arguments, _ name: String) throws -> Variable? {
        if case .none = arguments.value(name) { return nil }
        return try tape(arguments, name)
    }

    private static func unary(_ name: String, _ doc: String, _ body: @escaping (Variable) throws -> Variable) -> (
        String, Value
    ) {
        builtin(name, [ParameterSpec("input")], doc: doc) { arguments, _ in
            TapeTensorObject.wrap(try body(try tape(arguments, "input")))
        }
    }

    private static func tapeList(_ value: Value, _ function: String) throws -> [Variable] {
        switch value {
        case .list(let list): return try list.items.map(tapeOperand)
        case .tuple(let items): return try items.map(tapeOperand)
        default: throw ShellError(.type, "\(function)() expects a list of tensors, got \(value.typeName)")
        }
    }

    private static let pooling = [
        ParameterSpec("input"), ParameterSpec("kernel_size"), ParameterSpec("stride", .null),
        ParameterSpec("padding", .int(0)),
    ]

    private static let functional: [(String, Value)] = [
        unary("relu", "max(x, 0) for each element.") { try $0.relu() },
        unary("sigmoid", "1 / (1 + e⁻ˣ) for each element.") { try $0.sigmoid() },
        unary("tanh", "The hyperbolic tangent of each element.") { try $0.tanh() },
        unary("exp", "eˣ for each element.") { try $0.exp() },
        unary("log", "The natural logarithm of each element.") { try $0.log() },
        unary("sqrt", "The square root of each element.") { try $0.sqrt() },
        builtin("softmax", [ParameterSpec("input"), ParameterSpec("dim")], doc: "exp(x) / sum(exp(x)) along dim.") {
            arguments, _ in TapeTensorObject.wrap(try tape(arguments, "input").softmax(axis: try arguments.int("dim")))
        },
        builtin("log_softmax", [ParameterSpec("input"), ParameterSpec("dim")], doc: "log(softmax(x)) along dim.") {
            arguments, _ in
            TapeTensorObject.wrap(try tape(arguments, "input").logSoftmax(axis: try arguments.int("dim")))
        },
        builtin(
            "matmul", [ParameterSpec("input"), ParameterSpec("other")], doc: "The matrix product, as input @ other."
        ) {
            arguments, _ in TapeTensorObject.wrap(try tape(arguments, "input").matmul(try tape(arguments, "other")))
        },
        builtin("cat", [ParameterSpec("tensors"), ParameterSpec("dim", .int(0))], doc: "Tensors joined along dim.") {
            arguments, _ in
            TapeTensorObject.wrap(
                try Variable.cat(try tapeList(arguments.value("tensors"), "cat"), axis: try arguments.int("dim")))
        },
        builtin(
            "stack", [ParameterSpec("tensors"), ParameterSpec("dim", .int(0))],
            doc: "Tensors of one shape stacked along a new axis dim."
        ) { arguments, _ in
            TapeTensorObject.wrap(
                try Variable.stack(try tapeList(arguments.value("tensors"), "stack"), axis: try arguments.int("dim")))
        },
        builtin(
            "where", [ParameterSpec("condition"), ParameterSpec("input"), ParameterSpec("other")],
            doc: "input where condition is non-zero, other elsewhere."
        ) { arguments, _ in
            try TensorArithmetic.retyped(
                TapeTensorObject.wrap(
                    try Variable.where(
                        try arguments.tensor("condition"), try tape(arguments, "input"), try tape(arguments, "other"))),
                promotedFrom: [arguments.value("input"), arguments.value("other")])
        },
        builtin(
            "linear", [ParameterSpec("input"), ParameterSpec("weight"), ParameterSpec("bias", .null)],
            doc: "x · weightᵀ + bias, as nn.Linear computes."
        ) { arguments, _ in
            TapeTensorObject.wrap(
                try Variable.linear(
                    try tape(arguments, "input"), weight: try tape(arguments, "weight"),
                    bias: try optionalTape(arguments, "bias")))
        },
        builtin(
            "conv2d",
            [
                ParameterSpec("input"), ParameterSpec("weight"), ParameterSpec("bias", .null),
                ParameterSpec("stride", .int(1)), ParameterSpec("padding", .int(0)),
            ], doc: "The 2-D convolution of input [N, C, H, W] with weight [O, C, k, k], as nn.Conv2d computes."
        ) { arguments, _ in
            TapeTensorObject.wrap(
                try Variable.conv2d(
                    try tape(arguments, "input"), weight: try tape(arguments, "weight"),
                    bias: try optionalTape(arguments, "bias"), stride: try arguments.int("stride"),
                    padding: try arguments.int("padding")))
        },
        builtin("max_pool2d", pooling, doc: "The maximum of each kernel_size window (stride defaults to it).") {
            arguments, _ in
            TapeTensorObject.wrap(
                try tape(arguments, "input").maxPool2d(
                    kernelSize: try arguments.int("kernel_size"), stride: try arguments.optionalInt("stride"),
                    padding: try arguments.int("padding")))
        },
        builtin("avg_pool2d", pooling, doc: "The mean of each kernel_size window (stride defaults to it).") {
            arguments, _ in
            TapeTensorObject.wrap(
                try tape(arguments, "input").avgPool2d(
                    kernelSize: try arguments.int("kernel_size"), stride: try arguments.optionalInt("stride"),
                    padding: try arguments.int("padding")))
        },
        builtin(
            "dropout",
            [ParameterSpec("input"), ParameterSpec("p", .float(0.5)), ParameterSpec("training", .bool(true))],
            doc: "Each element zeroed with probability p in training, the others scaled by 1/(1 - p)."
        ) { arguments, context in
            TapeTensorObject.wrap(
                try tape(arguments, "input").dropout(
                    p: try arguments.float("p"), training: try arguments.bool("training"), generator: context.generator)
            )
        },
        builtin(
            "cross_entropy", [ParameterSpec("input"), ParameterSpec("target")],
            doc: "The cross-entropy of scores [N, C] against class indices [N], as nn.CrossEntropyLoss."
        ) { arguments, _ in
            TapeTensorObject.wrap(
                try Variable.crossEntropy(try tape(arguments, "input"), try arguments.tensor("target")))
        },
        builtin(
            "nll_loss", [ParameterSpec("input"), ParameterSpec("target")],
            doc: "The negative log-likelihood of log-probabilities [N, C] against class indices [N]."
        ) { arguments, _ in
            TapeTensorObject.wrap(try Variable.nllLoss(try tape(arguments, "input"), try arguments.tensor("target")))
        },
        builtin(
            "mse_loss", [ParameterSpec("input"), ParameterSpec("target")],
            doc: "The mean squared error between input and target."
        ) { arguments, _ in
            TapeTensorObject.wrap(try Variable.mseLoss(try tape(arguments, "input"), try arguments.tensor("target")))
        },
    ]

    private static let graph = builtin(
        "graph", [ParameterSpec("tensor")],
        doc: "The graph backward would walk from tensor: each op, its output shape and the edges to what it reads."
    ) { arguments, _ in
        .object(TextObject(GraphRendering.render(try tape(arguments, "tensor"))))
    }.1

    /// `steps(loss)` walks the tape; `steps(net, x, y, loss)` keeps walking the layers.
    private static func steps(wrapping plain: Callable) -> Value {
        var signature = plain.signature
        // The input may be left out for steps(loss); the plain form still asks for it.
        for index in signature.parameters.indices where signature.parameters[index].name == "input" {
            signature.parameters[index].optional = true
        }
        return .function(
            Callable(
                plain.name, signature: signature,
                doc: plain.doc
                    + " steps(loss), for a tensor with a grad_fn, walks the tape instead: each s.next() runs one node's backward and shows the gradient from above, the local rule and what each input now holds."
            ) { arguments, context in
                if isTapeValue(arguments.value("model")) {
                    return .object(try TapeStepperObject(try tape(arguments, "model")))
                }
                return try plain.call(arguments.rest, keywords: givenKeywords(plain, arguments), in: context)
            })
    }

    /// `gradcheck(f, inputs)` checks a function of tensors; `gradcheck(net, x, y, loss)` a model.
    private static func gradcheck(wrapping plain: Callable) -> Value {
        .function(
            Callable(
                plain.name, signature: plain.signature,
                doc: plain.doc
                    + " gradcheck(f, inputs), for a function of a tuple of tensors, compares the tape's gradients of f with finite differences, as torch.autograd.gradcheck."
            ) { arguments, context in
                guard case .function(let function) = arguments.value("model") else {
                    return try plain.call(arguments.rest, keywords: givenKeywords(plain, arguments), in: context)
                }
                let inputs: [Tensor]
                switch arguments.value("input") {
                case .tuple(let items): inputs = try items.map { try tensorOperand(for: $0) }
                case .list(let list): inputs = try list.items.map { try tensorOperand(for: $0) }
                default: inputs = [try tensorOperand(for: arguments.value("input"))]
                }
                var options = GradientCheckOptions()
                options.samplesPerTensor = max(1, try arguments.int("samples"))
                let report = try gradientCheck(
                    function: { variables in
                        try tapeOperand(
                            try function.call(
                                variables.map { TapeTensorObject.wrap($0) }, keywords: [], in: context))
                    }, inputs: inputs, options: options, generator: context.generator)
                return .object(TextObject(report.description))
            })
    }

    /// The keyword arguments the caller gave, to pass on to another callable of `plain`'s signature.
    private static func givenKeywords(_ plain: Callable, _ arguments: Arguments) -> [(String, Value)] {
        plain.signature.parameters.map(\.name).filter { arguments.wasGiven($0) }.map { ($0, arguments.value($0)) }
    }

    private static let switches: [(String, Value)] = [
        builtin("set_grad_enabled", [ParameterSpec("mode")], doc: "Turns recording for backward on or off.") {
            arguments, _ in
            GradMode.setEnabled(try arguments.bool("mode"))
            return .none
        },
        builtin("is_grad_enabled", doc: "Whether ops are recorded for backward.") { _, _ in
            .bool(GradMode.isEnabled)
        },
        builtin("no_grad", doc: "A context in which nothing is recorded for backward: with torch.no_grad(): …") {
            _, _ in .object(GradModeContext(enabled: false))
        },
        builtin("enable_grad", doc: "A context in which ops are recorded for backward again.") { _, _ in
            .object(GradModeContext(enabled: true))
        },
    ]
}

/// `torch.no_grad()` and `torch.enable_grad()`: on entering, recording is switched; on leaving,
/// it is put back as it was.
public final class GradModeContext: ContextManager {
    /// Whether recording is on inside the block.
    public let enabled: Bool
    private var previous: [Bool] = []

    /// `no_grad()` with `enabled` false, `enable_grad()` with true.
    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// `no_grad` or `enable_grad`.
    public var typeName: String { enabled ? "enable_grad" : "no_grad" }
    /// No attributes.
    public func attribute(_ name: String, in context: ShellContext) throws -> Value? { nil }
    /// No attributes.
    public var attributeNames: [String] { [] }
    /// PyTorch's printout of the object.
    public func render(in context: ShellContext) -> String { "<torch.autograd.grad_mode.\(typeName) object>" }

    /// Switches recording, remembering the mode it replaces.
    public func enter(in context: ShellContext) throws -> Value {
        previous.append(GradMode.isEnabled)
        GradMode.setEnabled(enabled)
        return .none
    }

    /// Puts the mode back as it was; never suppresses the block's error.
    public func exit(error: Error?, in context: ShellContext) throws -> Bool {
        GradMode.setEnabled(previous.popLast() ?? true)
        return false
    }
}

extension AutogradBuiltins {
    /// `F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)`:
    /// the running statistics in evaluation; the batch's in training (the running tensors, plain
    /// values here, are left as they are).
    static let batchNorm = builtin(
        "batch_norm",
        [
            ParameterSpec("input"), ParameterSpec("running_mean"), ParameterSpec("running_var"),
            ParameterSpec("weight", .null), ParameterSpec("bias", .null), ParameterSpec("training", .bool(false)),
            ParameterSpec("momentum", .float(0.1)), ParameterSpec("eps", .float(1e-5)),
        ],
        doc: "Each channel normalised with running_mean and running_var (the batch's own statistics when training), "
            + "then scaled by weight and shifted by bias, as nn.BatchNorm computes."
    ) { arguments, _ in
        let input = try tapeOperand(arguments.value("input"))
        guard input.value.rank >= 2 else {
            throw ShellError(.value, "batch_norm() expects an input [N, C, …], got shape \(formatShape(input.shape))")
        }
        let channels = input.shape[1]
        let weight = try optionalTapeOperand(arguments.value("weight")) ?? Variable(try Tensor.ones([channels]))
        let bias = try optionalTapeOperand(arguments.value("bias")) ?? Variable(try Tensor.zeros([channels]))
        let training = try arguments.bool("training")
        let (mean, variance) =
            training
            ? batchStatistics(input.value)
            : (try arguments.tensor("running_mean").scalars, try arguments.tensor("running_var").scalars)
        return TapeTensorObject.wrap(
            try Variable.batchNorm(
                input, weight: weight, bias: bias, mean: mean, variance: variance, eps: try arguments.float("eps"),
                usedBatchStatistics: training))
    }

    /// The tape value for an optional argument, nil for None.
    private static func optionalTapeOperand(_ value: Value) throws -> Variable? {
        if case .none = value { return nil }
        return try tapeOperand(value)
    }
}
