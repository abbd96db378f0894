// In-place sums of same-shaped tensors: how gradients accumulate without a new buffer.

extension Tensor {
    /// Adds `other`, of the same shape, into this tensor element by element.
    public mutating func addInPlace(_ other: Tensor, operation: String) throws {
        guard other.shape == shape else {
            throw EmberError.shapeMismatch(operation: operation, expected: formatShape(shape), got: other.shape)
        }
        other.withUnsafeBufferPointer { b in
            withUnsafeMutableBufferPointer { a in
                for i in 0..<a.count { a[i] += b[i] }
            }
        }
    }
}
