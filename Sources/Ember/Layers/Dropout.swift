// Dropout: in training, zero each element with probability p and scale the survivors by
// 1/(1 − p) so the expected output equals the input; in evaluation, pass everything through.

/// Randomly zeroes elements during training (PyTorch's `nn.Dropout`); the identity in
/// evaluation mode.
///
/// - Parameter p: the probability of zeroing an element (default 0.5), in `[0, 1)`.
public final class Dropout: Module {
    /// The probability of zeroing an element in training.
    public let p: Float
    /// Training mode (the default) or evaluation mode.
    public var isTraining = true
    /// The last values through the layer, recorded by its container or the shell.
    public let trace = Trace()
    /// Where the masks come from, so that a seed fixes them.
    private let generator: Generator
    /// The scaled mask of the last training forward (0 or 1/(1 − p)): backward multiplies by it.
    private var cachedMask: Tensor?
    /// The input shape of the last forward, to check dOut in evaluation mode.
    private var cachedShape: [Int]?

    /// Makes the layer; masks are drawn from `generator`.
    public init(p: Float = 0.5, generator: Generator = .global) throws {
        guard p >= 0, p < 1 else {
            throw EmberError.invalidArgument(
                function: "Dropout", message: "p must be in [0, 1), got \(p)")
        }
        self.p = p
        self.generator = generator
    }
    /// The printout, with p.
    public var description: String { "Dropout(p \(p))" }

    /// In training, x ⊙ mask with a new mask; in evaluation, x itself.
    public func forward(_ input: Tensor) throws -> Tensor {
        cachedShape = input.shape
        guard isTraining, p > 0 else {
            cachedMask = nil
            return input
        }
        let keep = 1 / (1 - p)
        let mask = try Tensor.rand(input.shape, generator: generator).map { $0 < self.p ? 0 : keep }
        cachedMask = mask
        return try input * mask
    }

    /// dX = dOut ⊙ the mask of the last forward (dOut itself in evaluation).
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard let shape = cachedShape else { throw EmberError.noForwardPass(operation: description) }
        guard gradOutput.shape == shape else {
            throw EmberError.shapeMismatch(
                operation: description, expected: "gradient " + formatShape(shape),
                got: gradOutput.shape)
        }
        guard let mask = cachedMask else { return gradOutput }
        return try gradOutput * mask
    }
}
