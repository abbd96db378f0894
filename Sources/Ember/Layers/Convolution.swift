// The 2-D convolution layer: its filters and the calls of the convolution op
// (Ops/ConvolutionOp.swift), whose forward and backward are shared with the tape.

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
    /// The context of the last forward: its input, whose columns backward rebuilds for
    /// dW = dOut · colsᵀ, and its geometry, to rebuild dX with col2im.
    var saved: Conv2dSaved?
    /// The op's per-core scratch memory, kept so that a training step allocates none.
    let scratch = ConvolutionScratch()

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

    /// y = W ∗ x + b: im2col and one product per image, the batch split across cores
    /// (`conv2dForward`).
    public func forward(_ input: Tensor) throws -> Tensor {
        // x: [N, C, H, W] → y: [N, O, H', W']
        let g = try geometry(for: input.shape)
        let (output, saved) = try conv2dForward(
            input, weight: weight.value, bias: bias?.value, geometry: g, scratch: scratch, operation: description)
        self.saved = saved
        return output
    }

    /// dW += dOut · colsᵀ, db += Σ dOut, and dX = col2im(Wᵀ · dOut) (`conv2dBackward`).
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard
            let dX = try conv2dBackward(
                gradOutput, try checkedBackward(gradOutput), inputGradient: true, weightGradient: weight,
                biasGradient: bias, operation: description)
        else { throw EmberError.noForwardPass(operation: description) }
        return dX
    }

    /// dW and db only: the first layer of a model being trained needs no dX, which saves a
    /// product and a col2im per image.
    public func backwardParameters(_ gradOutput: Tensor) throws {
        _ = try conv2dBackward(
            gradOutput, try checkedBackward(gradOutput), inputGradient: false, weightGradient: weight,
            biasGradient: bias, operation: description)
    }

    /// The context of the last forward, after checking dOut against it.
    private func checkedBackward(_ gradOutput: Tensor) throws -> Conv2dSaved {
        guard let saved else { throw EmberError.noForwardPass(operation: description) }
        guard gradOutput.shape == saved.outputShape else {
            throw EmberError.shapeMismatch(
                operation: description, expected: "gradient " + formatShape(saved.outputShape),
                got: gradOutput.shape)
        }
        return saved
    }
}
