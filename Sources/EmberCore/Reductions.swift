// Reductions over all elements or along one axis. Along an axis, the tensor is read as
// [outer, n, inner] so that every reduction is the same three loops. Sums accumulate in Double:
// a mean of 60,000 losses should not depend on the order of the additions.

extension Tensor {
    /// Splits the shape around `axis` into (outer, n, inner) element counts.
    private func aroundAxis(_ axis: Int) -> (outer: Int, n: Int, inner: Int) {
        guard rank > 0 else { return (1, 1, 1) }
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        return (outer, shape[axis], inner)
    }

    /// The shape left after reducing `axis`, keeping it as size 1 when `keepDim` is true.
    private func reducedShape(_ axis: Int, keepDim: Bool) -> [Int] {
        guard rank > 0 else { return [] }
        var result = shape
        if keepDim { result[axis] = 1 } else { result.remove(at: axis) }
        return result
    }

    /// Reduces along `axis` with `body`, which sees the `n` values of each line through a
    /// strided reader and returns the line's result.
    private func reduce(
        axis: Int?, keepDim: Bool, operation: String, allowEmpty: Bool = true,
        _ body: (_ n: Int, _ value: (Int) -> Float) -> Float
    ) throws -> Tensor {
        guard let axis else {
            if !allowEmpty && count == 0 {
                throw EmberError.invalidArgument(
                    function: operation, message: "cannot reduce an empty tensor")
            }
            let result = scalars.withUnsafeBufferPointer { a in body(a.count) { a[$0] } }
            let resultShape = keepDim ? [Int](repeating: 1, count: rank) : []
            return Tensor(checkedShape: resultShape, scalars: [result])
        }
        let normalized = try normalizeAxis(axis, rank: rank, operation: operation)
        let (outer, n, inner) = aroundAxis(normalized)
        if !allowEmpty && n == 0 {
            throw EmberError.invalidArgument(
                function: operation, message: "cannot reduce axis \(axis) of size 0")
        }
        return try Tensor(validShape: reducedShape(normalized, keepDim: keepDim), operation: operation) { out in
            scalars.withUnsafeBufferPointer { a in
                for o in 0..<outer {
                    for i in 0..<inner {
                        let base = o * n * inner + i
                        out[o * inner + i] = body(n) { a[base + $0 * inner] }
                    }
                }
            }
        }
    }

    /// The sum of all elements, or along `axis`.
    public func sum(axis: Int? = nil, keepDim: Bool = false) throws -> Tensor {
        try reduce(axis: axis, keepDim: keepDim, operation: "sum") { n, value in
            var total = 0.0
            for k in 0..<n { total += Double(value(k)) }
            return Float(total)
        }
    }

    /// The mean of all elements, or along `axis`; NaN for an empty tensor.
    public func mean(axis: Int? = nil, keepDim: Bool = false) throws -> Tensor {
        try reduce(axis: axis, keepDim: keepDim, operation: "mean") { n, value in
            var total = 0.0
            for k in 0..<n { total += Double(value(k)) }
            return Float(total / Double(n))
        }
    }

    /// The largest element, or the largest along `axis`; NaN if any value is NaN.
    public func max(axis: Int? = nil, keepDim: Bool = false) throws -> Tensor {
        try reduce(axis: axis, keepDim: keepDim, operation: "max", allowEmpty: false) { n, value in
            var best = -Float.infinity
            for k in 0..<n {
                let v = value(k)
                if v.isNaN { return .nan }
                if v > best { best = v }
            }
            return best
        }
    }

    /// The smallest element, or the smallest along `axis`; NaN if any value is NaN.
    public func min(axis: Int? = nil, keepDim: Bool = false) throws -> Tensor {
        try reduce(axis: axis, keepDim: keepDim, operation: "min", allowEmpty: false) { n, value in
            var best = Float.infinity
            for k in 0..<n {
                let v = value(k)
                if v.isNaN { return .nan }
                if v < best { best = v }
            }
            return best
        }
    }

    /// The index of the largest element (of the flattened tensor without `axis`), the first
    /// one on ties; a NaN counts as largest, as in PyTorch.
    public func argmax(axis: Int? = nil, keepDim: Bool = false) throws -> Tensor {
        try reduce(axis: axis, keepDim: keepDim, operation: "argmax", allowEmpty: false) {
            n, value in
            var bestIndex = 0
            var best = -Float.infinity
            for k in 0..<n {
                let v = value(k)
                if v.isNaN { return Float(k) }
                if v > best || k == 0 {
                    best = v
                    bestIndex = k
                }
            }
            return Float(bestIndex)
        }
    }

    /// The variance of all elements, or along `axis`. With `unbiased` (the default, as in
    /// PyTorch) the sum of squares is divided by n − 1, otherwise by n.
    public func variance(axis: Int? = nil, keepDim: Bool = false, unbiased: Bool = true) throws
        -> Tensor
    {
        try reduce(axis: axis, keepDim: keepDim, operation: "var") { n, value in
            var total = 0.0
            for k in 0..<n { total += Double(value(k)) }
            let mean = total / Double(n)
            var squares = 0.0
            for k in 0..<n {
                let d = Double(value(k)) - mean
                squares += d * d
            }
            let divisor = Double(unbiased ? n - 1 : n)
            return divisor > 0 ? Float(squares / divisor) : .nan
        }
    }

    /// The standard deviation: the square root of `variance`.
    public func std(axis: Int? = nil, keepDim: Bool = false, unbiased: Bool = true) throws
        -> Tensor
    {
        try variance(axis: axis, keepDim: keepDim, unbiased: unbiased).sqrt()
    }
}
