// Softmax and log-softmax as layers. Both keep their output: the gradient of each is a function
// of it alone (and of dOut), so the input need not be kept.

/// Softmax or log-softmax along an axis; use `Softmax` or `LogSoftmax`.
public class NormalizedExponential: Module {
    /// The axis normalised over; nil picks PyTorch's implicit axis (1 for `[N, C]` input).
    public let dim: Int?
    /// Training mode (the default) or evaluation mode.
    public var isTraining = true
    /// The last values through the layer, recorded by its container or the shell.
    public let trace = Trace()
    private let logarithm: Bool
    /// True for log-softmax.
    var isLogarithm: Bool { logarithm }

    /// The axis for an input of `rank`: `dim`, or PyTorch's implicit choice (axis 0 for ranks
    /// 0, 1 and 3, otherwise 1).
    func resolvedAxis(rank: Int) -> Int { dim ?? ([0, 1, 3].contains(rank) ? 0 : 1) }
    /// The output of the last forward: the whole of what backward needs.
    var cachedOutput: Tensor?
    var cachedAxis = 0

    init(dim: Int?, logarithm: Bool) {
        self.dim = dim
        self.logarithm = logarithm
    }

    /// The printout, with the axis if one was given.
    public var description: String { dim.map { "\(typeName)(dim \($0))" } ?? "\(typeName)()" }

    /// The (log-)probabilities along the axis.
    public func forward(_ input: Tensor) throws -> Tensor {
        cachedAxis = resolvedAxis(rank: input.rank)
        let output = logarithm ? try input.logSoftmax(axis: cachedAxis) : try input.softmax(axis: cachedAxis)
        cachedOutput = output
        return output
    }

    /// dX from dOut and the last output alone.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard let output = cachedOutput else { throw EmberError.noForwardPass(operation: description) }
        return logarithm
            ? try output.logSoftmaxBackward(gradOutput: gradOutput, axis: cachedAxis)
            : try output.softmaxBackward(gradOutput: gradOutput, axis: cachedAxis)
    }
}

/// `exp(x) / Σ exp(x)` along an axis: turns scores into probabilities.
///
/// - Parameter dim: the axis that sums to 1 (default: PyTorch's implicit choice, the class
///   axis 1 for `[N, C]` input).
///
/// Backward: dX = y ⊙ (dOut − Σ dOut ⊙ y), from the output y alone.
public final class Softmax: NormalizedExponential {
    /// Makes the layer.
    public init(dim: Int? = nil) {
        super.init(dim: dim, logarithm: false)
    }
}

/// `x − log Σ exp(x)` along an axis, computed stably; pairs with `NLLLoss`.
///
/// - Parameter dim: the axis normalised over (default as for `Softmax`).
///
/// Backward: dX = dOut − exp(y) · Σ dOut, from the output y alone.
public final class LogSoftmax: NormalizedExponential {
    /// Makes the layer.
    public init(dim: Int? = nil) {
        super.init(dim: dim, logarithm: true)
    }
}
