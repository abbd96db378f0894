// The fully connected op, y = x·Wᵀ + b, forward and backward side by side. Both passes are one
// product each over the whole batch (two in backward: one for dW, one for dX), done by the
// active backend. The `Linear` layer and the tape both call these two functions.

/// What the linear op's backward needs from its forward.
public struct LinearSaved {
    /// x: [rows, inFeatures] (leading axes flattened), for dW = dOutᵀ · x.
    public let input: Tensor
    /// W: [outFeatures, inFeatures], for dX = dOut · W.
    public let weight: Tensor
    /// Whether a bias was added, so that db is wanted.
    public let hasBias: Bool

    var inFeatures: Int { weight.shape[1] }
    var outFeatures: Int { weight.shape[0] }
    var rows: Int { input.count / Swift.max(inFeatures, 1) }
    /// The shape of y, and so of dOut.
    public var outputShape: [Int] { Array(input.shape.dropLast()) + [outFeatures] }
}

/// y = x · Wᵀ + b, one product over the batch; the caller has checked that x's last axis is
/// W's second.
public func linearForward(_ input: Tensor, weight: Tensor, bias: Tensor?) throws -> (Tensor, LinearSaved) {
    // x: [N, inFeatures] (leading axes flattened into N), W: [outFeatures, inFeatures]
    let saved = LinearSaved(input: input, weight: weight, hasBias: bias != nil)
    let output = try ActiveBackend.current.linear(input, weight: weight, bias: bias, saved: saved)
    return (output, saved)
}

/// dW += dOutᵀ · x and db += Σ dOut over the batch (into the accumulators given), and
/// dX = dOut · W when `inputGradient` is true.
public func linearBackward(
    _ gradOutput: Tensor, _ saved: LinearSaved, inputGradient: Bool,
    weightGradient: (any GradientAccumulator)?, biasGradient: (any GradientAccumulator)?
) throws -> Tensor? {
    // dOut: [N, outFeatures] → dX: x's shape
    try ActiveBackend.current.linearGradients(
        gradOutput, saved, inputGradient: inputGradient, weightGradient: weightGradient,
        biasGradient: biasGradient)
}
