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
    /// The context of the last forward: softmax(output), as the gradient is (p − onehot) / N,
    /// and the class index of each row.
    private var saved: CrossEntropySaved?

    /// Makes the loss.
    public init() {}
    /// The printout: `CrossEntropyLoss()`.
    public var description: String { "CrossEntropyLoss()" }

    /// The loss averaged over the batch; keeps what backward needs (`crossEntropyForward`).
    public func forward(_ output: Tensor, _ target: Tensor) throws -> Float {
        let targets = try classIndices(self, output: output, target: target)
        let (value, saved) = try crossEntropyForward(output, targets: targets)
        self.saved = saved
        return value
    }

    /// dLoss/dOutput for the last forward.
    public func backward() throws -> Tensor {
        guard let saved else { throw EmberError.noForwardPass(operation: description) }
        return crossEntropyBackward(1, saved)
    }
}
