// Softmax and log-softmax as layers. Both keep their output: the gradient of each is a function
// of it alone (and of dOut), so the input need not be kept.

/// The axis PyTorch picks when none is given: 0 for ranks 0, 1 and 3, otherwise 1.
private func implicitAxis(rank: Int) -> Int {
    rank == 0 || rank == 1 || rank == 3 ? 0 : 1
}

/// `exp(x) / Σ exp(x)` along an axis: turns scores into probabilities.
///
/// - Parameter dim: the axis that sums to 1 (default: PyTorch's implicit choice, the class
///   axis 1 for `[N, C]` input).
public final class Softmax: Module {
    public let dim: Int?
    public var isTraining = true
    public let trace = Trace()
    /// The output of the last forward: dX = y ⊙ (dOut − Σ dOut ⊙ y).
    private var cachedOutput: Tensor?
    private var cachedAxis = 0

    /// Makes the layer.
    public init(dim: Int? = nil) {
        self.dim = dim
    }
    public var description: String { dim.map { "Softmax(dim \($0))" } ?? "Softmax()" }

    public func forward(_ input: Tensor) throws -> Tensor {
        cachedAxis = dim ?? implicitAxis(rank: input.rank)
        let output = try input.softmax(axis: cachedAxis)
        cachedOutput = output
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard let output = cachedOutput else { throw EmberError.noForwardPass(operation: description) }
        return try output.softmaxBackward(gradOutput: gradOutput, axis: cachedAxis)
    }
}

/// `x − log Σ exp(x)` along an axis, computed stably; pairs with `NLLLoss`.
///
/// - Parameter dim: the axis normalised over (default as for `Softmax`).
public final class LogSoftmax: Module {
    public let dim: Int?
    public var isTraining = true
    public let trace = Trace()
    /// The output of the last forward: dX = dOut − exp(y) · Σ dOut.
    private var cachedOutput: Tensor?
    private var cachedAxis = 0

    /// Makes the layer.
    public init(dim: Int? = nil) {
        self.dim = dim
    }
    public var description: String { dim.map { "LogSoftmax(dim \($0))" } ?? "LogSoftmax()" }

    public func forward(_ input: Tensor) throws -> Tensor {
        cachedAxis = dim ?? implicitAxis(rank: input.rank)
        let output = try input.logSoftmax(axis: cachedAxis)
        cachedOutput = output
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard let output = cachedOutput else { throw EmberError.noForwardPass(operation: description) }
        return try output.logSoftmaxBackward(gradOutput: gradOutput, axis: cachedAxis)
    }
}
