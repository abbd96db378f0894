// The coordinates of the nonzero elements of a tensor: PyTorch's `torch.nonzero`, and the
// positions a boolean mask selects when it indexes a tensor.

extension Tensor {
    /// The coordinates of the nonzero elements (NaN counts as nonzero), one row per element in
    /// row-major order: shape `[count, rank]`, as PyTorch's `torch.nonzero`.
    ///
    /// Throws when a coordinate is past 2²⁴, beyond which a float cannot hold every whole number.
    /// Example: `Tensor([0, 3, 0, 5]).nonzero()` is `[[1], [3]]`.
    public func nonzero() throws -> Tensor {
        let (count, columns) = try nonzeroCoordinates(self, operation: "nonzero")
        let exactLimit = 1 << (Float.significandBitCount + 1)
        for (axis, column) in columns.enumerated() where shape[axis] > exactLimit + 1 {
            if let past = column.last(where: { $0 > exactLimit }) {
                throw EmberError.invalidArgument(
                    function: "nonzero",
                    message: "coordinate \(past) along axis \(axis) is past \(exactLimit), "
                        + "beyond which a float cannot hold every whole number")
            }
        }
        return try Tensor(validShape: [count, rank], operation: "nonzero") { out in
            for (axis, column) in columns.enumerated() {
                for (row, coordinate) in column.enumerated() { out[row * rank + axis] = Float(coordinate) }
            }
        }
    }
}

/// The number of nonzero elements of `tensor` and, per axis, their coordinates along it, in
/// row-major order of the elements; `operation` names the caller when they would not fit in memory.
func nonzeroCoordinates(_ tensor: Tensor, operation: String) throws -> (count: Int, columns: [[Int]]) {
    let shape = tensor.shape
    let count = tensor.scalars.reduce(0) { $1 != 0 ? $0 + 1 : $0 }
    try MemoryBudget.check(count: count * shape.count, size: MemoryLayout<Int>.size, for: operation)
    var columns = [[Int]](repeating: [], count: shape.count)
    for axis in columns.indices { columns[axis].reserveCapacity(count) }
    var counter = [Int](repeating: 0, count: shape.count)
    tensor.scalars.withUnsafeBufferPointer { values in
        for value in values {
            if value != 0 {
                for axis in columns.indices { columns[axis].append(counter[axis]) }
            }
            // Advance the coordinates like an odometer, the last axis fastest.
            var axis = shape.count - 1
            while axis >= 0 {
                counter[axis] += 1
                if counter[axis] < shape[axis] { break }
                counter[axis] = 0
                axis -= 1
            }
        }
    }
    return (count, columns)
}

/// The coordinates of the ones of `mask`, as `nonzeroCoordinates`, or an error naming the
/// first value that is neither 0 nor 1.
func maskCoordinates(_ mask: Tensor) throws -> (count: Int, columns: [[Int]]) {
    if let value = mask.scalars.first(where: { $0 != 0 && $0 != 1 }) {
        throw EmberError.invalidArgument(
            function: "index", message: "a mask holds only 0 and 1, found \(value)")
    }
    return try nonzeroCoordinates(mask, operation: "index")
}
