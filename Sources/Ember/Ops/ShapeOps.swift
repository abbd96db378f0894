// Shape ops, forward and backward side by side: a reshape's gradient is dOut reshaped back,
// a permutation's is dOut permuted by the inverse order. Reshape covers view, flatten,
// squeeze and unsqueeze, which only rename the axes of the same values.

/// What a reshape's backward needs: the input's shape.
public struct ReshapeSaved {
    /// The shape of the input.
    public let inputShape: [Int]
}

/// The same values in `shape` (one axis may be −1).
public func reshapeForward(_ input: Tensor, _ shape: [Int]) throws -> (Tensor, ReshapeSaved) {
    (try input.reshape(shape), ReshapeSaved(inputShape: input.shape))
}

/// dX = dOut in the input's shape.
public func reshapeBackward(_ gradOutput: Tensor, _ saved: ReshapeSaved) throws -> Tensor {
    try gradOutput.reshape(saved.inputShape)
}

/// What a permutation's backward needs: the order of the axes.
public struct PermuteSaved {
    /// The order of the forward: output axis i is input axis order[i].
    public let order: [Int]
}

/// The axes reordered: output axis i is input axis `order[i]`.
public func permuteForward(_ input: Tensor, _ order: [Int]) throws -> (Tensor, PermuteSaved) {
    let output = try input.permute(order)
    let normalized = try order.map { try normalizeAxis($0, rank: input.rank, operation: "permute") }
    return (output, PermuteSaved(order: normalized))
}

/// dX = dOut permuted by the inverse order.
public func permuteBackward(_ gradOutput: Tensor, _ saved: PermuteSaved) throws -> Tensor {
    var inverse = [Int](repeating: 0, count: saved.order.count)
    for (position, axis) in saved.order.enumerated() { inverse[axis] = position }
    return try gradOutput.permute(inverse)
}

/// The order that swaps two axes of a tensor of `rank`.
public func transposition(_ first: Int, _ second: Int, rank: Int) throws -> [Int] {
    let a = try normalizeAxis(first, rank: rank, operation: "transpose")
    let b = try normalizeAxis(second, rank: rank, operation: "transpose")
    var order = Array(0..<rank)
    order.swapAt(a, b)
    return order
}
