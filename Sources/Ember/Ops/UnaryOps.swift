// Element-wise functions of one tensor, forward and backward side by side. Each saves the
// tensor its derivative is cheapest from: exp and sqrt their output, the others their input.

import Foundation

/// What a unary op's backward needs: its input or its output.
public struct UnarySaved {
    /// The input or the output, as the derivative needs.
    public let tensor: Tensor
}

/// dX = dOut ⊙ f'(saved).
private func chain(_ gradOutput: Tensor, _ saved: UnarySaved, _ derivative: (Float) -> Float) throws -> Tensor {
    try gradOutput.combined(with: saved.tensor, operation: "backward") { $0 * derivative($1) }
}

/// eˣ; saves the output.
public func expForward(_ input: Tensor) -> (Tensor, UnarySaved) {
    let output = input.exp()
    return (output, UnarySaved(tensor: output))
}

/// dX = dOut ⊙ eˣ.
public func expBackward(_ gradOutput: Tensor, _ saved: UnarySaved) throws -> Tensor {
    try chain(gradOutput, saved) { $0 }
}

/// ln x; saves the input.
public func logForward(_ input: Tensor) -> (Tensor, UnarySaved) {
    (input.log(), UnarySaved(tensor: input))
}

/// dX = dOut / x.
public func logBackward(_ gradOutput: Tensor, _ saved: UnarySaved) throws -> Tensor {
    try chain(gradOutput, saved) { 1 / $0 }
}

/// √x; saves the output.
public func sqrtForward(_ input: Tensor) -> (Tensor, UnarySaved) {
    let output = input.sqrt()
    return (output, UnarySaved(tensor: output))
}

/// dX = dOut / (2√x).
public func sqrtBackward(_ gradOutput: Tensor, _ saved: UnarySaved) throws -> Tensor {
    try chain(gradOutput, saved) { 1 / (2 * $0) }
}

/// |x|; saves the input.
public func absForward(_ input: Tensor) -> (Tensor, UnarySaved) {
    (input.abs(), UnarySaved(tensor: input))
}

/// dX = dOut ⊙ sign(x), 0 at 0 as in PyTorch.
public func absBackward(_ gradOutput: Tensor, _ saved: UnarySaved) throws -> Tensor {
    try chain(gradOutput, saved) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
}

/// xᵖ for a constant p; saves the input.
public func powForward(_ input: Tensor, exponent: Float) -> (Tensor, UnarySaved) {
    (input.pow(exponent), UnarySaved(tensor: input))
}

/// dX = dOut ⊙ p·xᵖ⁻¹.
public func powBackward(_ gradOutput: Tensor, _ saved: UnarySaved, exponent: Float) throws -> Tensor {
    if exponent == 2 { return try chain(gradOutput, saved) { 2 * $0 } }
    return try chain(gradOutput, saved) { exponent * Foundation.pow($0, exponent - 1) }
}

/// x limited to [lower, upper]; saves the input.
public func clampForward(_ input: Tensor, min lower: Float?, max upper: Float?) -> (Tensor, UnarySaved) {
    (input.clamp(min: lower, max: upper), UnarySaved(tensor: input))
}

/// dX = dOut where x was inside the bounds (bounds included, as in PyTorch), 0 elsewhere.
public func clampBackward(_ gradOutput: Tensor, _ saved: UnarySaved, min lower: Float?, max upper: Float?) throws
    -> Tensor
{
    try chain(gradOutput, saved) { x in
        if let lower, x < lower { return 0 }
        if let upper, x > upper { return 0 }
        return 1
    }
}
