// RMSprop as PyTorch implements it (no centring; momentum optional).

/// RMSprop: divides each step by a running root mean square of the gradient (PyTorch's
/// `optim.RMSprop`).
///
/// For each parameter θ with gradient ∇θ:
///   g = ∇θ + weightDecay · θ
///   v = α · v + (1 − α) · g²
///   without momentum: θ = θ − η · g / (√v + ε)
///   with momentum μ:  b = μ · b + g / (√v + ε),  θ = θ − η · b
public final class RMSprop: Optimizer {
    /// The parameters stepped, in the order the state is kept.
    public let parameters: [Parameter]
    /// η, which may be changed between steps.
    public var learningRate: Float
    /// α, the decay of the running mean of the squared gradient.
    public let alpha: Float
    /// ε, added to the denominator so that it never reaches zero.
    public let eps: Float
    /// The L2 penalty added to each gradient: g = ∇θ + weightDecay · θ.
    public let weightDecay: Float
    /// μ, the weight of the previous step (0 for none).
    public let momentum: Float
    /// v per parameter: the running mean of the squared gradient.
    var squareAverage: [[Float]]
    /// b per parameter, used only with momentum.
    var momentumBuffer: [[Float]]

    /// Makes the optimizer over `parameters` with PyTorch's defaults.
    public init(
        _ parameters: [Parameter], learningRate: Float = 0.01, alpha: Float = 0.99,
        eps: Float = 1e-8, weightDecay: Float = 0, momentum: Float = 0
    ) throws {
        try checkHyperparameter("RMSprop", "lr", learningRate) { $0 >= 0 }
        try checkHyperparameter("RMSprop", "alpha", alpha) { $0 >= 0 && $0 <= 1 }
        try checkHyperparameter("RMSprop", "eps", eps, rule: positiveEpsilonRule) { $0 > 0 }
        try checkHyperparameter("RMSprop", "weight_decay", weightDecay) { $0 >= 0 }
        try checkHyperparameter("RMSprop", "momentum", momentum) { $0 >= 0 }
        self.parameters = parameters
        self.learningRate = learningRate
        self.alpha = alpha
        self.eps = eps
        self.weightDecay = weightDecay
        self.momentum = momentum
        squareAverage = zeroState(for: parameters)
        momentumBuffer = squareAverage
    }

    /// The optimizer and its settings.
    public var description: String {
        "RMSprop(lr \(learningRate), alpha \(alpha), eps \(eps), weight decay \(weightDecay), momentum \(momentum))"
    }

    /// Applies the update rule above to every parameter once.
    public func step() {
        let (eta, a, epsilon, decay, mu) = (learningRate, alpha, eps, weightDecay, momentum)
        for index in parameters.indices {
            let grad = parameters[index].grad
            grad.withUnsafeBufferPointer { gradient in
                parameters[index].updateValue { theta in
                    squareAverage[index].withUnsafeMutableBufferPointer { v in
                        momentumBuffer[index].withUnsafeMutableBufferPointer { b in
                            for i in 0..<theta.count {
                                let g = gradient[i] + decay * theta[i]
                                v[i] = a * v[i] + (1 - a) * g * g
                                let scaled = g / (v[i].squareRoot() + epsilon)
                                if mu > 0 {
                                    b[i] = mu * b[i] + scaled
                                    theta[i] -= eta * b[i]
                                } else {
                                    theta[i] -= eta * scaled
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
