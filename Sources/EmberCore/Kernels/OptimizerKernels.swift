// The update rules of the optimizers as kernels over a parameter's values, four at a time, and
// split across cores for large parameters. Each element's arithmetic is the scalar formula
// with its operations in the same order, so the results do not depend on the split.

/// Four consecutive floats of each of `buffers`, updated by `rule`, for every group of four in
/// `0 ..< count`; a last group of fewer than four goes through zero-padded copies. Large
/// parameters are split across cores.
@inline(__always)
private func updateInGroupsOfFour(
    _ buffers: (
        UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>
    ),
    count: Int, _ rule: (SIMD4<Float>, SIMD4<Float>, inout SIMD4<Float>, inout SIMD4<Float>) -> SIMD4<Float>
) {
    let (theta, gradient, first, second) = buffers
    // About ten floating-point operations and four streams of memory per element.
    Parallel.forEachChunk(count: count, work: 8 * count) { _, range in
        var i = range.lowerBound
        while i &+ 4 <= range.upperBound {
            var (a, b) = (load4(first + i), load4(second + i))
            store4(rule(load4(theta + i), load4(gradient + i), &a, &b), theta + i)
            store4(a, first + i)
            store4(b, second + i)
            i &+= 4
        }
        let rest = range.upperBound - i
        guard rest > 0 else { return }
        var (t, g, a, b) = (SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>(), SIMD4<Float>())
        for k in 0..<rest { (t[k], g[k], a[k], b[k]) = (theta[i + k], gradient[i + k], first[i + k], second[i + k]) }
        t = rule(t, g, &a, &b)
        for k in 0..<rest { (theta[i + k], first[i + k], second[i + k]) = (t[k], a[k], b[k]) }
    }
}

/// The constants of one Adam step.
public struct AdamStep: Sendable {
    /// η, β₁, β₂, ε and the weight decay λ.
    public var learningRate: Float, beta1: Float, beta2: Float, eps: Float, weightDecay: Float
    /// 1 − β₁ᵗ and 1 − β₂ᵗ for the step number t.
    public var correction1: Float, correction2: Float

    /// Makes the constants.
    public init(
        learningRate: Float, beta1: Float, beta2: Float, eps: Float, weightDecay: Float,
        correction1: Float, correction2: Float
    ) {
        (self.learningRate, self.beta1, self.beta2, self.eps) = (learningRate, beta1, beta2, eps)
        (self.weightDecay, self.correction1, self.correction2) = (weightDecay, correction1, correction2)
    }

    /// Updates `count` parameters in place from their gradients and moments m and v:
    /// g = ∇θ + λθ, m = β₁m + (1 − β₁)g, v = β₂v + (1 − β₂)g², θ −= η(m / c₁) / (√(v / c₂) + ε).
    public func apply(
        theta: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
        v: UnsafeMutablePointer<Float>, count: Int
    ) {
        let (eta, b1, b2, epsilon, decay, c1, c2) = (
            learningRate, beta1, beta2, eps, weightDecay, correction1, correction2
        )
        updateInGroupsOfFour((theta, gradient, m, v), count: count) { t, gradient, m, v in
            let g = gradient + decay * t
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            let denominator = (v / c2).squareRoot() + epsilon
            return t - eta * (m / c1) / denominator
        }
    }
}
