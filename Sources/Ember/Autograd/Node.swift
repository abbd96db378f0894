// A node of the tape: one op's backward, holding the op's saved context. The node keeps the
// gradient that arrives for the op's output until every consumer has sent its share; then the
// backward runs once and hands a gradient to each input that needs one.

/// The record of one op in the graph (PyTorch's `grad_fn`): its name, its inputs, and the
/// backward rule that uses the context the op's forward saved.
public final class Node {
    /// PyTorch's name for the node: `AddBackward0`, `ConvolutionBackward0` …
    public let name: String
    /// The op's inputs, in order; nil where an input needs no gradient.
    public private(set) var inputs: [Variable?]
    /// The shape of the op's output.
    public let outputShape: [Int]
    /// A short statement of the local rule, for `steps(loss)`: `dA = dOut · Bᵀ`.
    public let rule: String
    /// The backward, nil once a backward has run through it and freed the saved context.
    private var backwardBody: ((Tensor) throws -> Void)?
    /// The saved inputs and their versions when saved: an in-place change since is refused.
    private var savedVersions: [(variable: Variable, version: Int)]
    /// The gradient of the output summed so far in the current backward.
    public private(set) var pendingGradient: Tensor?
    /// The output variable, for `retain_grad()`; weak, since the variable owns the node.
    weak var output: Variable?

    /// A node that runs `backward` with the output's gradient, sending each input its gradient
    /// through `Variable.receive` or `Variable.accumulate`.
    init(
        name: String, inputs: [Variable?], outputShape: [Int], rule: String, saved: [Variable],
        backward: @escaping (Tensor) throws -> Void
    ) {
        self.name = name
        self.inputs = inputs
        self.outputShape = outputShape
        self.rule = rule
        self.savedVersions = saved.map { ($0, $0.version) }
        self.backwardBody = backward
    }

    /// The nodes this one sends gradients to.
    public var nextNodes: [Node] { inputs.compactMap { $0?.gradFn } }

    /// True once a backward has freed the saved context.
    public var isFreed: Bool { backwardBody == nil }

    /// Adds a share of the output's gradient.
    func receive(_ gradient: Tensor) throws {
        guard var pending = pendingGradient else {
            pendingGradient = gradient
            return
        }
        pendingGradient = nil
        try pending.addInPlace(gradient, operation: name)
        pendingGradient = pending
    }

    /// Adds into the pending gradient through `body`, starting from zeros of `shape`.
    func accumulate(shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        var pending: Tensor
        if let existing = pendingGradient {
            pending = existing
        } else {
            pending = (try? Tensor.zeros(shape)) ?? Tensor(0)
        }
        pendingGradient = nil
        pending.withUnsafeMutableBufferPointer(body)
        pendingGradient = pending
    }

    /// Runs the backward with the pending gradient (zeros when nothing arrived), then forgets
    /// the gradient and, unless `retainGraph`, the saved context.
    func run(retainGraph: Bool) throws {
        guard let body = backwardBody else { throw AutogradError.graphFreed(node: name) }
        for (variable, version) in savedVersions where variable.version != version {
            throw AutogradError.modifiedInPlace(
                node: name, shape: variable.shape, saved: version, now: variable.version)
        }
        let gradient = try pendingGradient ?? Tensor.zeros(outputShape)
        pendingGradient = nil
        output?.keepRetained(gradient)
        if !retainGraph { backwardBody = nil }
        try body(gradient)
    }

    /// Drops a gradient left by a backward that stopped on an error.
    func clearPending() { pendingGradient = nil }

    /// Hands over every reference this node holds to other values, leaving it empty.
    private func takeReferences() -> [Variable] {
        let taken = inputs.compactMap { $0 } + savedVersions.map(\.variable)
        inputs = []
        savedVersions = []
        backwardBody = nil
        return taken
    }

    // Freed without recursion: a chain of 100,000 ops would otherwise free one node inside the
    // other and overflow the native stack.
    deinit {
        var stack = takeReferences()
        while var variable = stack.popLast() {
            guard isKnownUniquelyReferenced(&variable), var node = variable.takeGradFn() else { continue }
            if isKnownUniquelyReferenced(&node) { stack.append(contentsOf: node.takeReferences()) }
        }
    }
}
