// Running sums and products along one axis: PyTorch's `cumsum` and `prod`. The tensor is read as
// [outer, n, inner], as the reductions read it; sums and products accumulate in Double, so that
// the result does not depend on rounding at every step.

extension Tensor {
    /// The running sum along `axis`: element k of each line is the sum of elements 0 … k.
    ///
    /// Throws when `axis` is out of range.
    /// Example: `Tensor([1, 2, 3]).cumulativeSum(axis: 0)` is `[1, 3, 6]`.
    public func cumulativeSum(axis: Int) throws -> Tensor {
        let normalized = try normalizeAxis(axis, rank: Swift.max(rank, 1), operation: "cumsum")
        let (outer, n, inner) = lines(around: normalized)
        return try Tensor(validShape: shape, operation: "cumsum") { out in
            scalars.withUnsafeBufferPointer { source in
                for o in 0..<outer {
                    for i in 0..<inner {
                        var total = 0.0
                        for k in 0..<n {
                            let at = (o * n + k) * inner + i
                            total += Double(source[at])
                            out[at] = Float(total)
                        }
                    }
                }
            }
        }
    }

    /// The product of all elements, or along `axis` (kept as size 1 when `keepDim` is true).
    /// The product of no elements is 1.
    ///
    /// Throws when `axis` is out of range.
    /// Example: `Tensor([2, 3, 4]).product()` is `24`.
    public func product(axis: Int? = nil, keepDim: Bool = false) throws -> Tensor {
        guard let axis else {
            let total = scalars.reduce(1.0) { $0 * Double($1) }
            return Tensor(checkedShape: keepDim ? [Int](repeating: 1, count: rank) : [], scalars: [Float(total)])
        }
        let normalized = try normalizeAxis(axis, rank: Swift.max(rank, 1), operation: "prod")
        let (outer, n, inner) = lines(around: normalized)
        var resultShape = shape
        if rank > 0 {
            if keepDim { resultShape[normalized] = 1 } else { resultShape.remove(at: normalized) }
        }
        return try Tensor(validShape: resultShape, operation: "prod") { out in
            scalars.withUnsafeBufferPointer { source in
                for o in 0..<outer {
                    for i in 0..<inner {
                        var total = 1.0
                        for k in 0..<n { total *= Double(source[(o * n + k) * inner + i]) }
                        out[o * inner + i] = Float(total)
                    }
                }
            }
        }
    }

    /// The shape split around `axis` (already in range) into (outer, n, inner) element counts;
    /// a scalar is one line of one element.
    func lines(around axis: Int) -> (outer: Int, n: Int, inner: Int) {
        guard rank > 0 else { return (1, 1, 1) }
        return (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }
}
