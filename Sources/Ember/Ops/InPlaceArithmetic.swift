// In-place sums of same-shaped tensors: how gradients accumulate without a new buffer.

extension Tensor {
    /// Adds `other`, of the same shape, into this tensor element by element.
    public mutating func addInPlace(_ other: Tensor, operation: String) throws {
        guard other.shape == shape else {
            throw EmberError.shapeMismatch(operation: operation, expected: formatShape(shape), got: other.shape)
        }
        ActiveBackend.current.add(other, into: &self)
    }
}
