// The module paradigm: every layer has a forward pass, a backward pass that returns the gradient
// with respect to its input and adds into the gradients of its parameters, and a list of those
// parameters for an optimizer to step. Containers such as `Sequential` are modules too.

/// A learnable tensor together with the gradient accumulated for it.
///
/// Layers own their parameters; optimizers hold references to the same objects, so a step
/// changes the layer's weights in place.
public final class Parameter: @unchecked Sendable {
    /// The name within its layer, as in PyTorch's state dict (`weight`, `bias`).
    public let name: String
    /// The current values.
    public internal(set) var value: Tensor
    /// The gradient summed over every `backward` since the last `zeroGrad()`.
    public internal(set) var grad: Tensor
    /// Whether the tape records ops that read this parameter (PyTorch's `requires_grad`).
    public var requiresGrad = true
    /// Counts changes of the values, so that a tape node that saved them can refuse a backward
    /// after an optimizer step.
    public private(set) var version = 0

    /// Makes a parameter with a zero gradient of the value's shape.
    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.grad = Tensor.zeros(like: value)
    }

    /// Replaces the values, keeping the shape: throws when `newValue` has another shape.
    public func assign(_ newValue: Tensor) throws {
        guard newValue.shape == value.shape else {
            throw EmberError.shapeMismatch(
                operation: "parameter '\(name)'", expected: formatShape(value.shape),
                got: newValue.shape)
        }
        value = newValue
        version &+= 1
    }

    /// Replaces the gradient, keeping the shape: throws when `newGrad` has another shape.
    public func assignGrad(_ newGrad: Tensor) throws {
        guard newGrad.shape == value.shape else {
            throw EmberError.shapeMismatch(
                operation: "gradient of '\(name)'", expected: formatShape(value.shape),
                got: newGrad.shape)
        }
        grad = newGrad
    }

    /// Sets the gradient to zero in place.
    public func zeroGrad() {
        grad.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Adds `delta` (of the parameter's shape) into the gradient; layers call this in backward.
    public func accumulateGrad(_ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        grad.withUnsafeMutableBufferPointer(body)
    }

    /// Changes the values in place; optimizers call this in `step`.
    public func updateValue(_ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        value.withUnsafeMutableBufferPointer(body)
        version &+= 1
    }

    /// Adds `delta`, of the parameter's shape, into the gradient in place; the tape calls this.
    public func addGrad(_ delta: Tensor) throws {
        try grad.addInPlace(delta, operation: "gradient of '\(name)'")
    }
}

/// A tensor a layer keeps that is not learned, such as BatchNorm's running mean; it is saved
/// and loaded with the parameters.
public final class Buffer: @unchecked Sendable {
    /// The name within its layer (`running_mean`).
    public let name: String
    /// The current values.
    public internal(set) var value: Tensor

    /// Makes a buffer holding `value`.
    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
    }

    /// Replaces the values, keeping the shape: throws when `newValue` has another shape.
    public func assign(_ newValue: Tensor) throws {
        guard newValue.shape == value.shape else {
            throw EmberError.shapeMismatch(
                operation: "buffer '\(name)'", expected: formatShape(value.shape),
                got: newValue.shape)
        }
        value = newValue
    }

    /// Changes the values in place, as layers do with running statistics.
    public func updateInPlace(_ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        value.withUnsafeMutableBufferPointer(body)
    }
}

/// The last values that went through a module, kept so that they can be looked at: the input
/// and output of the last forward, the gradients into and out of the last backward.
public final class Trace: @unchecked Sendable {
    /// The input of the last forward.
    public var input: Tensor?
    /// The output of the last forward.
    public var output: Tensor?
    /// The gradient with respect to the output given to the last backward.
    public var gradOutput: Tensor?
    /// The gradient with respect to the input returned by the last backward.
    public var gradInput: Tensor?

    /// An empty trace.
    public init() {}

    /// Forgets everything recorded.
    public func clear() {
        input = nil
        output = nil
        gradOutput = nil
        gradInput = nil
    }
}

