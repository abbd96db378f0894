// The negative log-likelihood of log-probabilities: −mean of x_i[t_i]. Its gradient is −1/N at
// each row's target and zero elsewhere.

/// The negative log-likelihood of class indices under log-probabilities, averaged over the
/// batch (PyTorch's `nn.NLLLoss`); put a `LogSoftmax` before it.
///
/// Output `[N, C]` of log-probabilities, target `[N]` with values in `0..<C`.
public final class NLLLoss: Loss {
    /// The context of the last forward: the input's shape and the class index of each row.
    private var saved: NLLSaved?

    /// Makes the loss.
    public init() {}
    /// The printout: `NLLLoss()`.
    public var description: String { "NLLLoss()" }

    /// The loss averaged over the batch; keeps what backward needs.
    public func forward(_ output: Tensor, _ target: Tensor) throws -> Float {
        let targets = try classIndices(self, output: output, target: target)
        let (value, saved) = nllForward(output, targets: targets)
        self.saved = saved
        return value
    }

    /// dLoss/dOutput for the last forward.
    public func backward() throws -> Tensor {
        guard let saved else { throw EmberError.noForwardPass(operation: description) }
        return try nllBackward(1, saved)
    }
}
