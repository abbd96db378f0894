// The negative log-likelihood of log-probabilities: −mean of x_i[t_i]. Its gradient is −1/N at
// each row's target and zero elsewhere.

/// The negative log-likelihood of class indices under log-probabilities, averaged over the
/// batch (PyTorch's `nn.NLLLoss`); put a `LogSoftmax` before it.
///
/// Output `[N, C]` of log-probabilities, target `[N]` with values in `0..<C`.
public final class NLLLoss: Loss {
    /// The output shape of the last forward, for the shape of the gradient.
    private var cachedShape: [Int]?
    /// The class index of each row in the last forward.
    private var cachedTargets: [Int] = []

    /// Makes the loss.
    public init() {}
    /// The printout: `NLLLoss()`.
    public var description: String { "NLLLoss()" }

    /// The loss averaged over the batch; keeps what backward needs.
    public func forward(_ output: Tensor, _ target: Tensor) throws -> Float {
        let targets = try classIndices(self, output: output, target: target)
        let c = output.shape[1]
        var total = 0.0
        output.withUnsafeBufferPointer { x in
            for (row, t) in targets.enumerated() { total -= Double(x[row * c + t]) }
        }
        cachedShape = output.shape
        cachedTargets = targets
        return Float(total / Double(targets.count))
    }

    /// dLoss/dOutput for the last forward.
    public func backward() throws -> Tensor {
        guard let shape = cachedShape else { throw EmberError.noForwardPass(operation: description) }
        var gradient = try Tensor.zeros(shape)
        let (n, c) = (shape[0], shape[1])
        gradient.withUnsafeMutableBufferPointer { g in
            for (row, t) in cachedTargets.enumerated() { g[row * c + t] = -1 / Float(n) }
        }
        return gradient
    }
}
