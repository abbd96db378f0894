// Reductions as ops, forward and backward side by side: the gradient of a sum spreads dOut
// back over the reduced axis, a mean's also divides by the count, and a maximum's goes to the
// elements that reached it (shared evenly between ties, as PyTorch's `amax` does).

/// What a reduction's backward needs: the input's shape, the axis (nil for every element)
/// and whether the axis was kept; for a maximum, the input and the output too.
public struct ReductionSaved {
    /// The shape of the input.
    public let inputShape: [Int]
    /// The axis reduced (normalised), or nil for all of them.
    public let axis: Int?
    /// Whether the reduced axis was kept with size 1.
    public let keepDim: Bool
    /// For a maximum or minimum: the input.
    public let input: Tensor?
    /// For a maximum or minimum: the output.
    public let output: Tensor?

    /// The output's shape with the reduced axes kept, so that it broadcasts against the input.
    var keptShape: [Int] {
        guard let axis else { return [Int](repeating: 1, count: inputShape.count) }
        var shape = inputShape
        shape[axis] = 1
        return shape
    }

    /// The number of elements reduced into each output.
    var reducedCount: Int {
        guard let axis else { return inputShape.reduce(1, *) }
        return inputShape[axis]
    }
}

/// Normalises `axis` against `input`'s rank, or keeps nil.
private func reductionAxis(_ axis: Int?, _ input: Tensor, _ operation: String) throws -> Int? {
    guard let axis else { return nil }
    return try normalizeAxis(axis, rank: input.rank, operation: operation)
}

/// dOut spread back over the reduced axes, times `scale`.
private func spread(_ gradOutput: Tensor, _ saved: ReductionSaved, scale: Float) throws -> Tensor {
    let kept = try gradOutput.reshape(saved.keptShape)
    return try (try Tensor.zeros(saved.inputShape) + kept) * scale
}

/// The reduction `reduce` of `input` and the context a sum or a mean needs.
private func shapeOnlyReduction(
    _ input: Tensor, axis: Int?, keepDim: Bool, _ operation: String,
    _ reduce: (Tensor, Int?, Bool) throws -> Tensor
) throws -> (Tensor, ReductionSaved) {
    let normalized = try reductionAxis(axis, input, operation)
    let output = try reduce(input, normalized, keepDim)
    return (
        output, ReductionSaved(inputShape: input.shape, axis: normalized, keepDim: keepDim, input: nil, output: nil)
    )
}

/// The sum over every element, or along `axis`.
public func sumForward(_ input: Tensor, axis: Int?, keepDim: Bool) throws -> (Tensor, ReductionSaved) {
    try shapeOnlyReduction(input, axis: axis, keepDim: keepDim, "sum") { try $0.sum(axis: $1, keepDim: $2) }
}

/// dX = dOut at every element that was summed into it.
public func sumBackward(_ gradOutput: Tensor, _ saved: ReductionSaved) throws -> Tensor {
    try spread(gradOutput, saved, scale: 1)
}

/// The mean over every element, or along `axis`.
public func meanForward(_ input: Tensor, axis: Int?, keepDim: Bool) throws -> (Tensor, ReductionSaved) {
    try shapeOnlyReduction(input, axis: axis, keepDim: keepDim, "mean") { try $0.mean(axis: $1, keepDim: $2) }
}

/// dX = dOut / n at each of the n elements averaged into it.
public func meanBackward(_ gradOutput: Tensor, _ saved: ReductionSaved) throws -> Tensor {
    try spread(gradOutput, saved, scale: 1 / Float(Swift.max(saved.reducedCount, 1)))
}

/// The largest (or, with `largest` false, the smallest) value over every element or along `axis`.
public func extremumForward(_ input: Tensor, axis: Int?, keepDim: Bool, largest: Bool) throws
    -> (Tensor, ReductionSaved)
{
    let normalized = try reductionAxis(axis, input, largest ? "amax" : "amin")
    let output =
        largest ? try input.max(axis: normalized, keepDim: keepDim) : try input.min(axis: normalized, keepDim: keepDim)
    let saved = ReductionSaved(
        inputShape: input.shape, axis: normalized, keepDim: keepDim, input: input, output: output)
    return (output, saved)
}

/// dX = dOut at the elements equal to the extremum, shared evenly when several are.
public func extremumBackward(_ gradOutput: Tensor, _ saved: ReductionSaved) throws -> Tensor {
    guard let input = saved.input, let output = saved.output else {
        throw EmberError.noForwardPass(operation: "amax")
    }
    let extremum = try output.reshape(saved.keptShape)
    let mask = try input.combined(with: extremum, operation: "amax") { $0 == $1 ? 1 : 0 }
    let ties = try mask.sum(axis: saved.axis, keepDim: true)
    let share = try (try gradOutput.reshape(saved.keptShape)) / ties
    return try mask * share
}
