// Matrix products, joins and indexing as ops, forward and backward side by side. A join's
// gradient is dOut cut back into the pieces; an index's is dOut written into zeros where the
// index read (a scatter: basic indexing never reads one element twice).

/// What the matrix product's backward needs: both operands.
public struct MatmulSaved {
    /// The left operand.
    public let lhs: Tensor
    /// The right operand.
    public let rhs: Tensor
}

/// a · b for operands of rank 1 or 2 (a vector is promoted as in PyTorch).
public func matmulForward(_ lhs: Tensor, _ rhs: Tensor) throws -> (Tensor, MatmulSaved) {
    guard lhs.rank <= 2, rhs.rank <= 2 else {
        throw EmberError.incompatibleShapes(
            operation: "matmul", first: lhs.shape, second: rhs.shape,
            reason: "are not supported when recording for backward: ranks 1 and 2 are")
    }
    return (try lhs.matmul(rhs), MatmulSaved(lhs: lhs, rhs: rhs))
}

/// dA = dOut · Bᵀ, dB = Aᵀ · dOut, on the operands promoted to matrices and the results
/// brought back to their shapes.
public func matmulBackward(_ gradOutput: Tensor, _ saved: MatmulSaved) throws -> (Tensor, Tensor) {
    let a = saved.lhs.rank == 1 ? try saved.lhs.reshape([1, saved.lhs.count]) : saved.lhs
    let b = saved.rhs.rank == 1 ? try saved.rhs.reshape([saved.rhs.count, 1]) : saved.rhs
    let dOut = try gradOutput.reshape([a.shape[0], b.shape[1]])
    let dA = try dOut.matmul(b.T)
    let dB = try a.T.matmul(dOut)
    return (try dA.reshape(saved.lhs.shape), try dB.reshape(saved.rhs.shape))
}

/// What a join's backward needs: the axis and each piece's size along it.
public struct JoinSaved {
    /// The axis joined along (normalised against the result for `cat`, the input for `stack`).
    public let axis: Int
    /// Each piece's size along the axis (1 for `stack`).
    public let sizes: [Int]
}

/// The tensors joined end to end along `axis`.
public func catForward(_ tensors: [Tensor], axis: Int) throws -> (Tensor, JoinSaved) {
    let output = try Tensor.concatenate(tensors, axis: axis)
    let normalized = try normalizeAxis(axis, rank: output.rank, operation: "cat")
    return (output, JoinSaved(axis: normalized, sizes: tensors.map { $0.shape[normalized] }))
}

/// Each piece's gradient: its slice of dOut along the axis.
public func catBackward(_ gradOutput: Tensor, _ saved: JoinSaved) throws -> [Tensor] {
    var start = 0
    return try saved.sizes.map { size in
        defer { start += size }
        return try gradOutput.slice(axis: saved.axis, start: start, end: start + size)
    }
}

/// The tensors, of one shape, stacked along a new axis.
public func stackForward(_ tensors: [Tensor], axis: Int) throws -> (Tensor, JoinSaved) {
    let output = try Tensor.stack(tensors, axis: axis)
    let normalized = try normalizeAxis(axis, rank: output.rank, operation: "stack")
    return (output, JoinSaved(axis: normalized, sizes: tensors.map { _ in 1 }))
}

/// Each piece's gradient: dOut at its position along the new axis.
public func stackBackward(_ gradOutput: Tensor, _ saved: JoinSaved) throws -> [Tensor] {
    try saved.sizes.indices.map { try gradOutput.select(axis: saved.axis, index: $0) }
}

/// What indexing's backward needs: the input's shape and the index.
public struct IndexSaved {
    /// The shape of the input.
    public let inputShape: [Int]
    /// The index applied.
    public let indices: [TensorIndex]
}

/// The elements `indices` select.
public func indexForward(_ input: Tensor, _ indices: [TensorIndex]) throws -> (Tensor, IndexSaved) {
    (try input.indexed(indices), IndexSaved(inputShape: input.shape, indices: indices))
}

/// dX: zeros, with dOut added where the index read (a position read twice gets both).
public func indexBackward(_ gradOutput: Tensor, _ saved: IndexSaved) throws -> Tensor {
    var gradient = try Tensor.zeros(saved.inputShape)
    try gradient.accumulate(gradOutput, at: saved.indices)
    return gradient
}
