// Flatten: a reshape as a layer, so a convolutional stack can feed a Linear layer.

/// Merges axes `startDim` to `endDim` into one (PyTorch's `nn.Flatten`, default from axis 1:
/// `[N, 20, 4, 4]` becomes `[N, 320]`).
public final class Flatten: Module {
    /// The first axis merged.
    public let startDim: Int
    /// The last axis merged (negative counts from the end).
    public let endDim: Int
    /// Training mode (the default) or evaluation mode.
    public var isTraining = true
    /// The last values through the layer, recorded by its container or the shell.
    public let trace = Trace()
    /// The input shape of the last forward: backward reshapes dOut back to it.
    var cachedInputShape: [Int]?

    /// Makes the layer.
    public init(startDim: Int = 1, endDim: Int = -1) {
        self.startDim = startDim
        self.endDim = endDim
    }
    /// The printout: `Flatten()`.
    public var description: String { "Flatten()" }

    /// The shape with axes startDim to endDim merged.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        // A shape given alone is bounded first, so the merged product cannot overflow.
        _ = try elementCount(of: inputShape, operation: description)
        let rank = inputShape.count
        let start = startDim < 0 ? startDim + rank : startDim
        let end = endDim < 0 ? endDim + rank : endDim
        guard start >= 0, end < rank, start <= end else {
            throw inputShapeError(self, expected: "at least \(max(startDim, endDim) + 1) axes", got: inputShape)
        }
        return Array(inputShape[..<start]) + [inputShape[start...end].reduce(1, *)]
            + Array(inputShape[(end + 1)...])
    }

    /// The same values with the axes merged.
    public func forward(_ input: Tensor) throws -> Tensor {
        let output = try input.reshape(try outputShape(for: input.shape))
        cachedInputShape = input.shape
        return output
    }

    /// dOut in the shape of the last input.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard let shape = cachedInputShape else { throw EmberError.noForwardPass(operation: description) }
        do {
            return try gradOutput.reshape(shape)
        } catch {
            throw EmberError.shapeMismatch(
                operation: description,
                expected: "gradient with \(shape.reduce(1, *)) elements", got: gradOutput.shape)
        }
    }
}
