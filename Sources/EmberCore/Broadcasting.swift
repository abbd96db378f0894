// NumPy's broadcasting rule and the one kernel that applies a binary function under it. Shapes
// are aligned at their last axis; an axis of size 1 stretches to match the other operand.

/// The shape two operands broadcast to, or an error naming `operation` and both shapes.
public func broadcastShape(_ first: [Int], _ second: [Int], operation: String) throws -> [Int] {
    let rank = max(first.count, second.count)
    var result = [Int](repeating: 1, count: rank)
    for offset in 0..<rank {
        let a = offset < first.count ? first[first.count - 1 - offset] : 1
        let b = offset < second.count ? second[second.count - 1 - offset] : 1
        guard a == b || a == 1 || b == 1 else {
            throw EmberError.incompatibleShapes(
                operation: operation, first: first, second: second,
                reason: "cannot be broadcast together (axis \(rank - 1 - offset): \(a) vs \(b))")
        }
        result[rank - 1 - offset] = a == 1 ? b : a
    }
    // Stretching both ways can ask for far more elements than either operand holds.
    _ = try elementCount(of: result, operation: operation)
    return result
}

/// The strides that read `shape` as if it had `target` shape: 0 along stretched axes.
func broadcastStrides(of shape: [Int], to target: [Int]) -> [Int] {
    let natural = contiguousStrides(of: shape)
    let lead = target.count - shape.count
    return (0..<target.count).map { axis in
        guard axis >= lead else { return 0 }
        return shape[axis - lead] == 1 ? 0 : natural[axis - lead]
    }
}

extension Tensor {
    /// Applies `body` to each pair of elements of `self` and `other` broadcast together.
    ///
    /// `operation` names the operation in the error thrown when the shapes do not broadcast.
    @inlinable
    public func combined(
        with other: Tensor, operation: String, _ body: (Float, Float) -> Float
    ) throws -> Tensor {
        if shape == other.shape {
            return try Tensor(validShape: shape, operation: operation) { out in
                scalars.withUnsafeBufferPointer { a in
                    other.scalars.withUnsafeBufferPointer { b in
                        for i in 0..<out.count { out[i] = body(a[i], b[i]) }
                    }
                }
            }
        }
        let resultShape = try broadcastShape(shape, other.shape, operation: operation)
        if other.count == 1, resultShape == shape {
            let b = other.scalars[0]
            return try Tensor(validShape: shape, operation: operation) { out in
                scalars.withUnsafeBufferPointer { a in
                    for i in 0..<out.count { out[i] = body(a[i], b) }
                }
            }
        }
        return try combinedBroadcasting(with: other, resultShape: resultShape, operation: operation, body)
    }

    @usableFromInline
    func combinedBroadcasting(
        with other: Tensor, resultShape: [Int], operation: String, _ body: (Float, Float) -> Float
    ) throws -> Tensor {
        let stridesA = broadcastStrides(of: shape, to: resultShape)
        let stridesB = broadcastStrides(of: other.shape, to: resultShape)
        return try Tensor(validShape: resultShape, operation: operation) { out in
            guard out.count > 0 else { return }
            scalars.withUnsafeBufferPointer { a in
                other.scalars.withUnsafeBufferPointer { b in
                    forEachRow(of: resultShape, strides: [stridesA, stridesB]) { row, offsets in
                        let inner = resultShape.last ?? 1
                        let stepA = stridesA.last ?? 0
                        let stepB = stridesB.last ?? 0
                        var ia = offsets[0]
                        var ib = offsets[1]
                        for j in 0..<inner {
                            out[row * inner + j] = body(a[ia], b[ib])
                            ia += stepA
                            ib += stepB
                        }
                    }
                }
            }
        }
    }
}

/// Visits every row (all axes but the last) of a tensor of `shape`, in row-major order, giving
/// the row number and, for each set of `strides`, the offset of the row's first element.
func forEachRow(of shape: [Int], strides: [[Int]], _ body: (Int, [Int]) -> Void) {
    let outerRank = max(shape.count - 1, 0)
    let rows = shape.dropLast().reduce(1, *)
    var counter = [Int](repeating: 0, count: outerRank)
    var offsets = [Int](repeating: 0, count: strides.count)
    for row in 0..<rows {
        body(row, offsets)
        // Advance the counter like an odometer, updating each offset incrementally.
        var axis = outerRank - 1
        while axis >= 0 {
            counter[axis] += 1
            for k in 0..<strides.count { offsets[k] += strides[k][axis] }
            if counter[axis] < shape[axis] { break }
            for k in 0..<strides.count { offsets[k] -= strides[k][axis] * shape[axis] }
            counter[axis] = 0
            axis -= 1
        }
    }
}
