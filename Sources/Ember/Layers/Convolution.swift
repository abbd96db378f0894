// The 2-D convolution as im2col plus a GEMM, image by image, with the batch split into fixed
// chunks that run on separate cores. Backward rebuilds each image's column matrix from the
// cached input rather than keeping the whole batch's from forward: one image's columns stay
// in cache, and rebuilding them costs no more than reading a batch's worth back from memory.

/// A 2-D convolution over a batch of images (PyTorch's `nn.Conv2d`).
///
/// - Parameters:
///   - inChannels: channels of the input.
///   - outChannels: channels of the output, one filter each.
///   - kernelSize: side of the square filters.
///   - stride: step between filter positions (default 1).
///   - padding: zeros added on every side (default 0).
///   - bias: whether to add a learned bias per output channel (default true).
///
/// Weight `[outChannels, inChannels, k, k]`, bias `[outChannels]`, both uniform in ±1/√(inChannels·k²)
/// as in PyTorch. Input `[N, inChannels, H, W]`, output `[N, outChannels, H', W']` with
/// H' = ⌊(H + 2·padding − k) / stride⌋ + 1.
/// ```swift
/// let conv = try Conv2d(1, 10, kernelSize: 5)   // [64, 1, 28, 28] → [64, 10, 24, 24]
/// ```
public final class Conv2d: Module {
    /// Channels of the input.
    public let inChannels: Int
    /// Channels of the output: one filter each.
    public let outChannels: Int
    /// The side of the square filters.
    public let kernelSize: Int
    /// The step between filter positions.
    public let stride: Int
    /// Zeros added on every side of the input.
    public let padding: Int
    /// `[outChannels, inChannels, kernelSize, kernelSize]`.
    public let weight: Parameter
    /// `[outChannels]`, or nil without bias.
    public let bias: Parameter?
    /// Training mode (the default) or evaluation mode.
    public var isTraining = true
    /// The last values through the layer, recorded by its container or the shell.
    public let trace = Trace()
    /// The input of the last forward: backward rebuilds its columns for dW = dOut · colsᵀ.
    private var cachedInput: Tensor?
    /// The geometry of the last forward, to rebuild dX with col2im.
    private var cachedGeometry: ConvolutionGeometry?
    /// Per-chunk column matrices (forward) and their gradients (backward).
    private let columnScratch = ChunkScratch()
    /// Per-chunk partial dW and db, added into the parameters in chunk order.
    private let gradientScratch = ChunkScratch()

