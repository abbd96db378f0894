// How an op joins the tape: it computes its value with the op's forward, and, when recording is
// on and an input requires a gradient, leaves a node whose backward calls the op's backward
// with the saved context. The same two functions serve the layers' explicit passes.

/// An op's (value, context) pair, after handing the context to `keep`.
func kept<Saved>(_ pair: (Tensor, Saved), _ keep: (Saved) -> Void) -> (Tensor, Saved) {
    keep(pair.1)
    return pair
}

extension Variable {
    /// The result of an op on `inputs`: a node with `backward` when recording is on and an input
    /// requires a gradient, else a plain value. `backward` gets dOut and, for each input, the
    /// variable to send its gradient to (nil for an input that needs none); `saves` are the
    /// inputs whose values the backward reads, checked for in-place changes.
    static func recorded(
        _ name: String, rule: String, value: Tensor, inputs: [Variable], saves: [Variable] = [],
        backward: @escaping (Tensor, [Variable?]) throws -> Void
    ) -> Variable {
        let targets = inputs.map { $0.requiresGrad ? $0 : nil }
        guard GradMode.isEnabled, targets.contains(where: { $0 != nil }) else { return Variable(value) }
        let node = Node(
            name: name, inputs: targets, outputShape: value.shape, rule: rule, saved: saves
        ) { gradient in
            try backward(gradient, targets)
        }
        let result = Variable(value, node: node)
        node.output = result
        return result
    }

    /// An op of one input whose backward returns dX.
    static func unary<Saved>(
        _ name: String, rule: String, _ input: Variable, saves: Bool = true,
        forward: (Tensor) throws -> (Tensor, Saved), backward: @escaping (Tensor, Saved) throws -> Tensor
    ) throws -> Variable {
        let (value, saved) = try forward(input.value)
        return recorded(name, rule: rule, value: value, inputs: [input], saves: saves ? [input] : []) {
            gradient, targets in
            try targets[0]?.receive(try backward(gradient, saved))
        }
    }

    /// An op of two inputs whose backward returns (dA, dB).
    static func binary<Saved>(
        _ name: String, rule: String, _ lhs: Variable, _ rhs: Variable, saves: Bool = true,
        forward: (Tensor, Tensor) throws -> (Tensor, Saved),
        backward: @escaping (Tensor, Saved) throws -> (Tensor, Tensor)
    ) throws -> Variable {
        let (value, saved) = try forward(lhs.value, rhs.value)
        return recorded(name, rule: rule, value: value, inputs: [lhs, rhs], saves: saves ? [lhs, rhs] : []) {
            gradient, targets in
            let (dA, dB) = try backward(gradient, saved)
            try targets[0]?.receive(dA)
            try targets[1]?.receive(dB)
        }
    }

    /// A constant operand: a leaf that needs no gradient.
    static func constant(_ value: Float) -> Variable { Variable(Tensor(value)) }
}

extension Variable {
    /// A user-defined op on the tape (PyTorch's `autograd.Function`): `value` computed by the
    /// caller from `inputs`, and `backward` returning, from dOut, each input's gradient (nil
    /// for none). Its node is named `name`.
    public static func function(
        _ name: String, inputs: [Variable], value: Tensor, backward: @escaping (Tensor) throws -> [Tensor?]
    ) -> Variable {
        recorded(name, rule: "user-defined", value: value, inputs: inputs, saves: inputs) { gradient, targets in
            let gradients = try backward(gradient)
            for (target, piece) in zip(targets, gradients) {
                if let target, let piece { try target.receive(piece) }
            }
        }
    }
}
