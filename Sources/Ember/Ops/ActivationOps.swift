// Element-wise activations, forward and backward side by side. Each saves the one tensor its
// derivative needs: ReLU and LeakyReLU their input (the derivative is a 0/1 or slope mask of
// it), Sigmoid and Tanh their output (σ' = σ(1 − σ), tanh' = 1 − tanh²).

/// What an element-wise activation's backward needs: its input or its output.
public struct ActivationSaved {
    /// The input (ReLU, LeakyReLU) or the output (Sigmoid, Tanh), as the derivative needs.
    public let tensor: Tensor
}

/// dX = dOut ⊙ f'(saved). Inlined so that `derivative` becomes part of one loop.
@inline(__always)
private func elementwiseBackward(
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

/// max(x, 0) for each element; a NaN stays NaN.
public func reluForward(_ input: Tensor) throws -> (Tensor, ActivationSaved) {
    let output = try Tensor(uninitializedShape: input.shape) { y in
        input.withUnsafeBufferPointer { x in
            guard let px = x.baseAddress, let py = y.baseAddress else { return }
            reluForward(input: px, output: py, count: y.count)
        }
    }
    return (output, ActivationSaved(tensor: input))
}

/// dX = dOut where the input was positive (or NaN), 0 elsewhere.
public func reluBackward(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor {
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
public func leakyReLUForward(_ input: Tensor, negativeSlope slope: Float) -> (Tensor, ActivationSaved) {
    (input.map { $0 > 0 ? $0 : slope * $0 }, ActivationSaved(tensor: input))
}

/// dX = dOut where the input was positive, slope · dOut elsewhere.
public func leakyReLUBackward(_ gradOutput: Tensor, _ saved: ActivationSaved, negativeSlope slope: Float) throws
    -> Tensor
{
    try elementwiseBackward(gradOutput, saved) { $0 > 0 ? 1 : slope }
}

/// σ(x) for each element; saves the output.
public func sigmoidForward(_ input: Tensor) -> (Tensor, ActivationSaved) {
    let output = input.sigmoid()
    return (output, ActivationSaved(tensor: output))
}

/// dX = dOut ⊙ σ(1 − σ), from the output.
public func sigmoidBackward(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor {
    try elementwiseBackward(gradOutput, saved) { $0 * (1 - $0) }
}

/// tanh(x) for each element; saves the output.
public func tanhForward(_ input: Tensor) -> (Tensor, ActivationSaved) {
    let output = input.tanh()
    return (output, ActivationSaved(tensor: output))
}

/// dX = dOut ⊙ (1 − tanh²), from the output.
public func tanhBackward(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor {
    try elementwiseBackward(gradOutput, saved) { 1 - $0 * $0 }
}
