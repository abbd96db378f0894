// Max and average pooling over square windows. Max pooling remembers, for each output, which
// input won, so that backward sends the whole gradient there and nowhere else.

/// Checks the shape of a pooling input and returns its geometry, or an error naming the layer.
private func poolingGeometry(
    _ module: any Module, _ shape: [Int], kernelSize: Int, stride: Int, padding: Int
) throws -> ConvolutionGeometry {
    let expected = "[N, C, H, W] with H, W ≥ \(max(kernelSize - 2 * padding, 1))"
    guard shape.count == 4, shape[2] + 2 * padding >= kernelSize, shape[3] + 2 * padding >= kernelSize
    else { throw inputShapeError(module, expected: expected, got: shape) }
    return ConvolutionGeometry(
        batch: shape[0], channels: shape[1], height: shape[2], width: shape[3],
        kernelHeight: kernelSize, kernelWidth: kernelSize, stride: stride, padding: padding)
}

/// The work of a pooling pass for `Parallel`: a few operations per input element, as it only
/// moves and compares memory.
private func poolingWork(_ g: ConvolutionGeometry) -> Int {
    4 * g.batch * g.channels * g.height * g.width
}

/// Validates pooling arguments the way PyTorch does.
private func checkPoolingArguments(_ name: String, kernelSize: Int, stride: Int, padding: Int) throws {
    guard kernelSize > 0, stride > 0, padding >= 0, padding * 2 <= kernelSize else {
        throw EmberError.invalidArgument(
            function: name,
            message: "needs kernel size and stride > 0 and 0 ≤ padding ≤ kernel size / 2, got "
                + "kernel \(kernelSize), stride \(stride), padding \(padding)")
    }
}

/// Describes a pooling layer: `MaxPool2d(kernel 2, stride 2)`.
private func poolingDescription(_ name: String, kernelSize: Int, stride: Int, padding: Int) -> String {
    "\(name)(kernel \(kernelSize), stride \(stride)\(padding > 0 ? ", padding \(padding)" : ""))"
}

/// The maximum over each window (PyTorch's `nn.MaxPool2d`).
///
/// - Parameters:
///   - kernelSize: side of the square window.
///   - stride: step between windows (default: the kernel size, so windows do not overlap).
///   - padding: implicit −∞ added on every side (default 0).
///
/// Input `[N, C, H, W]`, output `[N, C, H', W']`. Backward routes each output gradient to
/// the input that was the maximum of its window.
public final class MaxPool2d: Module {
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    public var isTraining = true
    public let trace = Trace()
    /// For each output, the flat index of the winning input, so backward can route dOut.
    /// Rewritten in place by each forward of the same size.
    private var argmaxIndices: [Int32] = []
    /// The geometry of the last forward, for the shape of dX and to check dOut against.
    private var cachedGeometry: ConvolutionGeometry?

