// Max and average pooling over square windows, forward and backward side by side. Max pooling
// saves, for each output, which input won, so that backward sends the whole gradient there and
// nowhere else; average pooling saves only the geometry.

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
    let output = try ActiveBackend.current.maxPool2d(input, geometry: g, indices: &argmaxIndices)
    return (output, MaxPool2dSaved(geometry: g, argmaxIndices: argmaxIndices))
}

/// dX: each output's gradient at the input that won its window, zero elsewhere.
public func maxPool2dBackward(_ gradOutput: Tensor, _ saved: MaxPool2dSaved) throws -> Tensor {
    try ActiveBackend.current.maxPool2dGradient(gradOutput, saved)
}

/// What average pooling's backward needs: the geometry alone.
public struct AvgPool2dSaved {
    /// The sizes, strides and padding of the forward.
    public let geometry: ConvolutionGeometry
    /// The shape of y, and so of dOut.
    public var outputShape: [Int] { [geometry.batch, geometry.channels, geometry.outputHeight, geometry.outputWidth] }
}

/// The mean of each window, padding counted as zeros.
public func avgPool2dForward(_ input: Tensor, geometry g: ConvolutionGeometry) throws -> (Tensor, AvgPool2dSaved) {
    // x: [N, C, H, W]
    let output = try ActiveBackend.current.avgPool2d(input, geometry: g)
    return (output, AvgPool2dSaved(geometry: g))
}

/// dX: each output's gradient shared evenly by its window.
public func avgPool2dBackward(_ gradOutput: Tensor, _ saved: AvgPool2dSaved) throws -> Tensor {
    try ActiveBackend.current.avgPool2dGradient(gradOutput, saved)
}
