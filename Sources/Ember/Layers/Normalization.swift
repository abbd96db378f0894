// Batch normalisation. In training it normalises each channel with the mean and (biased)
// variance of the batch and updates running estimates; in evaluation it uses those estimates,
// so one image's output no longer depends on the others in its batch.

/// Batch normalisation over axis 1 of the input; use `BatchNorm1d` or `BatchNorm2d`.
///
/// y = γ · (x − mean) / √(var + eps) + β per channel. Running statistics follow
/// `running = (1 − momentum) · running + momentum · batch` with the unbiased batch variance,
/// as in PyTorch.
public class BatchNorm: Module {
    /// C, the number of channels normalised separately.
    public let numFeatures: Int
    /// Added to the variance before its square root.
    public let eps: Float
    /// The weight of each new batch in the running statistics.
    public let momentum: Float
    /// γ, `[numFeatures]`, starting at 1.
    public let weight: Parameter
    /// β, `[numFeatures]`, starting at 0.
    public let bias: Parameter
    /// The running mean, `[numFeatures]`, starting at 0.
    public let runningMean: Buffer
    /// The running variance, `[numFeatures]`, starting at 1.
    public let runningVar: Buffer
    /// Training batches seen, PyTorch's `num_batches_tracked`.
    public var batchesTracked = 0
    /// Training mode (the default) or evaluation mode.
    public var isTraining = true
    /// The last values through the layer, recorded by its container or the shell.
    public let trace = Trace()
    private let acceptedRanks: [Int]
    private let expectedInput: String
    /// The context of the last forward: x̂ for dγ and dX, 1/√(var + eps) per channel, and
    /// whether batch statistics were used (their gradient has two more terms).
    var saved: BatchNormSaved?

    init(numFeatures: Int, eps: Float, momentum: Float, acceptedRanks: [Int], expectedInput: String)
        throws
    {
        guard numFeatures > 0, eps > 0, momentum >= 0, momentum <= 1 else {
            throw EmberError.invalidArgument(
                function: "BatchNorm",
                message: "needs num_features > 0, eps > 0 and momentum in [0, 1], got "
                    + "\(numFeatures), \(eps), \(momentum)")
        }
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.acceptedRanks = acceptedRanks
        self.expectedInput = expectedInput
        weight = Parameter(name: "weight", value: try Tensor.ones([numFeatures]))
        bias = Parameter(name: "bias", value: try Tensor.zeros([numFeatures]))
        runningMean = Buffer(name: "running_mean", value: try Tensor.zeros([numFeatures]))
        runningVar = Buffer(name: "running_var", value: try Tensor.ones([numFeatures]))
    }

    /// γ and β.
    public var parameters: [Parameter] { [weight, bias] }
    /// The running mean and variance, saved with the parameters.
    public var buffers: [Buffer] { [runningMean, runningVar] }
    /// The printout: `BatchNorm2d(10)`.
    public var description: String { "\(typeName)(\(numFeatures))" }

    /// The input's shape, after checking the rank and the channels.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard acceptedRanks.contains(inputShape.count), inputShape[1] == numFeatures else {
            throw inputShapeError(self, expected: expectedInput, got: inputShape)
        }
        return inputShape
    }

    /// The statistics for `input` (the batch's in training, updating the running estimates;
    /// the running ones in evaluation), after checking its shape.
    func statistics(for input: Tensor) throws -> (mean: [Float], variance: [Float], batch: Bool) {
        _ = try outputShape(for: input.shape)
        let (n, s) = (input.shape[0], input.shape[2...].reduce(1, *))
        guard isTraining else { return (runningMean.value.scalars, runningVar.value.scalars, false) }
        if n * s <= 1 {
            throw EmberError.invalidArgument(
                function: description,
                message: "needs more than one value per channel in training, got input "
                    + formatShape(input.shape))
        }
        let (mean, variance) = batchStatistics(input)
        let unbiasing = Float(Double(n * s) / (Double(n * s) - 1))
        runningMean.updateInPlace { running in
            for ch in 0..<numFeatures { running[ch] = (1 - momentum) * running[ch] + momentum * mean[ch] }
        }
        runningVar.updateInPlace { running in
            for ch in 0..<numFeatures {
                running[ch] = (1 - momentum) * running[ch] + momentum * variance[ch] * unbiasing
            }
        }
        batchesTracked += 1
        return (mean, variance, true)
    }

    /// Normalises with the batch's statistics in training (updating the running estimates),
    /// with the running ones in evaluation (`batchNormForward`).
    public func forward(_ input: Tensor) throws -> Tensor {
        // x: [N, C] or [N, C, L] or [N, C, H, W]
        let (mean, variance, batch) = try statistics(for: input)
        let (output, saved) = try batchNormForward(
            input, weight: weight.value, bias: bias.value, mean: mean, variance: variance, eps: eps,
            usedBatchStatistics: batch)
        self.saved = saved
        return output
    }

    /// dγ, dβ into the parameters and dX (`batchNormBackward`).
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard let saved else { throw EmberError.noForwardPass(operation: description) }
        guard gradOutput.shape == saved.normalized.shape else {
            throw EmberError.shapeMismatch(
                operation: description, expected: "gradient " + formatShape(saved.normalized.shape),
                got: gradOutput.shape)
        }
        return try batchNormBackward(gradOutput, saved, weightGradient: weight, biasGradient: bias)
    }
}

/// Batch normalisation of `[N, C]` or `[N, C, L]` input (PyTorch's `nn.BatchNorm1d`).
///
/// - Parameters:
///   - numFeatures: C, the number of channels.
///   - eps: added to the variance (default 1e-5).
///   - momentum: weight of the new batch in the running statistics (default 0.1).
public final class BatchNorm1d: BatchNorm {
    /// Makes the layer with γ = 1, β = 0, running mean 0 and running variance 1.
    public init(_ numFeatures: Int, eps: Float = 1e-5, momentum: Float = 0.1) throws {
        try super.init(
            numFeatures: numFeatures, eps: eps, momentum: momentum, acceptedRanks: [2, 3],
            expectedInput: "[N, \(numFeatures)] or [N, \(numFeatures), L]")
    }
}

/// Batch normalisation of `[N, C, H, W]` input (PyTorch's `nn.BatchNorm2d`).
///
/// - Parameters:
///   - numFeatures: C, the number of channels.
///   - eps: added to the variance (default 1e-5).
///   - momentum: weight of the new batch in the running statistics (default 0.1).
public final class BatchNorm2d: BatchNorm {
    /// Makes the layer with γ = 1, β = 0, running mean 0 and running variance 1.
    public init(_ numFeatures: Int, eps: Float = 1e-5, momentum: Float = 0.1) throws {
        try super.init(
            numFeatures: numFeatures, eps: eps, momentum: momentum, acceptedRanks: [4],
            expectedInput: "[N, \(numFeatures), H, W]")
    }
}
