// Copies that reorder or repeat whole axes: PyTorch's `flip` and `repeat`. Both work one axis at
// a time on the [outer, n, inner] reading of the tensor, so each step is two plain loops.

extension Tensor {
    /// The values with the order along each of `axes` reversed.
    ///
    /// Throws when an axis is out of range or named twice.
    /// Example: `Tensor([1, 2, 3]).flipped(axes: [0])` is `[3, 2, 1]`.
    public func flipped(axes: [Int]) throws -> Tensor {
        let normalized = try axes.map { try normalizeAxis($0, rank: rank, operation: "flip") }
        guard Set(normalized).count == normalized.count else {
            throw EmberError.invalidArgument(
                function: "flip", message: "the axes \(formatShape(axes)) name an axis more than once")
        }
        var result = self
        for axis in normalized where rank > 0 {
            let current = result
            let (outer, n, inner) = current.lines(around: axis)
            result = try Tensor(validShape: shape, operation: "flip") { out in
                current.scalars.withUnsafeBufferPointer { source in
                    for o in 0..<outer {
                        for k in 0..<n {
                            let (to, from) = ((o * n + k) * inner, (o * n + n - 1 - k) * inner)
                            for i in 0..<inner { out[to + i] = source[from + i] }
                        }
                    }
                }
            }
        }
        return result
    }

    /// The values tiled `multiples[d]` times along each axis d, as PyTorch's `repeat`: when
    /// there are more multiples than axes, the tensor first gains leading axes of size 1.
    ///
    /// Throws when there are fewer multiples than axes, a multiple is negative, or the result
    /// would be too large.
    /// Example: `Tensor([1, 2]).repeated([2])` is `[1, 2, 1, 2]`.
    public func repeated(_ multiples: [Int]) throws -> Tensor {
        guard multiples.count >= rank else {
            throw EmberError.invalidArgument(
                function: "repeat",
                message:
                    "\(multiples.count) repeats were given for a tensor of \(rank) dimensions; give one for each dimension at least"
            )
        }
        if let negative = multiples.first(where: { $0 < 0 }) {
            throw EmberError.invalidArgument(
                function: "repeat", message: "a repeat count cannot be negative, got \(negative)")
        }
        let padded = [Int](repeating: 1, count: multiples.count - rank) + shape
        var target = padded
        for (axis, multiple) in multiples.enumerated() {
            let (size, overflow) = padded[axis].multipliedReportingOverflow(by: multiple)
            guard !overflow else {
                throw EmberError.invalidArgument(
                    function: "repeat", message: "\(multiple) repeats of an axis of \(padded[axis]) are too many")
            }
            target[axis] = size
        }
        _ = try elementCount(of: target, operation: "repeat")
        var result = try reshape(padded)
        for (axis, multiple) in multiples.enumerated() where multiple != 1 {
            let current = result
            let (outer, n, inner) = current.lines(around: axis)
            var grown = current.shape
            grown[axis] = n * multiple
            result = try Tensor(validShape: grown, operation: "repeat") { out in
                current.scalars.withUnsafeBufferPointer { source in
                    var to = 0
                    for o in 0..<outer {
                        for _ in 0..<multiple {
                            let from = o * n * inner
                            for j in 0..<(n * inner) { out[to + j] = source[from + j] }
                            to += n * inner
                        }
                    }
                }
            }
        }
        return result
    }
}
