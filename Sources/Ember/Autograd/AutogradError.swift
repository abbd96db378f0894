// The faults of automatic differentiation, with the wording PyTorch users know.

/// An error raised by `backward`.
public enum AutogradError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A second backward through nodes whose saved context the first one freed.
    case graphFreed(node: String)
    /// `backward()` without a gradient on a result with more than one element.
    case nonScalarOutput(shape: [Int])
    /// `backward()` on a value that does not require a gradient.
    case noGradient
    /// A tensor saved for backward was changed in place after it was saved.
    case modifiedInPlace(node: String, shape: [Int], saved: Int, now: Int)
    /// A gradient given to `backward(gradient)` whose shape is not the output's.
    case gradientShape(expected: [Int], got: [Int])

    /// The sentence a user reads.
    public var description: String {
        switch self {
        case .graphFreed(let node):
            return "backward: trying to backward through the graph a second time (\(node) has freed its saved "
                + "tensors); specify retain_graph=True the first time"
        case .nonScalarOutput(let shape):
            return "backward: grad can be implicitly created only for scalar outputs, got shape \(formatShape(shape))"
        case .noGradient:
            return "backward: the tensor does not require grad and has no grad_fn"
        case .modifiedInPlace(let node, let shape, let saved, let now):
            return "backward: a tensor of shape \(formatShape(shape)) needed by \(node) has been modified by an "
                + "in-place operation (version \(now), saved at version \(saved))"
        case .gradientShape(let expected, let got):
            return "backward: the gradient has shape \(formatShape(got)), but the output has shape "
                + formatShape(expected)
        }
    }
}
