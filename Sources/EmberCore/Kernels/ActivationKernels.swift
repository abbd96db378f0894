// The ReLU gradient without a branch per element: whether an input was positive is as
// unpredictable as the data, and a mispredicted branch costs more than the arithmetic.

/// `gradInput[i] = gradOutput[i] · (input[i] > 0 ? 1 : 0)` for `i` in `0 ..< count`.
public func reluBackward(
    gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>, gradInput: UnsafeMutablePointer<Float>,
    count: Int
) {
    let (zero, one) = (SIMD4<Float>(repeating: 0), SIMD4<Float>(repeating: 1))
    var i = 0
    while i + 4 <= count {
        let x = UnsafeRawPointer(input + i).loadUnaligned(as: SIMD4<Float>.self)
        let dy = UnsafeRawPointer(gradOutput + i).loadUnaligned(as: SIMD4<Float>.self)
        let slope = zero.replacing(with: one, where: x .> zero)
        UnsafeMutableRawPointer(gradInput + i).storeBytes(of: dy * slope, as: SIMD4<Float>.self)
        i += 4
    }
    while i < count {
        gradInput[i] = gradOutput[i] * (input[i] > 0 ? 1 : 0)
        i += 1
    }
}
