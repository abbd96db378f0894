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
    /// x̂ of the last forward, for dγ and dX in backward.
    private var cachedNormalized: Tensor?
    /// 1/√(var + eps) per channel in the last forward, for dX in backward.
    private var cachedInverseStd: [Float] = []
    /// Whether the last forward used batch statistics (their gradient has two more terms).
    private var cachedUsedBatchStatistics = true

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

    /// y = γ · x̂ + β with x̂ = (x − mean) / √(var + eps), batch statistics in training.
    public func forward(_ input: Tensor) throws -> Tensor {
        // x: [N, C] or [N, C, L] or [N, C, H, W], read as [N, C, S]
        _ = try outputShape(for: input.shape)
        let (n, c) = (input.shape[0], numFeatures)
        let s = input.shape[2...].reduce(1, *)
        let useBatch = isTraining
        if useBatch && n * s <= 1 {
            throw EmberError.invalidArgument(
                function: description,
                message: "needs more than one value per channel in training, got input "
                    + formatShape(input.shape))
        }
        let (mean, variance) =
            useBatch
            ? try batchStatistics(input, n: n, c: c, s: s)
            : (runningMean.value.scalars, runningVar.value.scalars)
        let inverseStd = variance.map { 1 / ($0 + eps).squareRoot() }
        let normalized = try Tensor(uninitializedShape: input.shape) { xhat in
            input.withUnsafeBufferPointer { x in
                for i in 0..<n {
                    for ch in 0..<c {
                        let base = (i * c + ch) * s
                        for k in 0..<s { xhat[base + k] = (x[base + k] - mean[ch]) * inverseStd[ch] }
                    }
                }
            }
        }
        cachedNormalized = normalized
        cachedInverseStd = inverseStd
        cachedUsedBatchStatistics = useBatch
        return try Tensor(uninitializedShape: input.shape) { y in
            normalized.withUnsafeBufferPointer { xhat in
                for i in 0..<n {
                    for ch in 0..<c {
                        let (gamma, beta) = (weight.value.scalars[ch], bias.value.scalars[ch])
                        let base = (i * c + ch) * s
                        for k in 0..<s { y[base + k] = gamma * xhat[base + k] + beta }
                    }
                }
            }
        }
    }

    /// The batch mean and biased variance per channel; updates the running statistics.
    private func batchStatistics(_ input: Tensor, n: Int, c: Int, s: Int) throws -> ([Float], [Float]) {
        var mean = [Float](repeating: 0, count: c)
        var variance = [Float](repeating: 0, count: c)
        let m = Double(n * s)
        input.withUnsafeBufferPointer { x in
            for ch in 0..<c {
                var total = 0.0
                for i in 0..<n {
                    for k in 0..<s { total += Double(x[(i * c + ch) * s + k]) }
                }
                let mu = total / m
                var squares = 0.0
                for i in 0..<n {
                    for k in 0..<s {
                        let d = Double(x[(i * c + ch) * s + k]) - mu
                        squares += d * d
                    }
                }
                mean[ch] = Float(mu)
                variance[ch] = Float(squares / m)
            }
        }
        let unbiasing = Float(m / (m - 1))
        runningMean.updateInPlace { running in
            for ch in 0..<c { running[ch] = (1 - momentum) * running[ch] + momentum * mean[ch] }
        }
        runningVar.updateInPlace { running in
            for ch in 0..<c {
                running[ch] = (1 - momentum) * running[ch] + momentum * variance[ch] * unbiasing
            }
        }
        batchesTracked += 1
        return (mean, variance)
    }

    /// dγ += Σ dOut · x̂, dβ += Σ dOut, and dX, with the batch terms in training.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard let normalized = cachedNormalized else {
            throw EmberError.noForwardPass(operation: description)
        }
        guard gradOutput.shape == normalized.shape else {
            throw EmberError.shapeMismatch(
                operation: description, expected: "gradient " + formatShape(normalized.shape),
                got: gradOutput.shape)
        }
        let (n, c) = (normalized.shape[0], numFeatures)
        let s = normalized.shape[2...].reduce(1, *)
        let m = Float(n * s)
        // Per channel: Σ dOut and Σ dOut · x̂, which give dβ, dγ and the batch terms of dX.
        var sumGrad = [Float](repeating: 0, count: c)
        var sumGradNormalized = [Float](repeating: 0, count: c)
        gradOutput.withUnsafeBufferPointer { dy in
            normalized.withUnsafeBufferPointer { xhat in
                for i in 0..<n {
                    for ch in 0..<c {
                        let base = (i * c + ch) * s
                        for k in 0..<s {
                            sumGrad[ch] += dy[base + k]
                            sumGradNormalized[ch] += dy[base + k] * xhat[base + k]
                        }
                    }
                }
            }
        }
        weight.accumulateGrad { dGamma in for ch in 0..<c { dGamma[ch] += sumGradNormalized[ch] } }
        bias.accumulateGrad { dBeta in for ch in 0..<c { dBeta[ch] += sumGrad[ch] } }
        let batchTerms = cachedUsedBatchStatistics
        return try Tensor(uninitializedShape: normalized.shape) { dx in
            gradOutput.withUnsafeBufferPointer { dy in
                normalized.withUnsafeBufferPointer { xhat in
                    for i in 0..<n {
                        for ch in 0..<c {
                            let scale = weight.value.scalars[ch] * cachedInverseStd[ch]
                            let base = (i * c + ch) * s
                            for k in 0..<s {
                                // Training: dX = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)).
                                let centred =
                                    batchTerms
                                    ? dy[base + k] - sumGrad[ch] / m
                                        - xhat[base + k] * sumGradNormalized[ch] / m
                                    : dy[base + k]
                                dx[base + k] = scale * centred
                            }
                        }
                    }
                }
            }
        }
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
