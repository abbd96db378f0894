// Max and average pooling over square windows. Max pooling remembers, for each output, which
// input won, so that backward sends the whole gradient there and nowhere else.

/// The work of a pooling pass for `Parallel`: a few operations per input element, as it only
/// moves and compares memory.
private func poolingWork(_ g: ConvolutionGeometry) -> Int {
    4 * g.batch * g.channels * g.height * g.width
}

/// What max and average pooling share: the window's size, step and padding, the checks of the
/// input and of dOut, and the printout. Use `MaxPool2d` or `AvgPool2d`.
public class Pool2d {
    /// The side of the square window.
    public let kernelSize: Int
    /// The step between windows.
    public let stride: Int
    /// The padding on every side.
    public let padding: Int
    /// Pooling behaves the same in training and evaluation.
    public var isTraining = true
    /// The last values through the layer, recorded by its container.
    public let trace = Trace()
    /// The geometry of the last forward: the windows of backward and the shape dOut must have.
    var cachedGeometry: ConvolutionGeometry?

    init(name: String, kernelSize: Int, stride: Int?, padding: Int) throws {
        let step = stride ?? kernelSize
        let limit = 1 << 20
        guard (1...limit).contains(kernelSize), (1...limit).contains(step), padding >= 0, padding <= kernelSize / 2
        else {
            throw EmberError.invalidArgument(
                function: name,
                message: "needs kernel size and stride in 1...\(limit) and 0 ≤ padding ≤ kernel size / 2, got "
                    + "kernel \(kernelSize), stride \(step), padding \(padding)")
        }
        self.kernelSize = kernelSize
        self.stride = step
        self.padding = padding
    }

    /// `MaxPool2d(kernel 2, stride 2)`.
    public var description: String {
        "\(type(of: self))(kernel \(kernelSize), stride \(stride)\(padding > 0 ? ", padding \(padding)" : ""))"
    }

    /// `[N, C, H', W']` for an input `[N, C, H, W]`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(for: inputShape)
        return [g.batch, g.channels, g.outputHeight, g.outputWidth]
    }

    /// The geometry for an input of `shape`, or an error naming the layer.
    func geometry(for shape: [Int]) throws -> ConvolutionGeometry {
        // A shape given alone is bounded first, so the sums below cannot overflow.
        _ = try elementCount(of: shape, operation: description)
        let expected = "[N, C, H, W] with H, W ≥ \(max(kernelSize - 2 * padding, 1))"
        guard shape.count == 4, shape[2] + 2 * padding >= kernelSize, shape[3] + 2 * padding >= kernelSize else {
            throw EmberError.shapeMismatch(operation: description, expected: "input " + expected, got: shape)
        }
        return ConvolutionGeometry(
            batch: shape[0], channels: shape[1], height: shape[2], width: shape[3],
            kernelHeight: kernelSize, kernelWidth: kernelSize, stride: stride, padding: padding)
    }

    /// The geometry of the last forward, after checking dOut against its output.
    func checkedGradient(_ gradOutput: Tensor) throws -> ConvolutionGeometry {
        guard let g = cachedGeometry else { throw EmberError.noForwardPass(operation: description) }
        let outputShape = [g.batch, g.channels, g.outputHeight, g.outputWidth]
        guard gradOutput.shape == outputShape else {
            throw EmberError.shapeMismatch(
                operation: description, expected: "gradient " + formatShape(outputShape), got: gradOutput.shape)
        }
        return g
    }
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
public final class MaxPool2d: Pool2d, Module {
    /// For each output, the flat index of the winning input, so backward can route dOut.
    /// Rewritten in place by each forward of the same size.
    private var argmaxIndices: [Int32] = []

    /// Makes the layer; `stride` defaults to `kernelSize`.
    public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws {
        try super.init(name: "MaxPool2d", kernelSize: kernelSize, stride: stride, padding: padding)
    }

    /// The maximum of each window, remembering which input won.
    public func forward(_ input: Tensor) throws -> Tensor {
        // x: [N, C, H, W]
        let g = try geometry(for: input.shape)
        guard input.count < Int(Int32.max) else {
            throw EmberError.invalidArgument(function: description, message: "input is too large")
        }
        let outputShape = [g.batch, g.channels, g.outputHeight, g.outputWidth]
        let outputCount = try elementCount(of: outputShape, operation: description)
        if argmaxIndices.count != outputCount {
            // The indices and the output together, before either is allocated.
            try MemoryBudget.check(count: outputCount, size: 8, for: description)
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
        cachedGeometry = g
        return output
    }

    /// dX: each output's gradient at the input that won its window, zero elsewhere.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let g = try checkedGradient(gradOutput)
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
public final class AvgPool2d: Pool2d, Module {
    /// Makes the layer; `stride` defaults to `kernelSize`.
    public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws {
        try super.init(name: "AvgPool2d", kernelSize: kernelSize, stride: stride, padding: padding)
    }

    /// Calls `body(output, input)` for every output position and every in-bounds input of its
    /// window, as flat indices.
    private func forEachWindowTap(_ g: ConvolutionGeometry, _ body: (Int, Int) -> Void) {
        let (oh, ow) = (g.outputHeight, g.outputWidth)
        for p in 0..<g.batch * g.channels {
            for r in 0..<oh {
                for c in 0..<ow {
                    let o = (p * oh + r) * ow + c
                    // Only the taps inside the input: a window can be far wider than the
                    // image, and visiting its padding one tap at a time would stall.
                    for sy in tapRange(r * stride - padding, limit: g.height) {
                        for sx in tapRange(c * stride - padding, limit: g.width) {
                            body(o, (p * g.height + sy) * g.width + sx)
                        }
                    }
                }
            }
        }
    }

    /// The input positions `start ..< start + kernelSize` that lie in `0 ..< limit`.
    private func tapRange(_ start: Int, limit: Int) -> Range<Int> {
        let low = Swift.min(Swift.max(start, 0), limit)
        return low..<Swift.max(low, Swift.min(start + kernelSize, limit))
    }

    /// The mean of each window.
    public func forward(_ input: Tensor) throws -> Tensor {
        // x: [N, C, H, W]
        let g = try geometry(for: input.shape)
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

    /// dX: each output's gradient shared evenly by its window.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let g = try checkedGradient(gradOutput)
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
