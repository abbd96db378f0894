// The 2-D convolution op as im2col plus a GEMM, image by image, with the batch split into fixed
// chunks that run on separate cores. Backward rebuilds each image's column matrix from the
// saved input rather than keeping the whole batch's from forward: one image's columns stay in
// cache, and rebuilding them costs no more than reading a batch's worth back from memory.

/// The per-core scratch memory of the convolution op, kept by its caller between calls so that
/// a training step allocates none: column matrices, and partial dW and db per chunk.
public final class ConvolutionScratch: @unchecked Sendable {
    /// Per-chunk column matrices (forward) and their gradients (backward).
    let columns = ChunkScratch()
    /// Per-chunk partial dW and db, added into the gradients in chunk order.
    let gradients = ChunkScratch()

    /// Empty scratch; it grows on first use.
    public init() {}

    /// Throws `outOfMemory` unless each chunk's columns can grow to `floats` entries: a wide
    /// kernel on a large image needs columns far larger than the input or the output.
    func check(_ floats: Int, batch: Int, for operation: String) throws {
        guard columns[0].capacity < floats else { return }
        try MemoryBudget.check(count: floats, size: 4 * Parallel.chunks(for: batch), for: operation)
    }
}

/// What the convolution op's backward needs from its forward.
public struct Conv2dSaved {
    /// x: [N, C, H, W], whose columns backward rebuilds for dW = dOut · colsᵀ.
    public let input: Tensor
    /// W: [O, C, k, k], for dX = col2im(Wᵀ · dOut).
    public let weight: Tensor
    /// The sizes, strides and padding of the forward.
    public let geometry: ConvolutionGeometry
    /// Whether a bias was added, so that db is wanted.
    public let hasBias: Bool
    /// The scratch memory of the caller.
    let scratch: ConvolutionScratch

    var outChannels: Int { weight.shape[0] }
    /// The shape of y, and so of dOut.
    public var outputShape: [Int] { [geometry.batch, outChannels, geometry.outputHeight, geometry.outputWidth] }
}

/// y = W ∗ x + b: im2col and one product per image, the batch split across cores. The caller
/// has checked `geometry` against x and W; `operation` names the caller in memory errors.
public func conv2dForward(
    _ input: Tensor, weight: Tensor, bias: Tensor?, geometry g: ConvolutionGeometry,
    scratch: ConvolutionScratch, operation: String
) throws -> (Tensor, Conv2dSaved) {
    // x: [N, C, H, W] → y: [N, O, H', W']
    let saved = Conv2dSaved(input: input, weight: weight, geometry: g, hasBias: bias != nil, scratch: scratch)
    let kernel = ConvolutionKernel(geometry: g, outChannels: saved.outChannels)
    try scratch.check(kernel.columnsSize, batch: g.batch, for: operation)
    let output = try Tensor(uninitializedShape: saved.outputShape) { y in
        input.withUnsafeBufferPointer { x in
            weight.withUnsafeBufferPointer { w in
                withOptionalPointer(bias) { b in
                    guard let px = x.baseAddress, let pw = w.baseAddress, let py = y.baseAddress else { return }
                    Parallel.forEachChunk(count: g.batch, work: kernel.multiplyAdds) { chunk, images in
                        let columns = scratch.columns[chunk].reserve(kernel.columnsSize)
                        kernel.forward(images: images, input: px, weight: pw, bias: b, output: py, columns: columns)
                    }
                }
            }
        }
    }
    return (output, saved)
}

/// Calls `body` with a pointer to the values of `tensor`, or nil without one.
private func withOptionalPointer<R>(_ tensor: Tensor?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let tensor else { return body(nil) }
    return tensor.withUnsafeBufferPointer { body($0.baseAddress) }
}

/// dW += dOut · colsᵀ and db += Σ dOut (into the accumulators given), and
/// dX = col2im(Wᵀ · dOut) when `inputGradient` is true, which costs a product and a col2im per
/// image more.
public func conv2dBackward(
    _ gradOutput: Tensor, _ saved: Conv2dSaved, inputGradient: Bool,
    weightGradient: (any GradientAccumulator)?, biasGradient: (any GradientAccumulator)?, operation: String
) throws -> Tensor? {
    let g = saved.geometry
    // Backward keeps the columns and their gradient side by side.
    let kernel = ConvolutionKernel(geometry: g, outChannels: saved.outChannels)
    let (double, overflow) = kernel.columnsSize.multipliedReportingOverflow(by: 2)
    try saved.scratch.check(overflow ? Int.max : double, batch: g.batch, for: operation)
    guard inputGradient else {
        accumulateConv2dGradients(gradOutput, saved, gradInput: nil, weightGradient, biasGradient)
        return nil
    }
    return try Tensor(uninitializedShape: saved.input.shape) { dx in
        accumulateConv2dGradients(gradOutput, saved, gradInput: dx.baseAddress, weightGradient, biasGradient)
    }
}

/// Adds dW and db from dOut, and writes dX when `gradInput` is given.
private func accumulateConv2dGradients(
    _ gradOutput: Tensor, _ saved: Conv2dSaved, gradInput: UnsafeMutablePointer<Float>?,
    _ weightGradient: (any GradientAccumulator)?, _ biasGradient: (any GradientAccumulator)?
) {
    let g = saved.geometry
    let outChannels = saved.outChannels
    let kernel = ConvolutionKernel(geometry: g, outChannels: outChannels)
    // Each chunk's dWᵀ (C·k·k × O) and db (O) start at zero in its own scratch.
    let weightCount = saved.weight.count
    let partialSize = weightCount + outChannels
    let scratch = saved.scratch
    var chunks = 0  // stays 0 for an empty batch, which adds nothing to the gradients
    saved.input.withUnsafeBufferPointer { x in
        gradOutput.withUnsafeBufferPointer { dy in
            saved.weight.withUnsafeBufferPointer { w in
                guard let px = x.baseAddress, let pdy = dy.baseAddress, let pw = w.baseAddress else { return }
                chunks = Parallel.chunks(for: g.batch)
                Parallel.forEachChunk(count: g.batch, work: 2 * kernel.multiplyAdds) { chunk, images in
                    let partial = scratch.gradients[chunk].reserve(partialSize)
                    partial.update(repeating: 0, count: partialSize)
                    kernel.backward(
                        images: images, input: px, gradOutput: pdy, weight: pw, gradWeightTransposed: partial,
                        gradBias: saved.hasBias ? partial + weightCount : nil, gradInput: gradInput,
                        columns: scratch.columns[chunk].reserve(2 * kernel.columnsSize))
                }
            }
        }
    }
    // dW += each chunk's partial dW (stored transposed), and db likewise, in chunk order.
    let patch = weightCount / Swift.max(outChannels, 1)
    for chunk in 0..<chunks {
        let partial = scratch.gradients[chunk].pointer
        weightGradient?.accumulate { dW in
            for o in 0..<outChannels {
                for k in 0..<patch { dW[o * patch + k] += partial[k * outChannels + o] }
            }
        }
        if saved.hasBias {
            biasGradient?.accumulate { db in
                for o in 0..<outChannels { db[o] += partial[weightCount + o] }
            }
        }
    }
}
