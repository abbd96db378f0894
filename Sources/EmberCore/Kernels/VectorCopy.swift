// Short runs of floats copied, added, filled and summed eight lanes at a time, and the
// four-float loads and stores the kernels share. The rows the
// convolution rearranges are only 8 to 28 floats long: too short for a call to memcpy to pay
// off, and long enough that a loop of single floats costs more than the data movement.

/// `target[k] = source[k]` for `k` in `0 ..< count`.
@inline(__always)
func copyFloats(from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
    var k = 0
    while k &+ 8 <= count {
        let v = UnsafeRawPointer(source + k).loadUnaligned(as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(target + k).storeBytes(of: v, as: SIMD8<Float>.self)
        k &+= 8
    }
    while k < count {
        target[k] = source[k]
        k &+= 1
    }
}

/// `target[k] += source[k]` for `k` in `0 ..< count`.
@inline(__always)
func addFloats(from source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
    var k = 0
    while k &+ 8 <= count {
        let v = UnsafeRawPointer(source + k).loadUnaligned(as: SIMD8<Float>.self)
        let t = UnsafeRawPointer(target + k).loadUnaligned(as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(target + k).storeBytes(of: t + v, as: SIMD8<Float>.self)
        k &+= 8
    }
    while k < count {
        target[k] += source[k]
        k &+= 1
    }
}

/// `target[k] = value` for `k` in `0 ..< count`.
@inline(__always)
func fillFloats(_ target: UnsafeMutablePointer<Float>, with value: Float, count: Int) {
    let v = SIMD8<Float>(repeating: value)
    var k = 0
    while k &+ 8 <= count {
        UnsafeMutableRawPointer(target + k).storeBytes(of: v, as: SIMD8<Float>.self)
        k &+= 8
    }
    while k < count {
        target[k] = value
        k &+= 1
    }
}

/// The sum of `count` floats from `start`, in eight interleaved partial sums (a single running
/// sum would wait on each addition in turn) combined in a fixed order.
@inline(__always)
func sumFloats(_ start: UnsafePointer<Float>, count: Int) -> Float {
    var partial = SIMD8<Float>(repeating: 0)
    var k = 0
    while k &+ 8 <= count {
        partial += UnsafeRawPointer(start + k).loadUnaligned(as: SIMD8<Float>.self)
        k &+= 8
    }
    var total = partial.sum()
    while k < count {
        total += start[k]
        k &+= 1
    }
    return total
}

/// Four floats from `pointer`, which need not be aligned.
@inline(__always)
func load4(_ pointer: UnsafePointer<Float>) -> SIMD4<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
}

/// Four floats from `pointer`, which need not be aligned.
@inline(__always)
func load4(_ pointer: UnsafeMutablePointer<Float>) -> SIMD4<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
}

/// Writes four floats at `pointer`, which need not be aligned.
@inline(__always)
func store4(_ value: SIMD4<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<Float>.self)
}
