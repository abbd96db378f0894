// Flatten: a reshape as a layer, so a convolutional stack can feed a Linear layer.

/// Merges axes `startDim` to `endDim` into one (PyTorch's `nn.Flatten`, default from axis 1:
/// `[N, 20, 4, 4]` becomes `[N, 320]`).
public final class Flatten: Module {
    public let startDim: Int
    public let endDim: Int
    public var isTraining = true
    public let trace = Trace()
    /// The input shape of the last forward: backward reshapes dOut back to it.
    private var cachedInputShape: [Int]?

    /// Makes the layer.
    public init(startDim: Int = 1, endDim: Int = -1) {
        self.startDim = startDim
        self.endDim = endDim
    }
    public var description: String { "Flatten()" }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let rank = inputShape.count
        let start = startDim < 0 ? startDim + rank : startDim
        let end = endDim < 0 ? endDim + rank : endDim
        guard start >= 0, end < rank, start <= end else {
            throw inputShapeError(self, expected: "at least \(max(startDim, endDim) + 1) axes", got: inputShape)
        }
        return Array(inputShape[..<start]) + [inputShape[start...end].reduce(1, *)]
            + Array(inputShape[(end + 1)...])
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let output = try input.reshape(try outputShape(for: input.shape))
        cachedInputShape = input.shape
        return output
    }

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
