// Operations that change the shape or the order of axes. Reshapes keep the storage as it is;
// permutations copy, because every tensor stays contiguous.

extension Tensor {
    /// The same values under another shape with the same count; one dimension may be −1 and
    /// is then inferred (`x.reshape([-1, 784])`).
    public func reshape(_ newShape: [Int]) throws -> Tensor {
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        guard inferred.count <= 1 else {
            throw EmberError.invalidArgument(
                function: "reshape", message: "only one dimension can be -1, got \(formatShape(newShape))")
        }
        var resolved = newShape
        if let axis = inferred.first {
            resolved[axis] = 1
            let known = try elementCount(of: resolved, operation: "reshape")
            guard known > 0, count % known == 0 else {
                throw EmberError.invalidArgument(
                    function: "reshape",
                    message: "shape \(formatShape(newShape)) is invalid for \(count) elements")
            }
            resolved[axis] = count / known
        }
        guard try elementCount(of: resolved, operation: "reshape") == count else {
            throw EmberError.invalidArgument(
                function: "reshape",
                message: "shape \(formatShape(newShape)) is invalid for input of shape "
                    + "\(formatShape(shape)) (\(count) elements)")
        }
        return reshapedUnchecked(resolved)
    }

    /// The same storage under a shape the caller has checked has the same element count.
    @usableFromInline
    func reshapedUnchecked(_ newShape: [Int]) -> Tensor {
        var result = self
        result.setShapeUnchecked(newShape)
        return result
    }

    /// Merges the axes from `startAxis` to `endAxis` (inclusive) into one, as `torch.flatten`.
    public func flatten(startAxis: Int = 0, endAxis: Int = -1) throws -> Tensor {
        guard rank > 0 else { return reshapedUnchecked([1]) }
        let start = try normalizeAxis(startAxis, rank: rank, operation: "flatten")
        let end = try normalizeAxis(endAxis, rank: rank, operation: "flatten")
        guard start <= end else {
            throw EmberError.invalidArgument(
                function: "flatten",
                message: "start axis \(startAxis) comes after end axis \(endAxis)")
        }
        let merged = shape[start...end].reduce(1, *)
        return reshapedUnchecked(Array(shape[..<start]) + [merged] + Array(shape[(end + 1)...]))
    }

    /// A new axis of size 1 inserted at `axis` (which may equal the rank, or be negative).
    public func unsqueeze(_ axis: Int) throws -> Tensor {
        let position = try normalizeAxis(axis, rank: rank + 1, operation: "unsqueeze")
        guard rank < maximumRank else {
            throw EmberError.invalidArgument(
                function: "unsqueeze", message: "a tensor has at most \(maximumRank) dimensions")
        }
        var newShape = shape
        newShape.insert(1, at: position)
        return reshapedUnchecked(newShape)
    }

    /// Removes axes of size 1: all of them, or only `axis` if it has size 1.
    public func squeeze(_ axis: Int? = nil) throws -> Tensor {
        guard let axis else { return reshapedUnchecked(shape.filter { $0 != 1 }) }
        guard rank > 0 else { return self }
        let position = try normalizeAxis(axis, rank: rank, operation: "squeeze")
        guard shape[position] == 1 else { return self }
        var newShape = shape
        newShape.remove(at: position)
        return reshapedUnchecked(newShape)
    }

    /// The axes reordered: axis `i` of the result is axis `order[i]` of `self`.
    public func permute(_ order: [Int]) throws -> Tensor {
        let normalized = try order.map { try normalizeAxis($0, rank: rank, operation: "permute") }
        guard normalized.count == rank, Set(normalized).count == rank else {
            throw EmberError.invalidArgument(
                function: "permute",
                message: "order \(formatShape(order)) is not a permutation of the \(rank) axes of "
                    + formatShape(shape))
        }
        return permuted(normalized)
    }

    /// The axes reordered by `order`, a permutation already checked.
    private func permuted(_ order: [Int]) -> Tensor {
        if order == Array(0..<rank) { return self }
        let sourceStrides = strides
        let newShape = order.map { shape[$0] }
        let readStrides = order.map { sourceStrides[$0] }
        return Tensor(shape: newShape, sameCountAs: self) { out in
            guard out.count > 0 else { return }
            scalars.withUnsafeBufferPointer { a in
                let inner = newShape.last ?? 1
                let step = readStrides.last ?? 0
                forEachRow(of: newShape, strides: [readStrides]) { row, offsets in
                    var source = offsets[0]
                    for j in 0..<inner {
                        out[row * inner + j] = a[source]
                        source += step
                    }
                }
            }
        }
    }

    /// Axes `first` and `second` swapped.
    public func transpose(_ first: Int, _ second: Int) throws -> Tensor {
        let a = try normalizeAxis(first, rank: rank, operation: "transpose")
        let b = try normalizeAxis(second, rank: rank, operation: "transpose")
        var order = Array(0..<rank)
        order.swapAt(a, b)
        return try permute(order)
    }

    /// All axes in reverse order; for a matrix, its transpose (PyTorch's `.T`).
    public var T: Tensor {
        permuted(Array((0..<rank).reversed()))
    }
}
