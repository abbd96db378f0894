// Batch normalisation as an op, forward and backward side by side, the arithmetic done by the
// active backend. The forward normalises each
// channel with the statistics it is given (the batch's in training, running estimates in
// evaluation) and saves x̂ and 1/σ; the backward gives dγ = Σ dOut · x̂, dβ = Σ dOut and dX,
// with the batch terms only when the batch's own statistics were used.

/// What batch normalisation's backward needs from its forward.
public struct BatchNormSaved {
    /// x̂ = (x − μ) / σ, in the input's shape [N, C, …].
    public let normalized: Tensor
    /// 1/σ per channel.
    public let inverseStd: [Float]
    /// γ per channel, for dX = γ/σ · (…).
    public let weight: Tensor
    /// Whether μ and σ were the batch's own (then dX has the batch terms).
    public let usedBatchStatistics: Bool
}

/// The (mean, biased variance) of each channel of x: [N, C, …], summed in Double.
public func batchStatistics(_ input: Tensor) -> (mean: [Float], variance: [Float]) {
    ActiveBackend.current.batchStatistics(input)
}

/// y = γ · (x − μ) / √(σ² + eps) + β per channel of x: [N, C, …], with the given statistics.
public func batchNormForward(
    _ input: Tensor, weight: Tensor, bias: Tensor, mean: [Float], variance: [Float], eps: Float,
    usedBatchStatistics: Bool
) throws -> (Tensor, BatchNormSaved) {
    // x: [N, C] or [N, C, L] or [N, C, H, W], read as [N, C, S]
    let inverseStd = variance.map { 1 / ($0 + eps).squareRoot() }
    let (normalized, output) = try ActiveBackend.current.batchNorm(
        input, weight: weight, bias: bias, mean: mean, inverseStd: inverseStd)
    let saved = BatchNormSaved(
        normalized: normalized, inverseStd: inverseStd, weight: weight, usedBatchStatistics: usedBatchStatistics)
    return (output, saved)
}

/// dγ += Σ dOut · x̂ and dβ += Σ dOut per channel (into the accumulators given), and dX.
public func batchNormBackward(
    _ gradOutput: Tensor, _ saved: BatchNormSaved, weightGradient: (any GradientAccumulator)?,
    biasGradient: (any GradientAccumulator)?
) throws -> Tensor {
    // dOut: x's shape [N, C, …]
    try ActiveBackend.current.batchNormGradients(
        gradOutput, saved, weightGradient: weightGradient, biasGradient: biasGradient)
}
