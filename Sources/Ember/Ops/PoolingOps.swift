// Max and average pooling over square windows, forward and backward side by side. Max pooling
// saves, for each output, which input won, so that backward sends the whole gradient there and
// nowhere else; average pooling saves only the geometry.

/// The work of a pooling pass for `Parallel`: a few operations per input element, as it only
/// moves and compares memory.
private func poolingWork(_ g: ConvolutionGeometry) -> Int {
    4 * g.batch * g.channels * g.height * g.width
}

/// What max pooling's backward needs: the geometry and the winner of each window.
public struct MaxPool2dSaved {
    /// The sizes, strides and padding of the forward.
    public let geometry: ConvolutionGeometry
    /// For each output, the flat index of the winning input, so backward can route dOut.
    public let argmaxIndices: [Int32]
    /// The shape of y, and so of dOut.
    public var outputShape: [Int] { [geometry.batch, geometry.channels, geometry.outputHeight, geometry.outputWidth] }
}

/// The maximum of each window, remembering which input won, in `indices`: the buffer of an
/// earlier forward, overwritten in place when its size fits and nothing else holds it (a layer
/// passes its own, so a training step allocates none); `operation` names the caller in errors.
public func maxPool2dForward(
    _ input: Tensor, geometry g: ConvolutionGeometry, indices argmaxIndices: inout [Int32], operation: String
) throws -> (Tensor, MaxPool2dSaved) {
    // x: [N, C, H, W]
    guard input.count < Int(Int32.max) else {
        throw EmberError.invalidArgument(function: operation, message: "input is too large")
    }
    let outputShape = [g.batch, g.channels, g.outputHeight, g.outputWidth]
    let outputCount = try elementCount(of: outputShape, operation: operation)
    if argmaxIndices.count != outputCount {
        // The indices and the output together, before either is allocated.
        try MemoryBudget.check(count: outputCount, size: 8, for: operation)
        argmaxIndices = [Int32](repeating: 0, count: outputCount)
    }
    let output = try Tensor(uninitializedShape: outputShape) { y in
        input.withUnsafeBufferPointer { x in
            argmaxIndices.withUnsafeMutableBufferPointer { arg in
                guard let px = x.baseAddress, let py = y.baseAddress, let pa = arg.baseAddress else { return }
                Parallel.forEachChunk(count: g.batch, work: poolingWork(g)) { _, images in
                    maxPoolForward(px, py, argmax: pa, g, images: images)
                }
            }
        }
    }
    return (output, MaxPool2dSaved(geometry: g, argmaxIndices: argmaxIndices))
}

/// dX: each output's gradient at the input that won its window, zero elsewhere.
public func maxPool2dBackward(_ gradOutput: Tensor, _ saved: MaxPool2dSaved) throws -> Tensor {
    let g = saved.geometry
    return try Tensor(uninitializedShape: [g.batch, g.channels, g.height, g.width]) { dx in
        gradOutput.withUnsafeBufferPointer { dy in
            saved.argmaxIndices.withUnsafeBufferPointer { arg in
                guard let pdy = dy.baseAddress, let pa = arg.baseAddress, let pdx = dx.baseAddress else { return }
                Parallel.forEachChunk(count: g.batch, work: poolingWork(g)) { _, images in
                    maxPoolBackward(pdy, argmax: pa, pdx, g, images: images)
                }
            }
        }
    }
}

/// What average pooling's backward needs: the geometry alone.
public struct AvgPool2dSaved {
    /// The sizes, strides and padding of the forward.
    public let geometry: ConvolutionGeometry
    /// The shape of y, and so of dOut.
    public var outputShape: [Int] { [geometry.batch, geometry.channels, geometry.outputHeight, geometry.outputWidth] }
}

/// Calls `body(output, input)` for every output position and every in-bounds input of its
/// window, as flat indices.
private func forEachWindowTap(_ g: ConvolutionGeometry, _ body: (Int, Int) -> Void) {
    let (oh, ow) = (g.outputHeight, g.outputWidth)
    for p in 0..<g.batch * g.channels {
        for r in 0..<oh {
            for c in 0..<ow {
                let o = (p * oh + r) * ow + c
                // Only the taps inside the input: a window can be far wider than the image,
                // and visiting its padding one tap at a time would stall.
                for sy in tapRange(r * g.stride - g.padding, size: g.kernelHeight, limit: g.height) {
                    for sx in tapRange(c * g.stride - g.padding, size: g.kernelWidth, limit: g.width) {
                        body(o, (p * g.height + sy) * g.width + sx)
                    }
                }
            }
        }
    }
}

/// The input positions `start ..< start + size` that lie in `0 ..< limit`.
private func tapRange(_ start: Int, size: Int, limit: Int) -> Range<Int> {
    let low = Swift.min(Swift.max(start, 0), limit)
    return low..<Swift.max(low, Swift.min(start + size, limit))
}

/// The mean of each window, padding counted as zeros.
public func avgPool2dForward(_ input: Tensor, geometry g: ConvolutionGeometry) throws -> (Tensor, AvgPool2dSaved) {
    // x: [N, C, H, W]
    let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
    var output = try Tensor.zeros([g.batch, g.channels, g.outputHeight, g.outputWidth])
    output.withUnsafeMutableBufferPointer { y in
        input.withUnsafeBufferPointer { x in
            forEachWindowTap(g) { o, i in y[o] += x[i] * scale }
        }
    }
    return (output, AvgPool2dSaved(geometry: g))
}

/// dX: each output's gradient shared evenly by its window.
public func avgPool2dBackward(_ gradOutput: Tensor, _ saved: AvgPool2dSaved) throws -> Tensor {
    let g = saved.geometry
    let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
    var dX = try Tensor.zeros([g.batch, g.channels, g.height, g.width])
    dX.withUnsafeMutableBufferPointer { dx in
        gradOutput.withUnsafeBufferPointer { dy in
            forEachWindowTap(g) { o, i in dx[i] += dy[o] * scale }
        }
    }
    return dX
}
