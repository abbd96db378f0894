// Max and average pooling on the CPU: SIMD kernels from EmberCore for max pooling, split
// across cores by image; a loop over the in-bounds taps of each window for average pooling.

extension CPUBackend: PoolingBackend {
    /// The maximum of each window and the flat index of its winner, image chunks in parallel.
    public func maxPool2d(_ input: Tensor, geometry g: ConvolutionGeometry, indices: inout [Int32]) throws -> Tensor {
        // x: [N, C, H, W]
        let outputShape = [g.batch, g.channels, g.outputHeight, g.outputWidth]
        return try Tensor(uninitializedShape: outputShape) { y in
            input.withUnsafeBufferPointer { x in
                indices.withUnsafeMutableBufferPointer { arg in
                    guard let px = x.baseAddress, let py = y.baseAddress, let pa = arg.baseAddress else { return }
                    Parallel.forEachChunk(count: g.batch, work: poolingWork(g)) { _, images in
                        maxPoolForward(px, py, argmax: pa, g, images: images)
                    }
                }
            }
        }
    }

    /// Each output's gradient routed to its window's winner.
    public func maxPool2dGradient(_ gradOutput: Tensor, _ saved: MaxPool2dSaved) throws -> Tensor {
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

    /// The mean of each window, padding counted as zeros.
    public func avgPool2d(_ input: Tensor, geometry g: ConvolutionGeometry) throws -> Tensor {
        let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
        var output = try Tensor.zeros([g.batch, g.channels, g.outputHeight, g.outputWidth])
        output.withUnsafeMutableBufferPointer { y in
            input.withUnsafeBufferPointer { x in
                forEachWindowTap(g) { o, i in y[o] += x[i] * scale }
            }
        }
        return output
    }

    /// Each output's gradient shared evenly by its window.
    public func avgPool2dGradient(_ gradOutput: Tensor, _ saved: AvgPool2dSaved) throws -> Tensor {
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
}

/// The work of a pooling pass for `Parallel`: a few operations per input element, as it only
/// moves and compares memory.
private func poolingWork(_ g: ConvolutionGeometry) -> Int {
    4 * g.batch * g.channels * g.height * g.width
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
