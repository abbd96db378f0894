// Element-wise arithmetic on the CPU: plain loops over the flat buffers, which the compiler
// vectorises.

extension CPUBackend: ElementwiseBackend {
    /// Overwrites lhs, which it owns, where the mask is zero.
    public func select(_ mask: Tensor, _ lhs: consuming Tensor, _ rhs: Tensor) -> Tensor {
        lhs.withUnsafeMutableBufferPointer { out in
            mask.withUnsafeBufferPointer { m in
                rhs.withUnsafeBufferPointer { b in
                    for i in 0..<out.count where m[i] == 0 { out[i] = b[i] }
                }
            }
        }
        return lhs
    }

    /// Adds in place, in the accumulator's own buffer.
    public func add(_ other: Tensor, into accumulator: inout Tensor) {
        other.withUnsafeBufferPointer { b in
            accumulator.withUnsafeMutableBufferPointer { a in
                for i in 0..<a.count { a[i] += b[i] }
            }
        }
    }
}
