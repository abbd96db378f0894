// The optimizer protocol: a list of parameters, one update rule applied to each by `step()`,
// and state kept per parameter in the same order.

/// Updates parameters from their gradients.
///
/// Call `step()` after `backward`, then `zeroGrad()` before the next backward, because
/// gradients accumulate.
public protocol Optimizer: AnyObject, CustomStringConvertible {
    /// The parameters stepped, in a fixed order.
    var parameters: [Parameter] { get }
    /// The step size η.
    var learningRate: Float { get set }
    /// Applies one update to every parameter from its current gradient.
    func step()
}

extension Optimizer {
    /// Sets the gradient of every parameter stepped to zero.
    public func zeroGrad() {
        for parameter in parameters { parameter.zeroGrad() }
    }
}

/// Throws unless `value` satisfies `valid`, with PyTorch's wording: `SGD: invalid lr: -1.0`,
/// followed by `rule` when given (`Adam: invalid eps: 0.0 (it must be positive ...)`).
func checkHyperparameter(
    _ optimizer: String, _ name: String, _ value: Float, rule: String? = nil, _ valid: (Float) -> Bool
) throws {
    guard value.isFinite, valid(value) else {
        throw EmberError.invalidArgument(
            function: optimizer, message: "invalid \(name): \(value)" + (rule.map { " (\($0))" } ?? ""))
    }
}

/// Why ε must be positive, for the error of an optimizer that divides by √v + ε.
let positiveEpsilonRule = "it must be positive: it keeps the step finite where the squared gradients are zero"

/// A zero buffer per parameter, for momentum and moment estimates.
func zeroState(for parameters: [Parameter]) -> [[Float]] {
    parameters.map { [Float](repeating: 0, count: $0.value.count) }
}

/// Runs `body` for each parameter with its value, gradient and one state buffer.
func forEachParameter(
    _ parameters: [Parameter], _ state: inout [[Float]],
    _ body: (UnsafeMutableBufferPointer<Float>, UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void
) {
    for (index, parameter) in parameters.enumerated() {
        let grad = parameter.grad
        grad.withUnsafeBufferPointer { g in
            parameter.updateValue { value in
                state[index].withUnsafeMutableBufferPointer { s in body(value, g, s) }
            }
        }
    }
}
