// The value the tape records: a tensor with the gradient machinery around it. A plain `Tensor`
// stays a copy-on-write value with no bookkeeping; a `Variable` is a reference, as PyTorch's
// tensors are, because the graph's nodes point back at the values they read.

/// A tensor that takes part in automatic differentiation (PyTorch's tensor with
/// `requires_grad`).
///
/// A leaf is made by the user (or stands for a layer's `Parameter`) and keeps its gradient in
/// `grad`; a non-leaf is the result of an op and points at the `Node` that made it.
/// ```swift
/// let x = Variable(try Tensor.randn([3]), requiresGrad: true)
/// let y = try (x * x + x * 2).sum()
/// try y.backward()
/// x.grad   // 2x + 2
/// ```
public final class Variable {
    /// The values, unless the variable stands for a parameter (then the parameter's value).
    private var ownValue: Tensor
    /// The layer parameter this leaf stands for, whose `grad` receives the gradient.
    public let parameter: Parameter?
    /// The op that made this value, or nil for a leaf.
    public private(set) var gradFn: Node?
    /// Whether gradients flow to this value.
    public private(set) var requiresGrad: Bool
    /// For a non-leaf, whether `backward` keeps its gradient in `grad` (`retain_grad()`).
    public private(set) var retainsGrad = false
    /// The gradient of a leaf (or a non-leaf that retains it); nil until a backward reaches it.
    private var ownGrad: Tensor?
    /// Counts in-place changes, so that a backward can refuse a tensor changed since it was saved.
    private var ownVersion = 0

    /// A leaf holding `value`.
    public init(_ value: Tensor, requiresGrad: Bool = false) {
        self.ownValue = value
        self.parameter = nil
        self.gradFn = nil
        self.requiresGrad = requiresGrad
    }

    /// The leaf standing for a layer's parameter: its gradient is the parameter's.
    public init(parameter: Parameter) {
        self.ownValue = Tensor(0)
        self.parameter = parameter
        self.gradFn = nil
        self.requiresGrad = parameter.requiresGrad
    }

    /// The result of `node`; it requires a gradient because one of the node's inputs does.
    init(_ value: Tensor, node: Node) {
        self.ownValue = value
        self.parameter = nil
        self.gradFn = node
        self.requiresGrad = true
    }

    /// The values.
    public var value: Tensor { parameter?.value ?? ownValue }
    /// The shape of the values.
    public var shape: [Int] { value.shape }
    /// True for a value the user made, rather than an op's result.
    public var isLeaf: Bool { gradFn == nil }
    /// The number of in-place changes so far.
    public var version: Int { parameter?.version ?? ownVersion }

    /// The gradient accumulated by `backward` (the parameter's for a parameter leaf).
    public var grad: Tensor? {
        get { parameter.map { $0.grad } ?? ownGrad }
        set {
            if let parameter {
                if let newValue { try? parameter.assignGrad(newValue) } else { parameter.zeroGrad() }
            } else {
                ownGrad = newValue
            }
        }
    }

    /// Turns gradient tracking on or off for a leaf (`requires_grad_()`).
    public func setRequiresGrad(_ flag: Bool) throws {
        guard isLeaf else {
            throw EmberError.invalidArgument(
                function: "requires_grad_",
                message: "only a leaf's requires_grad can be changed; use detach() for a result")
        }
        requiresGrad = flag
        parameter?.requiresGrad = flag
    }

    /// Keeps this non-leaf's gradient in `grad` after `backward`, as a leaf's is kept.
    public func retainGrad() throws {
        guard requiresGrad else {
            throw EmberError.invalidArgument(
                function: "retain_grad", message: "a tensor that does not require grad cannot retain it")
        }
        if !isLeaf { retainsGrad = true }
    }

    /// A new leaf with the same values and no history (`detach()`).
    public func detach() -> Variable { Variable(value) }

    /// Changes the values in place without the leaf check: uncounted, as PyTorch's `x.data`
    /// writes are (updates made by hand, an optimizer step), or `counting`, as writes through
    /// `x.detach()` are, so that a node that saved the values still refuses its backward.
    public func modifyData(counting: Bool = false, _ body: (inout Tensor) throws -> Void) throws {
        try writeValues(body)
        if counting && parameter == nil { ownVersion &+= 1 }
    }

    /// Changes the values in place, counting the change: a node that saved this value refuses
    /// to run its backward afterwards.
    public func modifyInPlace(_ body: (inout Tensor) throws -> Void) throws {
        if isLeaf && requiresGrad && GradMode.isEnabled {
            throw EmberError.invalidArgument(
                function: "in-place operation",
                message: "a leaf that requires grad cannot be changed in place; use torch.no_grad() or detach()")
        }
        try writeValues(body)
        // A parameter counts its own changes when it is assigned.
        if parameter == nil { ownVersion &+= 1 }
    }

    /// Runs `body` on the values where they live: the parameter's, or this value's own.
    private func writeValues(_ body: (inout Tensor) throws -> Void) throws {
        if let parameter {
            var copy = parameter.value
            try body(&copy)
            try parameter.assign(copy)
        } else {
            try body(&ownValue)
        }
    }

    /// Adds `gradient` into this value's gradient slot: a leaf's `grad`, or the pending gradient
    /// of the node that made it.
    func receive(_ gradient: Tensor) throws {
        guard gradient.shape == shape else {
            throw EmberError.shapeMismatch(
                operation: "backward", expected: "gradient " + formatShape(shape), got: gradient.shape)
        }
        if let gradFn {
            try gradFn.receive(gradient)
        } else if let parameter {
            try parameter.addGrad(gradient)
        } else if var existing = ownGrad {
            ownGrad = nil  // unique, so the sum is made in place
            try existing.addInPlace(gradient, operation: "gradient accumulation")
            ownGrad = existing
        } else {
            ownGrad = gradient
        }
    }

    /// Adds in place through `body` to the gradient slot, which starts at zero: the products of
    /// a layer's backward add straight into its parameters' gradients, as the explicit path does.
    public func accumulate(_ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        if let gradFn {
            gradFn.accumulate(shape: value.shape, body)
        } else if let parameter {
            parameter.accumulateGrad(body)
        } else {
            var existing = ownGrad ?? Tensor.zeros(like: value)
            ownGrad = nil
            existing.withUnsafeMutableBufferPointer(body)
            ownGrad = existing
        }
    }

    /// Detaches the node from a value being freed, so that the node can be freed without recursion.
    func takeGradFn() -> Node? {
        defer { gradFn = nil }
        return gradFn
    }

    /// Stores a copy of a non-leaf's gradient when it retains it.
    func keepRetained(_ gradient: Tensor) {
        guard retainsGrad else { return }
        ownGrad = gradient
    }
}
