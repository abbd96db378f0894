// Dropout as an op, forward and backward side by side: in training each element is zeroed with
// probability p and the others scaled by 1/(1 − p); backward multiplies dOut by the same mask.

/// What dropout's backward needs: the mask, or nil when nothing was dropped.
public struct DropoutSaved {
    /// 0 or 1/(1 − p) per element, or nil in evaluation mode or for p = 0.
    public let mask: Tensor?
}

/// x ⊙ mask in training with p > 0, x itself otherwise; the mask is drawn from `generator`.
public func dropoutForward(_ input: Tensor, p: Float, training: Bool, generator: Generator) throws
    -> (Tensor, DropoutSaved)
{
    guard training, p > 0 else { return (input, DropoutSaved(mask: nil)) }
    let keep = 1 / (1 - p)
    let mask = try Tensor.rand(input.shape, generator: generator).map { $0 < p ? 0 : keep }
    return (try input * mask, DropoutSaved(mask: mask))
}

/// dX = dOut ⊙ mask.
public func dropoutBackward(_ gradOutput: Tensor, _ saved: DropoutSaved) throws -> Tensor {
    guard let mask = saved.mask else { return gradOutput }
    return try gradOutput * mask
}
