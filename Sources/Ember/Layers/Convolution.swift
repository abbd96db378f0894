// The 2-D convolution as im2col plus one GEMM over the whole batch. Forward builds the column
// matrix once and keeps it: backward needs it for dW, and rebuilding it would cost a full pass.

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
    public let inChannels: Int
    public let outChannels: Int
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    /// `[outChannels, inChannels, kernelSize, kernelSize]`.
    public let weight: Parameter
    /// `[outChannels]`, or nil without bias.
    public let bias: Parameter?
    public var isTraining = true
    public let trace = Trace()
    /// The column matrix of the last forward, for dW = dOut · colsᵀ in backward.
    private var cachedColumns: Tensor?
    /// The geometry of the last forward, to rebuild dX with col2im.
    private var cachedGeometry: ConvolutionGeometry?

    /// Makes the layer with PyTorch's default initialisation drawn from `generator`.
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        bias: Bool = true, generator: Generator = .global
    ) throws {
        guard inChannels > 0, outChannels > 0, kernelSize > 0, stride > 0, padding >= 0 else {
            throw EmberError.invalidArgument(
                function: "Conv2d",
                message: "channels, kernel size and stride must be positive and padding "
                    + "non-negative, got \(inChannels), \(outChannels), \(kernelSize), \(stride), \(padding)")
        }
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

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    public var description: String {
        var text = "Conv2d(\(inChannels) → \(outChannels), kernel \(kernelSize)"
        if stride != 1 { text += ", stride \(stride)" }
        if padding != 0 { text += ", padding \(padding)" }
        if bias == nil { text += ", no bias" }
        return text + ")"
    }

    /// The geometry for an input of `shape`, or an error naming the layer and the shape.
    private func geometry(for shape: [Int]) throws -> ConvolutionGeometry {
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

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(for: inputShape)
        return [g.batch, outChannels, g.outputHeight, g.outputWidth]
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        // x: [N, C, H, W]
        let g = try geometry(for: input.shape)
        let plane = g.outputPlane
        // cols: [C·k·k, N·H'·W']
        let columns = try Tensor(uninitializedShape: [g.patchSize, g.batch * plane]) { cols in
            input.withUnsafeBufferPointer { x in
                guard let px = x.baseAddress, let pc = cols.baseAddress else { return }
                im2col(px, pc, g)
            }
        }
        // out: [O, N·H'·W'] = W · cols, then reordered to [N, O, H', W'] with the bias added.
        let product = try Tensor(uninitializedShape: [outChannels, g.batch * plane]) { out in
            weight.value.withUnsafeBufferPointer { w in
                columns.withUnsafeBufferPointer { cols in
                    guard let pw = w.baseAddress, let pc = cols.baseAddress, let po = out.baseAddress
                    else { return }
                    BLAS.gemm(
                        m: outChannels, n: g.batch * plane, k: g.patchSize, a: pw, lda: g.patchSize,
                        b: pc, ldb: g.batch * plane, c: po, ldc: g.batch * plane)
                }
            }
        }
        cachedColumns = columns
        cachedGeometry = g
        let biasValues = bias?.value
        return try Tensor(uninitializedShape: [g.batch, outChannels, g.outputHeight, g.outputWidth]) { y in
            product.withUnsafeBufferPointer { p in
                for n in 0 ..< g.batch {
                    for o in 0 ..< outChannels {
                        let shift = biasValues?.scalars[o] ?? 0
                        let source = o * g.batch * plane + n * plane
                        let target = (n * outChannels + o) * plane
                        for k in 0 ..< plane { y[target + k] = p[source + k] + shift }
                    }
                }
            }
        }
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard let columns = cachedColumns, let g = cachedGeometry else {
            throw EmberError.noForwardPass(operation: description)
        }
        let plane = g.outputPlane
        let expectedShape = [g.batch, outChannels, g.outputHeight, g.outputWidth]
        guard gradOutput.shape == expectedShape else {
            throw EmberError.shapeMismatch(
                operation: description, expected: "gradient " + formatShape(expectedShape),
                got: gradOutput.shape)
        }
        // dOut reordered to [O, N·H'·W'], the layout of the forward product.
        let dOutMatrix = try Tensor(uninitializedShape: [outChannels, g.batch * plane]) { d in
            gradOutput.withUnsafeBufferPointer { dy in
                for n in 0 ..< g.batch {
                    for o in 0 ..< outChannels {
                        let source = (n * outChannels + o) * plane
                        let target = o * g.batch * plane + n * plane
                        for k in 0 ..< plane { d[target + k] = dy[source + k] }
                    }
                }
            }
        }
        accumulateParameterGradients(dOutMatrix: dOutMatrix, columns: columns, g)
        // dCols = Wᵀ · dOut, then col2im sums each entry back into its pixel.
        let dColumns = try Tensor(uninitializedShape: [g.patchSize, g.batch * plane]) { dc in
            weight.value.withUnsafeBufferPointer { w in
                dOutMatrix.withUnsafeBufferPointer { d in
                    guard let pw = w.baseAddress, let pd = d.baseAddress, let pc = dc.baseAddress
                    else { return }
                    BLAS.gemm(
                        transposeA: true, m: g.patchSize, n: g.batch * plane, k: outChannels,
                        a: pw, lda: g.patchSize, b: pd, ldb: g.batch * plane, c: pc,
                        ldc: g.batch * plane)
                }
            }
        }
        var dX = try Tensor.zeros([g.batch, g.channels, g.height, g.width])
        dX.withUnsafeMutableBufferPointer { dx in
            dColumns.withUnsafeBufferPointer { dc in
                guard let pc = dc.baseAddress, let px = dx.baseAddress else { return }
                col2im(pc, px, g)
            }
        }
        return dX
    }

    /// dW += dOut · colsᵀ and db += the sum of dOut over batch and positions.
    private func accumulateParameterGradients(
        dOutMatrix: Tensor, columns: Tensor, _ g: ConvolutionGeometry
    ) {
        let length = g.batch * g.outputPlane
        dOutMatrix.withUnsafeBufferPointer { d in
            guard let pd = d.baseAddress else { return }
            columns.withUnsafeBufferPointer { cols in
                guard let pc = cols.baseAddress else { return }
                weight.accumulateGrad { dW in
                    guard let pw = dW.baseAddress else { return }
                    BLAS.gemm(
                        transposeB: true, m: outChannels, n: g.patchSize, k: length, a: pd,
                        lda: length, b: pc, ldb: length, beta: 1, c: pw, ldc: g.patchSize)
                }
            }
            bias?.accumulateGrad { db in
                for o in 0 ..< outChannels {
                    var total: Float = 0
                    for k in 0 ..< length { total += pd[o * length + k] }
                    db[o] += total
                }
            }
        }
    }
}
