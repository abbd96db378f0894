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
    let generator: Generator
    /// The scaled mask of the last training forward (0 or 1/(1 − p)): backward multiplies by it.
    var saved: DropoutSaved?
    /// The input shape of the last forward, to check dOut in evaluation mode.
    var cachedShape: [Int]?

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
        let (output, saved) = try dropoutForward(input, p: p, training: isTraining, generator: generator)
        self.saved = saved
        return output
    }

    /// dX = dOut ⊙ the mask of the last forward (dOut itself in evaluation).
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard let shape = cachedShape else { throw EmberError.noForwardPass(operation: description) }
        guard gradOutput.shape == shape else {
            throw EmberError.shapeMismatch(
                operation: description, expected: "gradient " + formatShape(shape),
                got: gradOutput.shape)
        }
        guard let saved else { return gradOutput }
        return try dropoutBackward(gradOutput, saved)
    }
}
