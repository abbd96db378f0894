// The arithmetic of each op family, as one protocol per family. The op functions in `Ops` keep
// the saved contexts and the checks, and ask the active backend for the numbers; a backend
// conforms to every family, one file per family (`CPUBackend` in `Backend/CPU`).

/// The products of the fully connected op, y = x·Wᵀ + b and its gradients.
public protocol LinearBackend {
    /// y = x·Wᵀ + b for x: [rows, inFeatures] (leading axes flattened) and W: [outFeatures, inFeatures].
    func linear(_ input: Tensor, weight: Tensor, bias: Tensor?, saved: LinearSaved) throws -> Tensor
    /// dW += dOutᵀ·x and db += Σ dOut into the accumulators given, and dX = dOut·W when wanted.
    func linearGradients(
        _ gradOutput: Tensor, _ saved: LinearSaved, inputGradient: Bool,
        weightGradient: (any GradientAccumulator)?, biasGradient: (any GradientAccumulator)?
    ) throws -> Tensor?
}

/// The 2-D convolution and its gradients.
public protocol ConvolutionBackend {
    /// y = W ∗ x + b for x: [N, C, H, W], checked against the saved geometry by the caller.
    func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor?, saved: Conv2dSaved) throws -> Tensor
    /// dW += and db += into the accumulators given, and dX when `inputGradient` is true.
    func conv2dGradients(
        _ gradOutput: Tensor, _ saved: Conv2dSaved, inputGradient: Bool,
        weightGradient: (any GradientAccumulator)?, biasGradient: (any GradientAccumulator)?
    ) throws -> Tensor?
}

/// Max and average pooling over square windows, and their gradients.
public protocol PoolingBackend {
    /// The maximum of each window, writing the flat index of each winner into `indices`, which
    /// the caller has sized to the output.
    func maxPool2d(_ input: Tensor, geometry: ConvolutionGeometry, indices: inout [Int32]) throws -> Tensor
    /// dX: each output's gradient at the input that won its window.
    func maxPool2dGradient(_ gradOutput: Tensor, _ saved: MaxPool2dSaved) throws -> Tensor
    /// The mean of each window, padding counted as zeros.
    func avgPool2d(_ input: Tensor, geometry: ConvolutionGeometry) throws -> Tensor
    /// dX: each output's gradient shared evenly by its window.
    func avgPool2dGradient(_ gradOutput: Tensor, _ saved: AvgPool2dSaved) throws -> Tensor
}

/// Batch normalisation per channel of x: [N, C, …].
public protocol NormalizationBackend {
    /// The mean and biased variance of each channel.
    func batchStatistics(_ input: Tensor) -> (mean: [Float], variance: [Float])
    /// x̂ = (x − μ) / σ and y = γ · x̂ + β per channel, from the statistics given.
    func batchNorm(_ input: Tensor, weight: Tensor, bias: Tensor, mean: [Float], inverseStd: [Float]) throws
        -> (normalized: Tensor, output: Tensor)
    /// dγ += Σ dOut · x̂ and dβ += Σ dOut into the accumulators given, and dX.
    func batchNormGradients(
        _ gradOutput: Tensor, _ saved: BatchNormSaved, weightGradient: (any GradientAccumulator)?,
        biasGradient: (any GradientAccumulator)?
    ) throws -> Tensor
}

/// The element-wise activations and their gradients.
public protocol ActivationBackend {
    /// max(x, 0) for each element; a NaN stays NaN.
    func relu(_ input: Tensor) throws -> Tensor
    /// dX = dOut where the saved input was positive (or NaN), 0 elsewhere.
    func reluGradient(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor
    /// x where positive, slope · x elsewhere.
    func leakyReLU(_ input: Tensor, negativeSlope: Float) -> Tensor
    /// dX = dOut where the saved input was positive, slope · dOut elsewhere.
    func leakyReLUGradient(_ gradOutput: Tensor, _ saved: ActivationSaved, negativeSlope: Float) throws -> Tensor
    /// σ(x) for each element.
    func sigmoid(_ input: Tensor) -> Tensor
    /// dX = dOut ⊙ σ(1 − σ), from the saved output.
    func sigmoidGradient(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor
    /// tanh(x) for each element.
    func tanh(_ input: Tensor) -> Tensor
    /// dX = dOut ⊙ (1 − tanh²), from the saved output.
    func tanhGradient(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor
}

/// The losses (cross-entropy with its softmax, negative log-likelihood, squared error).
public protocol LossBackend {
    /// The mean cross-entropy of [N, C] scores against checked targets, and softmax(scores).
    func crossEntropy(_ scores: Tensor, targets: [Int]) throws -> (loss: Float, probabilities: Tensor)
    /// dScores = dLoss · (p − onehot(t)) / N.
    func crossEntropyGradient(_ gradLoss: Float, _ saved: CrossEntropySaved) -> Tensor
    /// −mean of logProbabilities[i, t_i] for [N, C] log-probabilities and checked targets.
    func nll(_ logProbabilities: Tensor, targets: [Int]) -> Float
    /// dX = −dLoss / N at each row's target, zero elsewhere.
    func nllGradient(_ gradLoss: Float, _ saved: NLLSaved) throws -> Tensor
    /// mean(d²) over the elements of `difference`, not empty.
    func meanSquare(_ difference: Tensor) -> Float
}

/// The element-wise arithmetic that the ops do beyond `Tensor`'s own operators.
public protocol ElementwiseBackend {
    /// lhs where the mask is non-zero, rhs elsewhere, for three tensors of one shape: a select, so
    /// that an infinity not taken cannot make a NaN.
    func select(_ mask: Tensor, _ lhs: consuming Tensor, _ rhs: Tensor) -> Tensor
    /// accumulator += other, element by element, in place, for two tensors of one shape.
    func add(_ other: Tensor, into accumulator: inout Tensor)
}

/// A backend: every op family's arithmetic.
public protocol Backend:
    LinearBackend, ConvolutionBackend, PoolingBackend, NormalizationBackend, ActivationBackend, LossBackend,
    ElementwiseBackend
{}