/// A layer or a container of layers: the unit of the tutorial's design.
///
/// `forward` computes the output and keeps what `backward` needs. `backward` takes the gradient
/// of the loss with respect to the output and returns the gradient with respect to the input;
/// it *adds* the gradients of the parameters into `Parameter.grad`, so they accumulate across
/// calls, as in PyTorch, until `zeroGrad()` clears them.
public protocol Module: AnyObject, CustomStringConvertible {
    /// Computes the output for `input` and keeps what `backward` needs.
    func forward(_ input: Tensor) throws -> Tensor
    /// Returns the gradient with respect to the last forward's input, given the gradient with
    /// respect to its output, and adds parameter gradients into `Parameter.grad`.
    func backward(_ gradOutput: Tensor) throws -> Tensor
    /// The module's own learnable tensors (not those of its children).
    var parameters: [Parameter] { get }
    /// The module's own saved, unlearned tensors (not those of its children).
    var buffers: [Buffer] { get }
    /// The modules inside this one, with the names their parameters are prefixed with.
    var children: [(name: String, module: any Module)] { get }
    /// True in training mode (the default), false in evaluation mode; dropout and batch
    /// normalisation behave differently in each.
    var isTraining: Bool { get set }
    /// The last values through the module, recorded by the container or shell that called it.
    var trace: Trace { get }
    /// The type name as PyTorch spells it (`Conv2d`).
    var typeName: String { get }
    /// The shape `forward` would return for an input of `inputShape`, or the error it would
    /// throw; nothing is computed.
    func outputShape(for inputShape: [Int]) throws -> [Int]
    /// Adds the parameter gradients as `backward` does, without computing the gradient with
    /// respect to the input, for a layer whose input needs none (the first layer of a model
    /// being trained, as PyTorch skips inputs that do not require a gradient).
    func backwardParameters(_ gradOutput: Tensor) throws
    /// Records the forward on the tape: the output's node calls the same backward op as
    /// `backward`, with its own saved context, so a layer used twice in one graph works.
    func forward(_ input: Variable) throws -> Variable
    /// Whether `forward(_: Variable)` can record this module (and every module inside it).
    var isRecordable: Bool { get }
}

extension Module {
    /// By default, a module learns nothing.
    public var parameters: [Parameter] { [] }
    /// By default, a module keeps no buffers.
    public var buffers: [Buffer] { [] }
    /// By default, a module has no children.
    public var children: [(name: String, module: any Module)] { [] }
    /// The Swift type name, which is PyTorch's name for every layer here.
    public var typeName: String { String(describing: type(of: self)) }
    /// Element-wise layers keep the shape.
    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
    /// By default, the full backward pass, its input gradient left unused.
    public func backwardParameters(_ gradOutput: Tensor) throws { _ = try backward(gradOutput) }

    /// Runs `forward` (so a module can be called like a function: `net(x)`).
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try forward(input)
    }

    /// Runs the recording `forward` (`net(x)` on a tape value).
    public func callAsFunction(_ input: Variable) throws -> Variable {
        try forward(input)
    }

    /// By default, a layer cannot be recorded on the tape.
    public var isRecordable: Bool { false }

    /// By default, a layer cannot be recorded on the tape.
    public func forward(_ input: Variable) throws -> Variable {
        throw EmberError.invalidArgument(
            function: description, message: "\(typeName) cannot be recorded for backward; use its explicit backward")
    }

    /// Every parameter of the module and its children, with PyTorch's state-dict names
    /// (`0.weight`, `3.bias`).
    public func namedParameters() -> [(name: String, parameter: Parameter)] {
        parameters.map { ($0.name, $0) }
            + children.flatMap { child in
                child.module.namedParameters().map { (child.name + "." + $0.name, $0.parameter) }
            }
    }

    /// Every buffer of the module and its children, with state-dict names.
    public func namedBuffers() -> [(name: String, buffer: Buffer)] {
        buffers.map { ($0.name, $0) }
            + children.flatMap { child in
                child.module.namedBuffers().map { (child.name + "." + $0.name, $0.buffer) }
            }
    }

    /// The module itself and every module inside it, depth first.
    public func descendants() -> [any Module] {
        [self] + children.flatMap { $0.module.descendants() }
    }

    /// Every parameter of the module and its children.
    public func allParameters() -> [Parameter] {
        namedParameters().map(\.parameter)
    }

    /// The number of learnable values, children included.
    public var parameterCount: Int {
        allParameters().reduce(0) { $0 + $1.value.count }
    }

    /// Sets every parameter gradient of the module and its children to zero.
    public func zeroGrad() {
        for parameter in allParameters() { parameter.zeroGrad() }
    }

    /// Switches the module and its children to training mode.
    public func train() { setTraining(true) }

    /// Switches the module and its children to evaluation mode.
    public func eval() { setTraining(false) }

    private func setTraining(_ training: Bool) {
        isTraining = training
        for child in children { training ? child.module.train() : child.module.eval() }
    }
}

/// The message of a layer that refuses an input shape: `Linear(320 → 120): expected input
/// [N, 320], got [64, 500]`.
public func inputShapeError(_ module: any Module, expected: String, got shape: [Int]) -> EmberError {
    EmberError.shapeMismatch(operation: module.description, expected: "input " + expected, got: shape)
}
