// Element-wise activations. Each keeps the one tensor its derivative needs: ReLU and LeakyReLU
// their input (the derivative is a 0/1 or slope mask of it, never the activation itself),
// Sigmoid and Tanh their output (σ' = σ(1 − σ), tanh' = 1 − tanh²).

import Foundation

/// Throws unless dOut has the shape of the tensor the layer cached.
private func checkGradientShape(_ module: any Module, _ gradOutput: Tensor, _ cached: Tensor) throws {
    guard gradOutput.shape == cached.shape else {
        throw EmberError.shapeMismatch(
            operation: module.description, expected: "gradient " + formatShape(cached.shape),
            got: gradOutput.shape)
    }
}

/// dX = dOut ⊙ f'(cached), after checking that dOut matches the cached tensor. Inlined so that
/// `derivative` becomes part of one loop rather than a call per element.
@inline(__always)
private func elementwiseBackward(
    _ module: any Module, gradOutput: Tensor, cached: Tensor?,
    derivative: (Float) -> Float
) throws -> Tensor {
    guard let cached else { throw EmberError.noForwardPass(operation: module.description) }
    try checkGradientShape(module, gradOutput, cached)
    return try Tensor(uninitializedShape: cached.shape) { dx in
        gradOutput.withUnsafeBufferPointer { dy in
            cached.withUnsafeBufferPointer { c in
                for i in 0..<dx.count { dx[i] = dy[i] * derivative(c[i]) }
            }
        }
    }
}

/// The rectified linear unit, `max(x, 0)`, element-wise.
///
/// Its gradient passes where the input was positive and is zero elsewhere. A NaN input gives
/// NaN and lets its gradient through, as in PyTorch, so that divergence stays visible.
public final class ReLU: Module {
    /// Training mode (the default) or evaluation mode.
    public var isTraining = true
    /// The last values through the layer, recorded by its container or the shell.
    public let trace = Trace()
    /// The input of the last forward: backward lets dOut through where it was > 0.
    private var cachedInput: Tensor?

    /// Makes the layer.
    public init() {}
    /// The printout: `ReLU()`.
    public var description: String { "ReLU()" }

    /// max(x, 0) for each element.
    public func forward(_ input: Tensor) throws -> Tensor {
        cachedInput = input
        return try Tensor(uninitializedShape: input.shape) { y in
            input.withUnsafeBufferPointer { x in
                guard let px = x.baseAddress, let py = y.baseAddress else { return }
                reluForward(input: px, output: py, count: y.count)
            }
        }
    }

    /// dX = dOut where the input was positive (or NaN), 0 elsewhere.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard let input = cachedInput else { throw EmberError.noForwardPass(operation: description) }
        try checkGradientShape(self, gradOutput, input)
        return try Tensor(uninitializedShape: input.shape) { dx in
            gradOutput.withUnsafeBufferPointer { dy in
                input.withUnsafeBufferPointer { x in
                    guard let pdy = dy.baseAddress, let px = x.baseAddress, let pdx = dx.baseAddress else { return }
                    reluBackward(gradOutput: pdy, input: px, gradInput: pdx, count: dx.count)
                }
            }
        }
    }
}

/// `x` where positive, `negativeSlope · x` elsewhere (PyTorch's `nn.LeakyReLU`).
///
/// - Parameter negativeSlope: the slope for negative inputs (default 0.01).
public final class LeakyReLU: Module {
    /// The slope for negative inputs.
    public let negativeSlope: Float
    /// Training mode (the default) or evaluation mode.
    public var isTraining = true
    /// The last values through the layer, recorded by its container or the shell.
    public let trace = Trace()
    /// The input of the last forward: its sign picks 1 or the slope in backward.
    private var cachedInput: Tensor?

    /// Makes the layer.
    public init(negativeSlope: Float = 0.01) {
        self.negativeSlope = negativeSlope
    }
    /// The printout, with the slope.
    public var description: String { "LeakyReLU(negative slope \(negativeSlope))" }

    /// x where positive, negativeSlope · x elsewhere.
    public func forward(_ input: Tensor) throws -> Tensor {
        cachedInput = input
        let slope = negativeSlope
        return input.map { $0 > 0 ? $0 : slope * $0 }
    }

    /// dX = dOut where the input was positive, negativeSlope · dOut elsewhere.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let slope = negativeSlope
        return try elementwiseBackward(self, gradOutput: gradOutput, cached: cachedInput) {
            $0 > 0 ? 1 : slope
        }
    }
}

/// The logistic function `1 / (1 + e⁻ˣ)`, element-wise.
public final class Sigmoid: Module {
    /// Training mode (the default) or evaluation mode.
    public var isTraining = true
    /// The last values through the layer, recorded by its container or the shell.
    public let trace = Trace()
    /// The output of the last forward: σ' = σ(1 − σ) in backward.
    private var cachedOutput: Tensor?

    /// Makes the layer.
    public init() {}
    /// The printout: `Sigmoid()`.
    public var description: String { "Sigmoid()" }

    /// σ(x) for each element.
    public func forward(_ input: Tensor) throws -> Tensor {
        let output = input.sigmoid()
        cachedOutput = output
        return output
    }

    /// dX = dOut ⊙ σ(1 − σ), from the output.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        try elementwiseBackward(self, gradOutput: gradOutput, cached: cachedOutput) { $0 * (1 - $0) }
    }
}

/// The hyperbolic tangent, element-wise.
public final class Tanh: Module {
    /// Training mode (the default) or evaluation mode.
    public var isTraining = true
    /// The last values through the layer, recorded by its container or the shell.
    public let trace = Trace()
    /// The output of the last forward: tanh' = 1 − tanh² in backward.
    private var cachedOutput: Tensor?

    /// Makes the layer.
    public init() {}
    /// The printout: `Tanh()`.
    public var description: String { "Tanh()" }

    /// tanh(x) for each element.
    public func forward(_ input: Tensor) throws -> Tensor {
        let output = input.tanh()
        cachedOutput = output
        return output
    }

    /// dX = dOut ⊙ (1 − tanh²), from the output.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        try elementwiseBackward(self, gradOutput: gradOutput, cached: cachedOutput) { 1 - $0 * $0 }
    }
}
