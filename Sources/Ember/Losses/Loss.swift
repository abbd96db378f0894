// The loss protocol and the checks every classification loss shares.

/// A loss: a number that says how wrong an output is, and its gradient.
///
/// `forward` keeps what `backward` needs; `backward` returns dLoss/dOutput for the last forward,
/// ready to pass to the model's `backward`.
public protocol Loss: AnyObject, CustomStringConvertible {
    /// The loss of `output` against `target`, averaged over the batch.
    func forward(_ output: Tensor, _ target: Tensor) throws -> Float
    /// The gradient of the last forward's loss with respect to its output.
    func backward() throws -> Tensor
}

extension Loss {
    /// Runs `forward` (so a loss can be called like a function: `loss(out, y)`).
    public func callAsFunction(_ output: Tensor, _ target: Tensor) throws -> Float {
        try forward(output, target)
    }
}

/// Checks `[N, C]` scores against `[N]` class indices and returns the indices as integers.
func classIndices(_ loss: any Loss, output: Tensor, target: Tensor) throws -> [Int] {
    guard output.rank == 2 else {
        throw EmberError.shapeMismatch(
            operation: loss.description, expected: "output [N, C]", got: output.shape)
    }
    let (n, c) = (output.shape[0], output.shape[1])
    guard target.shape == [n] else {
        throw EmberError.shapeMismatch(
            operation: loss.description, expected: "target [\(n)] of class indices", got: target.shape)
    }
    guard n > 0 else {
        throw EmberError.invalidArgument(function: loss.description, message: "the batch is empty")
    }
    return try target.scalars.enumerated().map { position, value in
        guard value == value.rounded(), value >= 0, value < Float(c) else {
            throw EmberError.invalidArgument(
                function: loss.description,
                message: "target \(position) is \(value), but class indices must be whole numbers in 0..<\(c)")
        }
        return Int(value)
    }
}
