// Element-wise activations, forward and backward side by side. Each saves the one tensor its
// derivative needs: ReLU and LeakyReLU their input (the derivative is a 0/1 or slope mask of
// it), Sigmoid and Tanh their output (σ' = σ(1 − σ), tanh' = 1 − tanh²).

/// What an element-wise activation's backward needs: its input or its output.
public struct ActivationSaved {
    /// The input (ReLU, LeakyReLU) or the output (Sigmoid, Tanh), as the derivative needs.
    public let tensor: Tensor
}

/// max(x, 0) for each element; a NaN stays NaN.
public func reluForward(_ input: Tensor) throws -> (Tensor, ActivationSaved) {
    (try ActiveBackend.current.relu(input), ActivationSaved(tensor: input))
}

/// dX = dOut where the input was positive (or NaN), 0 elsewhere.
public func reluBackward(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor {
    try ActiveBackend.current.reluGradient(gradOutput, saved)
}

/// x where positive, slope · x elsewhere.
public func leakyReLUForward(_ input: Tensor, negativeSlope slope: Float) -> (Tensor, ActivationSaved) {
    (ActiveBackend.current.leakyReLU(input, negativeSlope: slope), ActivationSaved(tensor: input))
}

/// dX = dOut where the input was positive, slope · dOut elsewhere.
public func leakyReLUBackward(_ gradOutput: Tensor, _ saved: ActivationSaved, negativeSlope slope: Float) throws
    -> Tensor
{
    try ActiveBackend.current.leakyReLUGradient(gradOutput, saved, negativeSlope: slope)
}

/// σ(x) for each element; saves the output.
public func sigmoidForward(_ input: Tensor) -> (Tensor, ActivationSaved) {
    let output = ActiveBackend.current.sigmoid(input)
    return (output, ActivationSaved(tensor: output))
}

/// dX = dOut ⊙ σ(1 − σ), from the output.
public func sigmoidBackward(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor {
    try ActiveBackend.current.sigmoidGradient(gradOutput, saved)
}

/// tanh(x) for each element; saves the output.
public func tanhForward(_ input: Tensor) -> (Tensor, ActivationSaved) {
    let output = ActiveBackend.current.tanh(input)
    return (output, ActivationSaved(tensor: output))
}

/// dX = dOut ⊙ (1 − tanh²), from the output.
public func tanhBackward(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor {
    try ActiveBackend.current.tanhGradient(gradOutput, saved)
}
