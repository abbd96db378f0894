// Cross-entropy over class scores, with the log-softmax folded in: the loss of row i is
// log Σ exp(x_i) − x_i[t_i], and its gradient is (softmax(x_i) − onehot(t_i)) / N.

/// The cross-entropy between raw class scores and class indices, averaged over the batch
/// (PyTorch's `nn.CrossEntropyLoss`).
///
/// Output `[N, C]` (scores, not probabilities), target `[N]` with values in `0..<C`.
/// ```swift
/// let loss = CrossEntropyLoss()
/// let value = try loss.forward(scores, labels)
/// let dScores = try loss.backward()
/// ```
public final class CrossEntropyLoss: Loss {
    /// softmax(output) of the last forward: the gradient is (p − onehot) / N.
    private var cachedProbabilities: Tensor?
    /// The class index of each row in the last forward.
    private var cachedTargets: [Int] = []

    /// Makes the loss.
    public init() {}
    /// The printout: `CrossEntropyLoss()`.
    public var description: String { "CrossEntropyLoss()" }

    /// The loss averaged over the batch; keeps what backward needs.
    public func forward(_ output: Tensor, _ target: Tensor) throws -> Float {
        let targets = try classIndices(self, output: output, target: target)
        let logProbabilities = try output.logSoftmax(axis: 1)
        let c = output.shape[1]
        var total = 0.0
        logProbabilities.withUnsafeBufferPointer { logp in
            for (row, t) in targets.enumerated() { total -= Double(logp[row * c + t]) }
        }
        cachedProbabilities = logProbabilities.exp()
        cachedTargets = targets
        return Float(total / Double(targets.count))
    }

    /// dLoss/dOutput for the last forward.
    public func backward() throws -> Tensor {
        guard var gradient = cachedProbabilities else {
            throw EmberError.noForwardPass(operation: description)
        }
        let (n, c) = (gradient.shape[0], gradient.shape[1])
        let scale = 1 / Float(n)
        gradient.withUnsafeMutableBufferPointer { g in
            for i in 0..<g.count { g[i] *= scale }
            for (row, t) in cachedTargets.enumerated() { g[row * c + t] -= scale }
        }
        return gradient
    }
}
