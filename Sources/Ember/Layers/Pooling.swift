// Max and average pooling layers: the window's settings and the calls of the pooling ops
// (Ops/PoolingOps.swift), whose forward and backward are shared with the tape.

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
    /// The context of the last forward: for each output, the flat index of the winning input,
    /// so backward can route dOut. Its buffer is rewritten in place by each forward of the same size.
    var saved: MaxPool2dSaved?

    /// Makes the layer; `stride` defaults to `kernelSize`.
    public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws {
        try super.init(name: "MaxPool2d", kernelSize: kernelSize, stride: stride, padding: padding)
    }

    /// The maximum of each window, remembering which input won (`maxPool2dForward`).
    public func forward(_ input: Tensor) throws -> Tensor {
        // x: [N, C, H, W]
        let g = try geometry(for: input.shape)
        // Taken out of the context, so that the op can overwrite it without a copy.
        var indices = saved?.argmaxIndices ?? []
        saved = nil
        let (output, newSaved) = try maxPool2dForward(input, geometry: g, indices: &indices, operation: description)
        saved = newSaved
        cachedGeometry = g
        return output
    }

    /// dX: each output's gradient at the input that won its window, zero elsewhere.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        _ = try checkedGradient(gradOutput)
        guard let saved else { throw EmberError.noForwardPass(operation: description) }
        return try maxPool2dBackward(gradOutput, saved)
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

    /// The mean of each window (`avgPool2dForward`).
    public func forward(_ input: Tensor) throws -> Tensor {
        // x: [N, C, H, W]
        let g = try geometry(for: input.shape)
        cachedGeometry = g
        return try avgPool2dForward(input, geometry: g).0
    }

    /// dX: each output's gradient shared evenly by its window.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let g = try checkedGradient(gradOutput)
        return try avgPool2dBackward(gradOutput, AvgPool2dSaved(geometry: g))
    }
}
