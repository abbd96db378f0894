// Element-wise arithmetic with broadcasting, forward and backward side by side. Where an operand
// was stretched by broadcasting, its gradient is summed back over the stretched axes, so that
// each input receives a gradient of its own shape.

import Foundation

/// The gradient `gradient` (of a broadcast result) summed down to `shape`: over the leading
/// axes broadcasting added and over the axes where `shape` has size 1.
public func sumToShape(_ gradient: Tensor, _ shape: [Int]) throws -> Tensor {
    if gradient.shape == shape { return gradient }
    var result = gradient
    while result.rank > shape.count { result = try result.sum(axis: 0) }
    for axis in 0..<shape.count where shape[axis] == 1 && result.shape[axis] != 1 {
        result = try result.sum(axis: axis, keepDim: true)
    }
    return try result.reshape(shape)
}

/// What a binary op's backward needs: both operands (their shapes, for the broadcast sums).
public struct BinarySaved {
    /// The left operand.
    public let lhs: Tensor
    /// The right operand.
    public let rhs: Tensor
}

/// a + b.
public func addForward(_ lhs: Tensor, _ rhs: Tensor) throws -> (Tensor, BinarySaved) {
    (try lhs + rhs, BinarySaved(lhs: lhs, rhs: rhs))
}

/// dA = dOut, dB = dOut, each summed to its operand's shape.
public func addBackward(_ gradOutput: Tensor, _ saved: BinarySaved) throws -> (Tensor, Tensor) {
    (try sumToShape(gradOutput, saved.lhs.shape), try sumToShape(gradOutput, saved.rhs.shape))
}

/// a − b.
public func subtractForward(_ lhs: Tensor, _ rhs: Tensor) throws -> (Tensor, BinarySaved) {
    (try lhs - rhs, BinarySaved(lhs: lhs, rhs: rhs))
}

/// dA = dOut, dB = −dOut, each summed to its operand's shape.
public func subtractBackward(_ gradOutput: Tensor, _ saved: BinarySaved) throws -> (Tensor, Tensor) {
    (try sumToShape(gradOutput, saved.lhs.shape), try sumToShape(-gradOutput, saved.rhs.shape))
}

/// a ⊙ b.
public func multiplyForward(_ lhs: Tensor, _ rhs: Tensor) throws -> (Tensor, BinarySaved) {
    (try lhs * rhs, BinarySaved(lhs: lhs, rhs: rhs))
}

/// dA = dOut ⊙ b, dB = dOut ⊙ a, each summed to its operand's shape.
public func multiplyBackward(_ gradOutput: Tensor, _ saved: BinarySaved) throws -> (Tensor, Tensor) {
    (
        try sumToShape(try gradOutput * saved.rhs, saved.lhs.shape),
        try sumToShape(try gradOutput * saved.lhs, saved.rhs.shape)
    )
}

/// a / b.
public func divideForward(_ lhs: Tensor, _ rhs: Tensor) throws -> (Tensor, BinarySaved) {
    (try lhs / rhs, BinarySaved(lhs: lhs, rhs: rhs))
}

/// dA = dOut / b, dB = −dOut ⊙ a / b², each summed to its operand's shape.
public func divideBackward(_ gradOutput: Tensor, _ saved: BinarySaved) throws -> (Tensor, Tensor) {
    let dA = try gradOutput / saved.rhs
    let dB = try -(try dA * saved.lhs) / saved.rhs
    return (try sumToShape(dA, saved.lhs.shape), try sumToShape(dB, saved.rhs.shape))
}

/// What `where` needs: the condition (non-zero picks the first operand) and the shapes.
public struct WhereSaved {
    /// The share of the gradient the first operand takes, broadcast to the result's shape: 1
    /// where it was taken, 0 elsewhere (and ½ at a tie of `maximum` or `minimum`).
    public let mask: Tensor
    /// The first operand's shape.
    public let lhsShape: [Int]
    /// The second operand's shape.
    public let rhsShape: [Int]
}

/// condition ? a : b, element by element, with broadcasting.
public func whereForward(_ condition: Tensor, _ lhs: Tensor, _ rhs: Tensor) throws -> (Tensor, WhereSaved) {
    let shape = try broadcastShape(
        try broadcastShape(condition.shape, lhs.shape, operation: "where"), rhs.shape, operation: "where")
    let zeros = try Tensor.zeros(shape)
    let mask = try (try zeros + condition).map { $0 != 0 ? 1 : 0 }
    // A select, not mask·a + (1 − mask)·b, so that an infinity not taken cannot make a NaN.
    let output = ActiveBackend.current.select(mask, try zeros + lhs, try zeros + rhs)
    return (output, WhereSaved(mask: mask, lhsShape: lhs.shape, rhsShape: rhs.shape))
}

/// dA = dOut ⊙ mask, dB = dOut ⊙ (1 − mask): dOut where the condition held for A, elsewhere
/// for B, each summed to its shape.
public func whereBackward(_ gradOutput: Tensor, _ saved: WhereSaved) throws -> (Tensor, Tensor) {
    (
        try sumToShape(try gradOutput * saved.mask, saved.lhsShape),
        try sumToShape(try gradOutput * (1 - saved.mask), saved.rhsShape)
    )
}

/// The larger (or, when `largest` is false, the smaller) of each pair of elements, with
/// broadcasting, as PyTorch's `torch.maximum` and `torch.minimum`; NaN wins.
public func extremeForward(_ lhs: Tensor, _ rhs: Tensor, largest: Bool) throws -> (Tensor, WhereSaved) {
    let output = largest ? try lhs.maximum(rhs) : try lhs.minimum(rhs)
    // The first operand's share of dOut for `whereBackward`: all where it won (a NaN always
    // wins), none where it lost, half at a tie, as PyTorch splits it.
    let share = try lhs.combined(with: rhs, operation: largest ? "maximum" : "minimum") { a, b -> Float in
        if a.isNaN { return 1 }
        if b.isNaN { return 0 }
        if a == b { return 0.5 }
        return (largest ? a > b : a < b) ? 1 : 0
    }
    return (output, WhereSaved(mask: share, lhsShape: lhs.shape, rhsShape: rhs.shape))
}