    /// Makes the layer with PyTorch's default initialisation drawn from `generator`.
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        bias: Bool = true, generator: Generator = .global
    ) throws {
        // Sizes past 2²⁰ are typing slips, and bounding them keeps the geometry's sums exact.
        let limit = 1 << 20
        guard (1...limit).contains(inChannels), (1...limit).contains(outChannels), (1...limit).contains(kernelSize),
            (1...limit).contains(stride), (0...limit).contains(padding)
        else {
            throw EmberError.invalidArgument(
                function: "Conv2d",
                message: "channels, kernel size and stride must be in 1...\(limit) and padding in 0...\(limit), "
                    + "got \(inChannels), \(outChannels), \(kernelSize), \(stride), \(padding)")
        }
        _ = try elementCount(of: [outChannels, inChannels, kernelSize, kernelSize], operation: "Conv2d")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        let bound = 1 / Float(inChannels * kernelSize * kernelSize).squareRoot()
        weight = Parameter(
            name: "weight",
            value: try Tensor.uniform(
                [outChannels, inChannels, kernelSize, kernelSize], low: -bound, high: bound,
                generator: generator))
        self.bias =
            bias
            ? Parameter(
                name: "bias",
                value: try Tensor.uniform([outChannels], low: -bound, high: bound, generator: generator))
            : nil
    }

    /// The filters and, if any, the bias.
    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// The printout: `Conv2d(10 → 20, kernel 5)`.
    public var description: String {
        var text = "Conv2d(\(inChannels) → \(outChannels), kernel \(kernelSize)"
        if stride != 1 { text += ", stride \(stride)" }
        if padding != 0 { text += ", padding \(padding)" }
        if bias == nil { text += ", no bias" }
        return text + ")"
    }

    /// The geometry for an input of `shape`, or an error naming the layer and the shape.
    private func geometry(for shape: [Int]) throws -> ConvolutionGeometry {
        // A shape given alone (`summary(net, [1, 2**62, 8])`) is bounded first, so the sums
        // and products below cannot overflow.
        _ = try elementCount(of: shape, operation: description)
        let expected = "[N, \(inChannels), H, W] with H, W ≥ \(max(kernelSize - 2 * padding, 1))"
        guard shape.count == 4, shape[1] == inChannels else {
            throw inputShapeError(self, expected: expected, got: shape)
        }
        let g = ConvolutionGeometry(
            batch: shape[0], channels: inChannels, height: shape[2], width: shape[3],
            kernelHeight: kernelSize, kernelWidth: kernelSize, stride: stride, padding: padding)
        guard shape[2] + 2 * padding >= kernelSize, shape[3] + 2 * padding >= kernelSize
        else { throw inputShapeError(self, expected: expected, got: shape) }
        return g
    }

    /// `[N, outChannels, H', W']` for an input `[N, inChannels, H, W]`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(for: inputShape)
        return [g.batch, outChannels, g.outputHeight, g.outputWidth]
    }

    /// y = W ∗ x + b: im2col and one product per image, the batch split across cores.
    public func forward(_ input: Tensor) throws -> Tensor {
        // x: [N, C, H, W] → y: [N, O, H', W']
        let g = try geometry(for: input.shape)
        let kernel = ConvolutionKernel(geometry: g, outChannels: outChannels)
        try checkScratch(kernel.columnsSize, batch: g.batch)
        let output = try Tensor(uninitializedShape: [g.batch, outChannels, g.outputHeight, g.outputWidth]) { y in
            input.withUnsafeBufferPointer { x in
                weight.value.withUnsafeBufferPointer { w in
                    withBiasPointer { b in
                        guard let px = x.baseAddress, let pw = w.baseAddress, let py = y.baseAddress else { return }
                        Parallel.forEachChunk(count: g.batch, work: kernel.multiplyAdds) { chunk, images in
                            let columns = columnScratch[chunk].reserve(kernel.columnsSize)
                            kernel.forward(images: images, input: px, weight: pw, bias: b, output: py, columns: columns)
                        }
                    }
                }
            }
        }
        cachedInput = input
        cachedGeometry = g
        return output
    }

    /// Throws `outOfMemory` unless each chunk's scratch can grow to `floats` column entries:
    /// a wide kernel on a large image needs columns far larger than the input or the output.
    private func checkScratch(_ floats: Int, batch: Int) throws {
        guard columnScratch[0].capacity < floats else { return }
        try MemoryBudget.check(count: floats, size: 4 * Parallel.chunks(for: batch), for: description)
    }

    /// Calls `body` with a pointer to the bias values, or nil without bias.
    private func withBiasPointer<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        guard let bias else { return body(nil) }
        return bias.value.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// dW += dOut · colsᵀ, db += Σ dOut, and dX = col2im(Wᵀ · dOut).
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let (input, g) = try checkedBackward(gradOutput)
        return try Tensor(uninitializedShape: input.shape) { dx in
            accumulateGradients(gradOutput, input: input, g, gradInput: dx.baseAddress)
        }
    }

    /// dW and db only: the first layer of a model being trained needs no dX, which saves a
    /// product and a col2im per image.
    public func backwardParameters(_ gradOutput: Tensor) throws {
        let (input, g) = try checkedBackward(gradOutput)
        accumulateGradients(gradOutput, input: input, g, gradInput: nil)
    }

    /// The input and geometry of the last forward, after checking dOut against them.
    private func checkedBackward(_ gradOutput: Tensor) throws -> (Tensor, ConvolutionGeometry) {
        guard let input = cachedInput, let g = cachedGeometry else {
            throw EmberError.noForwardPass(operation: description)
        }
        let expectedShape = [g.batch, outChannels, g.outputHeight, g.outputWidth]
        guard gradOutput.shape == expectedShape else {
            throw EmberError.shapeMismatch(
                operation: description, expected: "gradient " + formatShape(expectedShape),
                got: gradOutput.shape)
        }
        // Backward keeps the columns and their gradient side by side.
        let (double, overflow) = ConvolutionKernel(geometry: g, outChannels: outChannels).columnsSize
            .multipliedReportingOverflow(by: 2)
        try checkScratch(overflow ? Int.max : double, batch: g.batch)
        return (input, g)
    }

    /// Adds dW and db from dOut, and writes dX when `gradInput` is given.
    private func accumulateGradients(
        _ gradOutput: Tensor, input: Tensor, _ g: ConvolutionGeometry, gradInput: UnsafeMutablePointer<Float>?
    ) {
        let kernel = ConvolutionKernel(geometry: g, outChannels: outChannels)
        // Each chunk's dWᵀ (C·k·k × O) and db (O) start at zero in its own scratch.
        let partialSize = weight.value.count + outChannels
        var chunks = 0  // stays 0 for an empty batch, which adds nothing to the gradients
        input.withUnsafeBufferPointer { x in
            gradOutput.withUnsafeBufferPointer { dy in
                weight.value.withUnsafeBufferPointer { w in
                    guard let px = x.baseAddress, let pdy = dy.baseAddress, let pw = w.baseAddress else { return }
                    chunks = Parallel.chunks(for: g.batch)
                    Parallel.forEachChunk(count: g.batch, work: 2 * kernel.multiplyAdds) { chunk, images in
                        let partial = gradientScratch[chunk].reserve(partialSize)
                        partial.update(repeating: 0, count: partialSize)
                        kernel.backward(
                            images: images, input: px, gradOutput: pdy, weight: pw, gradWeightTransposed: partial,
                            gradBias: bias == nil ? nil : partial + weight.value.count, gradInput: gradInput,
                            columns: columnScratch[chunk].reserve(2 * kernel.columnsSize))
                    }
                }
            }
        }
        addPartialGradients(chunks: chunks)
    }

    /// dW += each chunk's partial dW (stored transposed), and db likewise, in chunk order.
    private func addPartialGradients(chunks: Int) {
        let weightCount = weight.value.count
        for chunk in 0..<chunks {
            let partial = gradientScratch[chunk].pointer
            let patch = weightCount / outChannels
            weight.accumulateGrad { dW in
                for o in 0..<outChannels {
                    for k in 0..<patch { dW[o * patch + k] += partial[k * outChannels + o] }
                }
            }
            bias?.accumulateGrad { db in
                for o in 0..<outChannels { db[o] += partial[weightCount + o] }
            }
        }
    }
}
