// Softmax and log-softmax along one axis, computed stably: the largest value of each line is
// subtracted before exponentiating, so nothing overflows and log-softmax never takes log(0).

import Foundation

extension Tensor {
    /// Calls `body` once per line along `axis` with the line's first offset, length and stride.
    func forEachLine(axis: Int, _ body: (_ start: Int, _ n: Int, _ step: Int) -> Void) {
        let outer = shape[..<axis].reduce(1, *)
        let n = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        for o in 0..<outer {
            for i in 0..<inner { body(o * n * inner + i, n, inner) }
        }
    }

    /// `exp(x) / Σ exp(x)` along `axis`.
    public func softmax(axis: Int) throws -> Tensor {
        try normalizedExponent(axis: axis, operation: "softmax", logarithm: false)
    }

    /// `x − log Σ exp(x)` along `axis`.
    public func logSoftmax(axis: Int) throws -> Tensor {
        try normalizedExponent(axis: axis, operation: "log_softmax", logarithm: true)
    }

    private func normalizedExponent(axis: Int, operation: String, logarithm: Bool) throws -> Tensor {
        guard rank > 0 else { return logarithm ? Tensor(0) : Tensor(1) }
        let normalized = try normalizeAxis(axis, rank: rank, operation: operation)
        return try Tensor(validShape: shape) { out in
            scalars.withUnsafeBufferPointer { x in
                forEachLine(axis: normalized) { start, n, step in
                    var largest = -Float.infinity
                    for k in 0..<n { largest = Swift.max(largest, x[start + k * step]) }
                    if largest == -.infinity { largest = 0 }
                    var total: Float = 0
                    for k in 0..<n { total += Foundation.exp(x[start + k * step] - largest) }
                    if logarithm {
                        let logTotal = Foundation.log(total) + largest
                        for k in 0..<n { out[start + k * step] = x[start + k * step] - logTotal }
                    } else {
                        let scale = 1 / total
                        for k in 0..<n {
                            out[start + k * step] = Foundation.exp(x[start + k * step] - largest) * scale
                        }
                    }
                }
            }
        }
    }

    /// The gradient of softmax given its output `self` (y) and dOut, along `axis`:
    /// dX = y ⊙ (dOut − Σ dOut ⊙ y).
    public func softmaxBackward(gradOutput: Tensor, axis: Int) throws -> Tensor {
        try normalizedExponentBackward(gradOutput: gradOutput, axis: axis, logarithm: false)
    }

    /// The gradient of log-softmax given its output `self` (y) and dOut, along `axis`:
    /// dX = dOut − exp(y) · Σ dOut.
    public func logSoftmaxBackward(gradOutput: Tensor, axis: Int) throws -> Tensor {
        try normalizedExponentBackward(gradOutput: gradOutput, axis: axis, logarithm: true)
    }

    private func normalizedExponentBackward(gradOutput: Tensor, axis: Int, logarithm: Bool) throws
        -> Tensor
    {
        let operation = logarithm ? "log_softmax backward" : "softmax backward"
        guard gradOutput.shape == shape else {
            throw EmberError.shapeMismatch(
                operation: operation, expected: "gradient " + formatShape(shape),
                got: gradOutput.shape)
        }
        guard rank > 0 else { return Tensor(0) }
        let normalized = try normalizeAxis(axis, rank: rank, operation: operation)
        return try Tensor(validShape: shape) { dx in
            scalars.withUnsafeBufferPointer { y in
                gradOutput.scalars.withUnsafeBufferPointer { dy in
                    forEachLine(axis: normalized) { start, n, step in
                        var total: Float = 0
                        for k in 0..<n {
                            let i = start + k * step
                            total += logarithm ? dy[i] : dy[i] * y[i]
                        }
                        for k in 0..<n {
                            let i = start + k * step
                            dx[i] = logarithm ? dy[i] - Foundation.exp(y[i]) * total : y[i] * (dy[i] - total)
                        }
                    }
                }
            }
        }
    }
}
