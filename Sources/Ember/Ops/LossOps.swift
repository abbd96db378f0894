// The losses as ops, forward and backward side by side: cross-entropy with the log-softmax
// folded in (its gradient is (softmax(x) − onehot(t)) / N), the negative log-likelihood (−1/N
// at each target), and the mean squared error (2(x − t) / count). Each backward takes dLoss,
// which is 1 on the explicit path, so that the tape can scale a loss used inside a larger sum.

/// What cross-entropy's backward needs: softmax of the scores and the target of each row.
public struct CrossEntropySaved {
    /// softmax(scores): [N, C].
    public let probabilities: Tensor
    /// The class index of each row.
    public let targets: [Int]
}

/// The cross-entropy of [N, C] scores against the class indices (checked by the caller),
/// averaged over the batch.
public func crossEntropyForward(_ scores: Tensor, targets: [Int]) throws -> (Float, CrossEntropySaved) {
    let (loss, probabilities) = try ActiveBackend.current.crossEntropy(scores, targets: targets)
    return (loss, CrossEntropySaved(probabilities: probabilities, targets: targets))
}

/// dScores = dLoss · (p − onehot(t)) / N.
public func crossEntropyBackward(_ gradLoss: Float, _ saved: CrossEntropySaved) -> Tensor {
    ActiveBackend.current.crossEntropyGradient(gradLoss, saved)
}

/// What the negative log-likelihood's backward needs: the input's shape and the targets.
public struct NLLSaved {
    /// [N, C].
    public let shape: [Int]
    /// The class index of each row.
    public let targets: [Int]
}

/// −mean of logProbabilities[i, t_i], for [N, C] log-probabilities and checked targets.
public func nllForward(_ logProbabilities: Tensor, targets: [Int]) -> (Float, NLLSaved) {
    let loss = ActiveBackend.current.nll(logProbabilities, targets: targets)
    return (loss, NLLSaved(shape: logProbabilities.shape, targets: targets))
}

/// dX = −dLoss / N at each row's target, zero elsewhere.
public func nllBackward(_ gradLoss: Float, _ saved: NLLSaved) throws -> Tensor {
    try ActiveBackend.current.nllGradient(gradLoss, saved)
}

/// What the mean squared error's backward needs: output − target.
public struct MSESaved {
    /// output − target.
    public let difference: Tensor
}

/// mean((output − target)²) for tensors of one shape (checked by the caller), not empty.
public func mseForward(_ output: Tensor, target: Tensor) throws -> (Float, MSESaved) {
    let difference = try output - target
    return (ActiveBackend.current.meanSquare(difference), MSESaved(difference: difference))
}

/// dOutput = dLoss · 2(output − target) / count; dTarget is its negation.
public func mseBackward(_ gradLoss: Float, _ saved: MSESaved) -> Tensor {
    saved.difference * (gradLoss * (2 / Float(saved.difference.count)))
}
