// The 2-D convolution op, forward and backward side by side: the saved context, the memory
// checks, and the active backend's arithmetic (on the CPU, im2col plus a GEMM per image with the
// batch split across cores, in `CPUConvolution`).

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
    let output = try ActiveBackend.current.conv2d(input, weight: weight, bias: bias, saved: saved)
    return (output, saved)
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
    return try ActiveBackend.current.conv2dGradients(
        gradOutput, saved, inputGradient: inputGradient, weightGradient: weightGradient,
        biasGradient: biasGradient)
}
