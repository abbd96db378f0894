// Element-wise activation layers: each keeps the context of its op (Ops/ActivationOps.swift),
// the input for ReLU and LeakyReLU, the output for Sigmoid and Tanh.

import Foundation

/// Throws unless dOut has the shape of the tensor the layer cached.
private func checkGradientShape(_ module: any Module, _ gradOutput: Tensor, _ cached: Tensor) throws {
    guard gradOutput.shape == cached.shape else {
        throw EmberError.shapeMismatch(
            operation: module.description, expected: "gradient " + formatShape(cached.shape),
            got: gradOutput.shape)
    }
}

/// The saved context after checking that dOut matches its tensor.
private func checkedContext(_ module: any Module, _ gradOutput: Tensor, _ saved: ActivationSaved?) throws
    -> ActivationSaved
{
    guard let saved else { throw EmberError.noForwardPass(operation: module.description) }
    try checkGradientShape(module, gradOutput, saved.tensor)
    return saved
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
    var saved: ActivationSaved?

    /// Makes the layer.
    public init() {}
    /// The printout: `ReLU()`.
    public var description: String { "ReLU()" }

    /// max(x, 0) for each element.
    public func forward(_ input: Tensor) throws -> Tensor {
        let (output, saved) = try reluForward(input)
        self.saved = saved
        return output
    }

    /// dX = dOut where the input was positive (or NaN), 0 elsewhere.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        try reluBackward(gradOutput, try checkedContext(self, gradOutput, saved))
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
    var saved: ActivationSaved?

    /// Makes the layer.
    public init(negativeSlope: Float = 0.01) {
        self.negativeSlope = negativeSlope
    }
    /// The printout, with the slope.
    public var description: String { "LeakyReLU(negative slope \(negativeSlope))" }

    /// x where positive, negativeSlope · x elsewhere.
    public func forward(_ input: Tensor) throws -> Tensor {
        let (output, saved) = leakyReLUForward(input, negativeSlope: negativeSlope)
        self.saved = saved
        return output
    }

    /// dX = dOut where the input was positive, negativeSlope · dOut elsewhere.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        try leakyReLUBackward(gradOutput, try checkedContext(self, gradOutput, saved), negativeSlope: negativeSlope)
    }
}

/// The logistic function `1 / (1 + e⁻ˣ)`, element-wise.
public final class Sigmoid: Module {
    /// Training mode (the default) or evaluation mode.
    public var isTraining = true
    /// The last values through the layer, recorded by its container or the shell.
    public let trace = Trace()
    /// The output of the last forward: σ' = σ(1 − σ) in backward.
    var saved: ActivationSaved?

    /// Makes the layer.
    public init() {}
    /// The printout: `Sigmoid()`.
    public var description: String { "Sigmoid()" }

    /// σ(x) for each element.
    public func forward(_ input: Tensor) throws -> Tensor {
        let (output, saved) = sigmoidForward(input)
        self.saved = saved
        return output
    }

    /// dX = dOut ⊙ σ(1 − σ), from the output.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        try sigmoidBackward(gradOutput, try checkedContext(self, gradOutput, saved))
    }
}

/// The hyperbolic tangent, element-wise.
public final class Tanh: Module {
    /// Training mode (the default) or evaluation mode.
    public var isTraining = true
    /// The last values through the layer, recorded by its container or the shell.
    public let trace = Trace()
    /// The output of the last forward: tanh' = 1 − tanh² in backward.
    var saved: ActivationSaved?

    /// Makes the layer.
    public init() {}
    /// The printout: `Tanh()`.
    public var description: String { "Tanh()" }

    /// tanh(x) for each element.
    public func forward(_ input: Tensor) throws -> Tensor {
        let (output, saved) = tanhForward(input)
        self.saved = saved
        return output
    }

    /// dX = dOut ⊙ (1 − tanh²), from the output.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        try tanhBackward(gradOutput, try checkedContext(self, gradOutput, saved))
    }
}