    /// Makes the layer; `stride` defaults to `kernelSize`.
    public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws {
        try checkPoolingArguments(
            "MaxPool2d", kernelSize: kernelSize, stride: stride ?? kernelSize, padding: padding)
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    public var description: String {
        poolingDescription("MaxPool2d", kernelSize: kernelSize, stride: stride, padding: padding)
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try poolingGeometry(self, inputShape, kernelSize: kernelSize, stride: stride, padding: padding)
        return [g.batch, g.channels, g.outputHeight, g.outputWidth]
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        // x: [N, C, H, W]
        let g = try poolingGeometry(self, input.shape, kernelSize: kernelSize, stride: stride, padding: padding)
        guard input.count < Int(Int32.max) else {
            throw EmberError.invalidArgument(function: description, message: "input is too large")
        }
        let outputShape = [g.batch, g.channels, g.outputHeight, g.outputWidth]
        let outputCount = outputShape.reduce(1, *)
        if argmaxIndices.count != outputCount { argmaxIndices = [Int32](repeating: 0, count: outputCount) }
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
        cachedGeometry = g
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard let g = cachedGeometry else { throw EmberError.noForwardPass(operation: description) }
        let outputShape = [g.batch, g.channels, g.outputHeight, g.outputWidth]
        guard gradOutput.shape == outputShape else {
            throw EmberError.shapeMismatch(
                operation: description, expected: "gradient " + formatShape(outputShape), got: gradOutput.shape)
        }
        return try Tensor(uninitializedShape: [g.batch, g.channels, g.height, g.width]) { dx in
            gradOutput.withUnsafeBufferPointer { dy in
                argmaxIndices.withUnsafeBufferPointer { arg in
                    guard let pdy = dy.baseAddress, let pa = arg.baseAddress, let pdx = dx.baseAddress else { return }
                    Parallel.forEachChunk(count: g.batch, work: poolingWork(g)) { _, images in
                        maxPoolBackward(pdy, argmax: pa, pdx, g, images: images)
                    }
                }
            }
        }
    }
}

/// The mean over each window (PyTorch's `nn.AvgPool2d`, counting padding as zeros).
///
/// - Parameters:
///   - kernelSize: side of the square window.
///   - stride: step between windows (default: the kernel size).
///   - padding: zeros added on every side (default 0); they count in the mean.
///
/// Input `[N, C, H, W]`, output `[N, C, H', W']`. Backward spreads each output gradient
/// evenly over its window.
public final class AvgPool2d: Module {
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    public var isTraining = true
    public let trace = Trace()
    /// The geometry of the last forward, for the windows of backward.
    private var cachedGeometry: ConvolutionGeometry?

    /// Makes the layer; `stride` defaults to `kernelSize`.
    public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws {
        try checkPoolingArguments(
            "AvgPool2d", kernelSize: kernelSize, stride: stride ?? kernelSize, padding: padding)
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    public var description: String {
        poolingDescription("AvgPool2d", kernelSize: kernelSize, stride: stride, padding: padding)
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try poolingGeometry(self, inputShape, kernelSize: kernelSize, stride: stride, padding: padding)
        return [g.batch, g.channels, g.outputHeight, g.outputWidth]
    }

    /// Calls `body(output, input)` for every output position and every in-bounds input of its
    /// window, as flat indices.
    private func forEachWindowTap(_ g: ConvolutionGeometry, _ body: (Int, Int) -> Void) {
        let (oh, ow) = (g.outputHeight, g.outputWidth)
        for p in 0..<g.batch * g.channels {
            for r in 0..<oh {
                for c in 0..<ow {
                    let o = (p * oh + r) * ow + c
                    for i in 0..<kernelSize {
                        let sy = r * stride - padding + i
                        guard sy >= 0, sy < g.height else { continue }
                        for j in 0..<kernelSize {
                            let sx = c * stride - padding + j
                            guard sx >= 0, sx < g.width else { continue }
                            body(o, (p * g.height + sy) * g.width + sx)
                        }
                    }
                }
            }
        }
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        // x: [N, C, H, W]
        let g = try poolingGeometry(self, input.shape, kernelSize: kernelSize, stride: stride, padding: padding)
        cachedGeometry = g
        let scale = 1 / Float(kernelSize * kernelSize)
        var output = try Tensor.zeros([g.batch, g.channels, g.outputHeight, g.outputWidth])
        output.withUnsafeMutableBufferPointer { y in
            input.withUnsafeBufferPointer { x in
                forEachWindowTap(g) { o, i in y[o] += x[i] * scale }
            }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard let g = cachedGeometry else { throw EmberError.noForwardPass(operation: description) }
        let expectedShape = [g.batch, g.channels, g.outputHeight, g.outputWidth]
        guard gradOutput.shape == expectedShape else {
            throw EmberError.shapeMismatch(
                operation: description, expected: "gradient " + formatShape(expectedShape),
                got: gradOutput.shape)
        }
        let scale = 1 / Float(kernelSize * kernelSize)
        var dX = try Tensor.zeros([g.batch, g.channels, g.height, g.width])
        dX.withUnsafeMutableBufferPointer { dx in
            gradOutput.withUnsafeBufferPointer { dy in
                forEachWindowTap(g) { o, i in dx[i] += dy[o] * scale }
            }
        }
        return dX
    }
}
