// The element-wise activations on the CPU: EmberCore's SIMD kernels for ReLU, one loop per
// derivative for the others.

extension CPUBackend: ActivationBackend {
    /// max(x, 0) by EmberCore's ReLU kernel.
    public func relu(_ input: Tensor) throws -> Tensor {
        try Tensor(uninitializedShape: input.shape) { y in
            input.withUnsafeBufferPointer { x in
                guard let px = x.baseAddress, let py = y.baseAddress else { return }
                reluForward(input: px, output: py, count: y.count)
            }
        }
    }

    /// dOut masked by the saved input, by EmberCore's ReLU kernel.
    public func reluGradient(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor {
        try Tensor(uninitializedShape: saved.tensor.shape) { dx in
            gradOutput.withUnsafeBufferPointer { dy in
                saved.tensor.withUnsafeBufferPointer { x in
                    guard let pdy = dy.baseAddress, let px = x.baseAddress, let pdx = dx.baseAddress else { return }
                    reluBackward(gradOutput: pdy, input: px, gradInput: pdx, count: dx.count)
                }
            }
        }
    }

    /// x where positive, slope · x elsewhere.
    public func leakyReLU(_ input: Tensor, negativeSlope slope: Float) -> Tensor {
        input.map { $0 > 0 ? $0 : slope * $0 }
    }

    /// dOut ⊙ (1 or slope).
    public func leakyReLUGradient(_ gradOutput: Tensor, _ saved: ActivationSaved, negativeSlope slope: Float) throws
        -> Tensor
    {
        try elementwiseGradient(gradOutput, saved) { $0 > 0 ? 1 : slope }
    }

    /// σ(x) for each element.
    public func sigmoid(_ input: Tensor) -> Tensor { input.sigmoid() }

    /// dOut ⊙ σ(1 − σ).
    public func sigmoidGradient(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor {
        try elementwiseGradient(gradOutput, saved) { $0 * (1 - $0) }
    }

    /// tanh(x) for each element.
    public func tanh(_ input: Tensor) -> Tensor { input.tanh() }

    /// dOut ⊙ (1 − tanh²).
    public func tanhGradient(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor {
        try elementwiseGradient(gradOutput, saved) { 1 - $0 * $0 }
    }
}

/// dX = dOut ⊙ f'(saved). Inlined so that `derivative` becomes part of one loop.
@inline(__always)
private func elementwiseGradient(
    _ gradOutput: Tensor, _ saved: ActivationSaved, derivative: (Float) -> Float
) throws -> Tensor {
    try Tensor(uninitializedShape: saved.tensor.shape) { dx in
        gradOutput.withUnsafeBufferPointer { dy in
            saved.tensor.withUnsafeBufferPointer { c in
                for i in 0..<dx.count { dx[i] = dy[i] * derivative(c[i]) }
            }
        }
    }
}
