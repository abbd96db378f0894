// ReLU and its gradient without a branch per element (whether an input is positive is as
// unpredictable as the data, and a mispredicted branch costs more than the arithmetic), split
// across cores for large tensors. Every element is computed as by the scalar rule.

/// `output[i] = input[i] > 0 ? input[i] : 0` for `i` in `0 ..< count` (NaN gives 0).
public func reluForward(input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, count: Int) {
    forEachElementGroup(count: count) { range in
        let zero = SIMD4<Float>(repeating: 0)
        var i = range.lowerBound
        while i &+ 4 <= range.upperBound {
            let x = UnsafeRawPointer(input + i).loadUnaligned(as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(output + i).storeBytes(
                of: zero.replacing(with: x, where: x .> zero), as: SIMD4<Float>.self)
            i &+= 4
        }
        while i < range.upperBound {
            output[i] = input[i] > 0 ? input[i] : 0
            i &+= 1
        }
    }
}

/// `gradInput[i] = gradOutput[i] · (input[i] > 0 ? 1 : 0)` for `i` in `0 ..< count`.
public func reluBackward(
    gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>,
    count: Int
) {
    forEachElementGroup(count: count) { range in
        let (zero, one) = (SIMD4<Float>(repeating: 0), SIMD4<Float>(repeating: 1))
        var i = range.lowerBound
        while i &+ 4 <= range.upperBound {
            let x = UnsafeRawPointer(input + i).loadUnaligned(as: SIMD4<Float>.self)
            let dy = UnsafeRawPointer(gradOutput + i).loadUnaligned(as: SIMD4<Float>.self)
            let slope = zero.replacing(with: one, where: x .> zero)
            UnsafeMutableRawPointer(gradInput + i).storeBytes(of: dy * slope, as: SIMD4<Float>.self)
            i &+= 4
        }
        while i < range.upperBound {
            gradInput[i] = gradOutput[i] * (input[i] > 0 ? 1 : 0)
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
