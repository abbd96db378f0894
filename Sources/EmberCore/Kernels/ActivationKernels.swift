// ReLU and its gradient without a branch per element (whether an input is positive is as
// unpredictable as the data, and a mispredicted branch costs more than the arithmetic), split
// across cores for large tensors. Every element is computed as by the scalar rule.

/// `output[i] = input[i] <= 0 ? 0 : input[i]` for `i` in `0 ..< count`: a NaN stays NaN, as in
/// PyTorch, so that a diverging network shows NaN rather than hiding it behind zeros.
public func reluForward(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, count: Int) {
    forEachElementGroup(count: count) { range in
        let zero = SIMD4<Float>(repeating: 0)
        var i = range.lowerBound
        while i &+ 4 <= range.upperBound {
            let x = UnsafeRawPointer(input + i).loadUnaligned(as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(output + i).storeBytes(
                of: x.replacing(with: zero, where: x .<= zero), as: SIMD4<Float>.self)
            i &+= 4
        }
        while i < range.upperBound {
            output[i] = input[i] <= 0 ? 0 : input[i]
            i &+= 1
        }
    }
}

/// `gradInput[i] = input[i] <= 0 ? 0 : gradOutput[i]` for `i` in `0 ..< count`: the gradient
/// passes where the output was not cut to zero (a NaN input lets it through, as PyTorch's
/// mask of the output does), and is exactly zero elsewhere even when dOut is infinite.
public func reluBackward(
    gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>,
    count: Int
) {
    forEachElementGroup(count: count) { range in
        let zero = SIMD4<Float>(repeating: 0)
        var i = range.lowerBound
        while i &+ 4 <= range.upperBound {
            let x = UnsafeRawPointer(input + i).loadUnaligned(as: SIMD4<Float>.self)
            let dy = UnsafeRawPointer(gradOutput + i).loadUnaligned(as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(gradInput + i).storeBytes(
                of: dy.replacing(with: zero, where: x .<= zero), as: SIMD4<Float>.self)
            i &+= 4
        }
        while i < range.upperBound {
            gradInput[i] = input[i] <= 0 ? 0 : gradOutput[i]
            i &+= 1
        }
    }
}

/// Calls `body` with contiguous ranges covering `0 ..< count`, split across cores when the
/// tensor is large; the ranges start at multiples of four, so the vector steps line up.
@inline(__always)
private func forEachElementGroup(count: Int, _ body: (Range<Int>) -> Void) {
    let groups = (count + 3) / 4
    // About a dozen operations and three streams of memory per group of four.
    Parallel.forEachChunk(count: groups, work: 16 * groups) { _, chunk in
        body(4 * chunk.lowerBound..<Swift.min(4 * chunk.upperBound, count))
    }
}
