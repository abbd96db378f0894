// Sorting along one axis: PyTorch's `sort`, `argsort` and `topk`. The tensor is read as
// [outer, n, inner], as the reductions read it, and each of the outer × inner lines of n values
// is sorted on its own. The sort is stable (equal values keep their order, in either direction)
// and NaN counts as larger than every number, as in PyTorch: last ascending, first descending.

extension Tensor {
    /// The values along `axis` in order, and where each came from: `values` has this tensor's
    /// shape, and `indices` (whole numbers, as floats) the position along `axis` of each value.
    ///
    /// Stable: equal values keep their order. Throws when `axis` is out of range or the axis is
    /// longer than 2²⁴, past which a float cannot hold every index.
    /// Example: `Tensor([3, 1, 2]).sorted()` is `([1, 2, 3], [1, 2, 0])`.
    public func sorted(axis: Int = -1, descending: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        let normalized = try normalizeAxis(axis, rank: Swift.max(rank, 1), operation: "sort")
        let n = rank == 0 ? 1 : shape[normalized]
        return try sortedLines(axis: normalized, keeping: n, descending: descending, operation: "sort")
    }

    /// The `k` largest (or, when `largest` is false, smallest) values along `axis`, in order,
    /// and their positions along it: both of this tensor's shape with `axis` of size `k`.
    ///
    /// Ties go to the earlier position. Throws when `axis` is out of range or `k` is negative
    /// or larger than the axis.
    /// Example: `Tensor([1, 3, 2]).top(2)` is `([3, 2], [1, 2])`.
    public func top(_ k: Int, axis: Int = -1, largest: Bool = true) throws -> (values: Tensor, indices: Tensor) {
        let normalized = try normalizeAxis(axis, rank: Swift.max(rank, 1), operation: "topk")
        let n = rank == 0 ? 1 : shape[normalized]
        guard k >= 0, k <= n else {
            throw EmberError.invalidArgument(
                function: "topk", message: "k (\(k)) must be between 0 and the size \(n) of axis \(normalized)")
        }
        return try sortedLines(axis: normalized, keeping: k, descending: largest, operation: "topk")
    }

    /// The first `keep` values of each sorted line along `axis` (already in range), with
    /// their positions.
    private func sortedLines(
        axis: Int, keeping keep: Int, descending: Bool, operation: String
    ) throws -> (values: Tensor, indices: Tensor) {
        let n = rank == 0 ? 1 : shape[axis]
        let exactLimit = 1 << (Float.significandBitCount + 1)
        guard n <= exactLimit + 1 else {
            throw EmberError.invalidArgument(
                function: operation,
                message:
                    "axis \(axis) has \(n) elements, past \(exactLimit), beyond which a float cannot hold every index")
        }
        var resultShape = shape
        if rank > 0 { resultShape[axis] = keep }
        let outer = rank == 0 ? 1 : shape[..<axis].reduce(1, *)
        let inner = rank == 0 ? 1 : shape[(axis + 1)...].reduce(1, *)
        var order = [Int](repeating: 0, count: n)
        let indices = try Tensor(validShape: resultShape, operation: operation) { out in
            scalars.withUnsafeBufferPointer { source in
                for o in 0..<outer {
                    for i in 0..<inner {
                        let base = o * n * inner + i
                        sortLine(&order, descending: descending) { source[base + $0 * inner] }
                        for k in 0..<keep { out[(o * keep + k) * inner + i] = Float(order[k]) }
                    }
                }
            }
        }
        let values = try Tensor(validShape: resultShape, operation: operation) { out in
            scalars.withUnsafeBufferPointer { source in
                indices.scalars.withUnsafeBufferPointer { positions in
                    for o in 0..<outer {
                        for k in 0..<keep {
                            for i in 0..<inner {
                                let at = (o * keep + k) * inner + i
                                out[at] = source[(o * n + Int(positions[at])) * inner + i]
                            }
                        }
                    }
                }
            }
        }
        return (values, indices)
    }
}

/// Fills `order` with the positions 0 ..< order.count sorted by `value`, stably, NaN largest.
private func sortLine(_ order: inout [Int], descending: Bool, _ value: (Int) -> Float) {
    for k in order.indices { order[k] = k }
    let keys = order.map(value)
    // A NaN compares as larger than every number and equal to another NaN.
    func less(_ a: Float, _ b: Float) -> Bool { a < b || (b.isNaN && !a.isNaN) }
    // Ties fall back to the position, which makes the order stable whatever the sort does.
    order.sort { a, b in
        let (x, y) = (keys[a], keys[b])
        if descending ? less(y, x) : less(x, y) { return true }
        if descending ? less(x, y) : less(y, x) { return false }
        return a < b
    }
}
