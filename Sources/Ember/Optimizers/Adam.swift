// Adam with PyTorch's bias correction.

import Foundation

/// Adam: per-parameter step sizes from running moments of the gradient (PyTorch's `optim.Adam`).
///
/// At step t, for each parameter θ with gradient ∇θ:
///   g = ∇θ + weightDecay · θ
///   m = β₁ · m + (1 − β₁) · g,   v = β₂ · v + (1 − β₂) · g²
///   θ = θ − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
public final class Adam: Optimizer {
    /// The parameters stepped, in the order the state is kept.
    public let parameters: [Parameter]
    /// η, which may be changed between steps.
    public var learningRate: Float
    /// β₁, the decay of the running mean of the gradient.
    public let beta1: Float
    /// β₂, the decay of the running mean of the squared gradient.
    public let beta2: Float
    /// ε, added to the denominator so that it never reaches zero.
    public let eps: Float
    /// The L2 penalty added to each gradient: g = ∇θ + weightDecay · θ.
    public let weightDecay: Float
    /// Steps taken so far, t.
    public internal(set) var stepCount = 0
    /// m per parameter: the running mean of the gradient.
    var firstMoment: [[Float]]
    /// v per parameter: the running mean of the squared gradient.
    var secondMoment: [[Float]]

    /// Makes the optimizer over `parameters` with PyTorch's defaults.
    public init(
        _ parameters: [Parameter], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999),
        eps: Float = 1e-8, weightDecay: Float = 0
    ) throws {
        try checkHyperparameter("Adam", "lr", learningRate) { $0 >= 0 }
        try checkHyperparameter("Adam", "beta1", betas.0) { $0 >= 0 && $0 < 1 }
        try checkHyperparameter("Adam", "beta2", betas.1) { $0 >= 0 && $0 < 1 }
        try checkHyperparameter("Adam", "eps", eps, rule: positiveEpsilonRule) { $0 > 0 }
        try checkHyperparameter("Adam", "weight_decay", weightDecay) { $0 >= 0 }
        self.parameters = parameters
        self.learningRate = learningRate
        (beta1, beta2) = betas
        self.eps = eps
        self.weightDecay = weightDecay
        firstMoment = zeroState(for: parameters)
        secondMoment = firstMoment
    }

    /// The optimizer and its settings.
    public var description: String {
        "Adam(lr \(learningRate), betas (\(beta1), \(beta2)), eps \(eps), weight decay \(weightDecay))"
    }

    /// Applies the update rule above to every parameter once.
    public func step() {
        stepCount += 1
        let t = Float(stepCount)
        let correction1 = 1 - powf(beta1, t)
        let correction2 = 1 - powf(beta2, t)
        let rule = AdamStep(
            learningRate: learningRate, beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay,
            correction1: correction1, correction2: correction2)
        for index in parameters.indices {
            let grad = parameters[index].grad
            grad.withUnsafeBufferPointer { gradient in
                parameters[index].updateValue { theta in
                    firstMoment[index].withUnsafeMutableBufferPointer { m in
                        secondMoment[index].withUnsafeMutableBufferPointer { v in
                            guard let pt = theta.baseAddress, let pg = gradient.baseAddress, let pm = m.baseAddress,
                                let pv = v.baseAddress
                            else { return }
                            rule.apply(theta: pt, gradient: pg, m: pm, v: pv, count: theta.count)
                        }
                    }
                }
            }
        }
    }
}
