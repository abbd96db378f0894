// Where a backward adds a gradient: a layer's parameter on the explicit path, a leaf or a
// node's pending gradient on the tape. Ops add into it in place, so both paths compute the same
// sums in the same order and allocate nothing for a parameter's gradient.

/// A gradient buffer that a backward adds into in place; it starts at zero.
public protocol GradientAccumulator: AnyObject {
    /// Calls `body` with the gradient buffer, to add into it.
    func accumulate(_ body: (UnsafeMutableBufferPointer<Float>) -> Void)
}

extension Parameter: GradientAccumulator {
    /// Adds into `grad` in place.
    public func accumulate(_ body: (UnsafeMutableBufferPointer<Float>) -> Void) { accumulateGrad(body) }
}

extension Variable: GradientAccumulator {}
