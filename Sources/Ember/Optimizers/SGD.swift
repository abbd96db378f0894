// Stochastic gradient descent with momentum, in the tutorial's form.

/// Stochastic gradient descent with momentum and weight decay.
///
/// For each parameter θ with gradient ∇θ:
///   g = ∇θ + weightDecay · θ
///   v = γ · v + η · g,   θ = θ − v      (γ = momentum, η = learning rate; v starts at 0)
/// With a constant learning rate this is exactly PyTorch's `optim.SGD`, which keeps v/η instead.
/// ```swift
/// let opt = try SGD(net.allParameters(), learningRate: 0.05, momentum: 0.9)
/// ```
public final class SGD: Optimizer {
    /// The parameters stepped, in the order the state is kept.
    public let parameters: [Parameter]
    /// η, which may be changed between steps.
    public var learningRate: Float
    /// γ, the fraction of the previous step kept (0 for plain SGD).
    public let momentum: Float
    /// The L2 penalty added to each gradient: g = ∇θ + weightDecay · θ.
    public let weightDecay: Float
    /// v per parameter.
    var velocity: [[Float]]

    /// Makes the optimizer over `parameters`.
    public init(
        _ parameters: [Parameter], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0
    ) throws {
        try checkHyperparameter("SGD", "lr", learningRate) { $0 >= 0 }
        try checkHyperparameter("SGD", "momentum", momentum) { $0 >= 0 }
        try checkHyperparameter("SGD", "weight_decay", weightDecay) { $0 >= 0 }
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        velocity = zeroState(for: parameters)
    }

    /// The optimizer and its settings.
    public var description: String {
        "SGD(lr \(learningRate), momentum \(momentum), weight decay \(weightDecay))"
    }

    /// Applies the update rule above to every parameter once.
    public func step() {
        let (eta, gamma, decay) = (learningRate, momentum, weightDecay)
        forEachParameter(parameters, &velocity) { theta, grad, v in
            for i in 0..<theta.count {
                let g = grad[i] + decay * theta[i]
                v[i] = gamma * v[i] + eta * g
                theta[i] -= v[i]
            }
        }
    }
}
