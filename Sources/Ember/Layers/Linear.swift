// The fully connected layer: its parameters and the calls of the linear op (Ops/LinearOp.swift),
// whose forward and backward are shared with the tape.

/// A fully connected layer: `y = x · weightᵀ + bias`.
///
/// - Parameters:
///   - inFeatures: the size of each input row.
///   - outFeatures: the size of each output row.
///   - bias: whether to add a learned bias (default true).
///
/// The weight has shape `[outFeatures, inFeatures]`, as in PyTorch, and both tensors start
/// uniform in ±1/√inFeatures. Input `[N, inFeatures]` (or any leading axes), output
/// `[N, outFeatures]`.
/// ```swift
/// let layer = Linear(320, 120)
/// let y = try layer(x)     // x: [64, 320] → y: [64, 120]
/// ```
public final class Linear: Module {
    /// Input width.
    public let inFeatures: Int
    /// Output width.
    public let outFeatures: Int
    /// `[outFeatures, inFeatures]`.
    public let weight: Parameter
    /// `[outFeatures]`, or nil without bias.
    public let bias: Parameter?
    /// Training mode (the default) or evaluation mode.
    public var isTraining = true
    /// The last values through the layer, recorded by its container or the shell.
    public let trace = Trace()
    /// The context of the last forward: its input, for dW = dOutᵀ · x in backward.
    var saved: LinearSaved?

    /// Makes the layer with PyTorch's default initialisation drawn from `generator`.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: Generator = .global)
        throws
    {
        guard inFeatures > 0, outFeatures > 0 else {
            throw EmberError.invalidArgument(
                function: "Linear",
                message: "features must be positive, got \(inFeatures) and \(outFeatures)")
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = Parameter(
            name: "weight",
            value: try Tensor.uniform([outFeatures, inFeatures], low: -bound, high: bound, generator: generator))
        self.bias =
            bias
            ? Parameter(
                name: "bias",
                value: try Tensor.uniform([outFeatures], low: -bound, high: bound, generator: generator))
            : nil
    }

    /// The weight and, if any, the bias.
    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }
    /// The printout: `Linear(320 → 120)`.
    public var description: String { "Linear(\(inFeatures) → \(outFeatures)\(bias == nil ? ", no bias" : ""))" }

    /// `[N, outFeatures]` for an input `[N, inFeatures]`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count >= 1, inputShape.last == inFeatures else {
            throw inputShapeError(self, expected: "[N, \(inFeatures)]", got: inputShape)
        }
        return Array(inputShape.dropLast()) + [outFeatures]
    }

    /// y = x · Wᵀ + b, one product over the batch (`linearForward`).
    public func forward(_ input: Tensor) throws -> Tensor {
        // x: [N, inFeatures] (leading axes flattened into N)
        _ = try outputShape(for: input.shape)
        let (output, saved) = try linearForward(input, weight: weight.value, bias: bias?.value)
        self.saved = saved
        return output
    }

    /// dW += dOutᵀ · x, db += Σ dOut over the batch, and dX = dOut · W (`linearBackward`).
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let saved = try checkedBackward(gradOutput)
        guard
            let dX = try linearBackward(
                gradOutput, saved, inputGradient: true, weightGradient: weight, biasGradient: bias)
        else { throw EmberError.noForwardPass(operation: description) }
        return dX
    }

    /// dW and db only: the first layer of a model being trained needs no dX.
    public func backwardParameters(_ gradOutput: Tensor) throws {
        let saved = try checkedBackward(gradOutput)
        _ = try linearBackward(gradOutput, saved, inputGradient: false, weightGradient: weight, biasGradient: bias)
    }

    /// The context of the last forward, after checking dOut against it.
    private func checkedBackward(_ gradOutput: Tensor) throws -> LinearSaved {
        guard let saved else { throw EmberError.noForwardPass(operation: description) }
        // dOut: [N, outFeatures]
        guard gradOutput.shape == saved.outputShape else {
            throw EmberError.shapeMismatch(
                operation: description, expected: "gradient " + formatShape(saved.outputShape),
                got: gradOutput.shape)
        }
        return saved
    }
}
