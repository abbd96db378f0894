// The mean squared error: mean of (output − target)², with gradient 2(output − target) / count.

/// The mean of the squared differences between output and target (PyTorch's `nn.MSELoss`).
///
/// Output and target must have the same shape.
public final class MSELoss: Loss {
    /// output − target of the last forward: the gradient is 2 · difference / count.
    private var saved: MSESaved?

    /// Makes the loss.
    public init() {}
    /// The printout: `MSELoss()`.
    public var description: String { "MSELoss()" }

    /// The loss averaged over the batch; keeps what backward needs.
    public func forward(_ output: Tensor, _ target: Tensor) throws -> Float {
        guard output.shape == target.shape else {
            throw EmberError.shapeMismatch(
                operation: description, expected: "target " + formatShape(output.shape),
                got: target.shape)
        }
        guard output.count > 0 else {
            throw EmberError.invalidArgument(function: description, message: "the output is empty")
        }
        let (value, saved) = try mseForward(output, target: target)
        self.saved = saved
        return value
    }

    /// dLoss/dOutput for the last forward.
    public func backward() throws -> Tensor {
        guard let saved else { throw EmberError.noForwardPass(operation: description) }
        return mseBackward(1, saved)
    }
}
