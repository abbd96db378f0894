// Finite-difference gradient checks: the test every backward in Ember must pass. A scalar
// function of the forward pass is evaluated (summed in Double) at θ − h, θ and θ + h for each
// checked element, and (f(θ + h) − f(θ − h)) / 2h is compared with what backward computed.
// Where the two one-sided slopes disagree, a kink (a ReLU or a max-pool switching) lies within
// h; there backward is right if its value lies between the two slopes.

import Foundation

/// The input being perturbed, shared by reference between the evaluation and the perturbation.
private final class InputBox {
    var value: Tensor
    init(_ value: Tensor) { self.value = value }
}

/// The comparison for one tensor: the input or a named parameter.
public struct GradientCheckEntry: Sendable, CustomStringConvertible {
    /// `input`, or the parameter's state-dict name.
    public let name: String
    /// The number of elements compared (a sample when the tensor is large).
    public let checked: Int
    /// The largest |analytic − numerical| over the elements compared.
    public let maxAbsoluteError: Double
    /// `maxAbsoluteError` divided by the largest gradient magnitude of the tensor.
    public let maxRelativeError: Double
    /// Whether every element was within tolerance.
    public let passed: Bool
    /// Elements with a kink within h, judged by the one-sided slopes or by a smaller step;
    /// their error is not counted in the figures above.
    public let atKinks: Int

    /// `name: passed, n values, largest error …`.
    public var description: String {
        let verdict = passed ? "passed" : "FAILED"
        let kinks = atKinks > 0 ? " (\(atKinks) at kinks)" : ""
        return "\(name): \(verdict), \(checked) values\(kinks), largest error \(formatError(maxAbsoluteError))"
            + " (relative \(formatError(maxRelativeError)))"
    }
}

/// The result of a gradient check: one entry per tensor.
public struct GradientCheckReport: Sendable, CustomStringConvertible {
    /// One comparison per tensor checked.
    public let entries: [GradientCheckEntry]
    /// True when every entry passed.
    public var passed: Bool { entries.allSatisfy(\.passed) }
    /// The largest relative error over all entries.
    public var largestRelativeError: Double { entries.map(\.maxRelativeError).max() ?? 0 }

    /// One line per entry and a verdict.
    public var description: String {
        (entries.map(\.description) + [passed ? "gradient check passed" : "gradient check FAILED"])
            .joined(separator: "\n")
    }
}

/// Settings of a gradient check.
public struct GradientCheckOptions: Sendable {
    /// The step h of the central difference.
    public var epsilon: Float = 1e-2
    /// Allowed error relative to the tensor's largest gradient.
    public var relativeTolerance: Double = 1e-3
    /// Allowed absolute error, for gradients that are all close to zero.
    public var absoluteTolerance: Double = 1e-5
    /// At most this many elements per tensor are compared, chosen at random; nil checks all.
    public var samplesPerTensor: Int? = nil
    /// Whether to check the gradient with respect to the input.
    public var checkInput = true
    /// Smaller steps tried, in order, for an element whose slopes at `epsilon` disagree with
    /// backward: in a deep ReLU network a step of 1e-2 can cross many kinks at once. The
    /// tolerance at a smaller step adds the rounding noise of Float32 divided by the step.
    public var fallbackEpsilons: [Float] = [1e-3]

    /// The defaults.
    public init() {}
}

/// Checks `module.backward` against finite differences of f(x) = Σ dOut ⊙ module(x).
///
/// `gradOutput` is the dOut used (random when nil). Parameter gradients and buffers (such as
/// running statistics) are restored afterwards, and random draws made by forward (dropout) are
/// replayed identically for every evaluation.
public func gradientCheck(
    module: any Module, input: Tensor, gradOutput: Tensor? = nil,
    options: GradientCheckOptions = GradientCheckOptions(), generator: Generator = .global
) throws -> GradientCheckReport {
    let x = InputBox(input)
    return try withSavedState(of: module, generator: generator) {
        let start = generator.snapshot()
        let y = try module.forward(input)
        let r = try gradOutput ?? Tensor.randn(y.shape, generator: Generator(seed: 7))
        guard r.shape == y.shape else {
            throw EmberError.shapeMismatch(
                operation: "gradient check of \(module.description)",
                expected: "gradient " + formatShape(y.shape), got: r.shape)
        }
        let evaluate: () throws -> Double = {
            generator.restore(start)
            let output = try module.forward(x.value)
            return zip(output.scalars, r.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        module.zeroGrad()
        let dX = try module.backward(r)
        return try compareAll(
            module: module, input: x, analyticInput: dX, options: options, evaluate: evaluate)
    }
}

/// Checks a model's gradients for a loss: f = loss(model(input), target).
public func gradientCheck(
    model: any Module, loss: any Loss, input: Tensor, target: Tensor,
    options: GradientCheckOptions = GradientCheckOptions(), generator: Generator = .global
) throws -> GradientCheckReport {
    let x = InputBox(input)
    let start = generator.snapshot()
    return try withSavedState(of: model, generator: generator) {
        let evaluate: () throws -> Double = {
            generator.restore(start)
            return Double(try loss.forward(try model.forward(x.value), target))
        }
        _ = try evaluate()
        model.zeroGrad()
        let dX = try model.backward(try loss.backward())
        return try compareAll(
            module: model, input: x, analyticInput: dX, options: options, evaluate: evaluate)
    }
}

/// Checks a loss's `backward` against finite differences of its `forward` in the output.
public func gradientCheck(
    loss: any Loss, output: Tensor, target: Tensor,
    options: GradientCheckOptions = GradientCheckOptions()
) throws -> GradientCheckReport {
    let x = InputBox(output)
    _ = try loss.forward(output, target)
    let analytic = try loss.backward()
    let entry = try compare(
        name: "output", analytic: analytic, options: options,
        evaluate: { Double(try loss.forward(x.value, target)) },
        read: { x.value.scalars[$0] },
        write: { index, value in x.value.withUnsafeMutableBufferPointer { $0[index] = value } })
    return GradientCheckReport(entries: [entry])
}

/// Runs `body`, then puts back the module's gradients, buffers and traces and the generator's
/// position. When the module's trace holds the input of its last forward, that forward runs
/// again, so that what the layers keep for backward belongs to the caller's pass, not to the
/// check's perturbed ones.
private func withSavedState<R>(
    of module: any Module, generator: Generator, _ body: () throws -> R
) throws -> R {
    let parameters = module.allParameters()
    let savedGrads = parameters.map(\.grad)
    let buffers = module.namedBuffers().map(\.buffer)
    let savedBuffers = buffers.map(\.value)
    let modules = module.descendants()
    let savedTraces = modules.map { ($0.trace.input, $0.trace.output, $0.trace.gradOutput, $0.trace.gradInput) }
    let savedGenerator = generator.snapshot()
    defer {
        if let input = module.trace.input { _ = try? module.forward(input) }
        for (parameter, grad) in zip(parameters, savedGrads) { parameter.grad = grad }
        for (buffer, value) in zip(buffers, savedBuffers) { buffer.value = value }
        for (inner, saved) in zip(modules, savedTraces) {
            (inner.trace.input, inner.trace.output, inner.trace.gradOutput, inner.trace.gradInput) = saved
        }
        generator.restore(savedGenerator)
    }
    return try body()
}

/// Compares the input gradient and every parameter gradient with finite differences.
private func compareAll(
    module: any Module, input x: InputBox, analyticInput: Tensor,
    options: GradientCheckOptions, evaluate: () throws -> Double
) throws -> GradientCheckReport {
    var entries: [GradientCheckEntry] = []
    let analytic = module.namedParameters().map { ($0.name, $0.parameter, $0.parameter.grad) }
    if options.checkInput {
        entries.append(
            try compare(
                name: "input", analytic: analyticInput, options: options, evaluate: evaluate,
                read: { x.value.scalars[$0] },
                write: { index, value in x.value.withUnsafeMutableBufferPointer { $0[index] = value } }))
    }
    for (name, parameter, grad) in analytic {
        entries.append(
            try compare(
                name: name, analytic: grad, options: options, evaluate: evaluate,
                read: { parameter.value.scalars[$0] },
                write: { index, value in parameter.updateValue { $0[index] = value } }))
    }
    return GradientCheckReport(entries: entries)
}

/// Compares one tensor's analytic gradient with central differences, element by element
/// (for a module's gradients here and for a function of tape values in FunctionGradientCheck).
/// `read` and `write` reach the element perturbed; it is put back exactly afterwards (adding
/// and subtracting h could leave it an ulp away).
func compare(
    name: String, analytic: Tensor, options: GradientCheckOptions,
    evaluate: () throws -> Double, read: (Int) -> Float, write: (Int, Float) -> Void
) throws -> GradientCheckEntry {
    var indices = Array(0..<analytic.count)
    if let samples = options.samplesPerTensor, samples < indices.count {
        indices = Array(Generator(seed: 11).permutation(indices.count).prefix(samples)).sorted()
    }
    let h = options.epsilon
    let center = try evaluate()
    // Per element: the central slope and the two one-sided slopes.
    var slopes: [(central: Double, forward: Double, backward: Double)] = []
    for index in indices {
        let original = read(index)
        defer { write(index, original) }
        let (up, down) = (original + h, original - h)
        write(index, up)
        let plus = try evaluate()
        write(index, down)
        let minus = try evaluate()
        // The steps actually taken, after rounding to Float.
        slopes.append(
            (
                (plus - minus) / (Double(up) - Double(down)), (plus - center) / (Double(up) - Double(original)),
                (center - minus) / (Double(original) - Double(down))
            ))
    }
    let computed = indices.map { Double(analytic.scalars[$0]) }
    let scale = max(computed.map { Swift.abs($0) }.max() ?? 0, slopes.map { Swift.abs($0.central) }.max() ?? 0)
    let tolerance = options.absoluteTolerance + options.relativeTolerance * scale
    var maxAbsolute = 0.0
    var passed = true
    var kinks = 0
    for ((a, slope), index) in zip(zip(computed, slopes), indices) {
        let error = Swift.abs(a - slope.central)
        if error <= tolerance {
            maxAbsolute = max(maxAbsolute, error)
            continue
        }
        // Slopes that disagree beyond the tolerance on either side of θ mean a kink within h.
        let low = min(slope.forward, slope.backward) - tolerance
        let high = max(slope.forward, slope.backward) + tolerance
        let kinked = Swift.abs(slope.forward - slope.backward) > 4 * tolerance && a >= low && a <= high
        if try kinked
            || agreesAtSmallerStep(a, index, center: center, tolerance: tolerance, options, evaluate, read, write)
        {
            kinks += 1
        } else {
            passed = false
            maxAbsolute = max(maxAbsolute, error.isNaN ? .infinity : error)
        }
    }
    return GradientCheckEntry(
        name: name, checked: indices.count, maxAbsoluteError: maxAbsolute,
        maxRelativeError: scale > 0 ? maxAbsolute / scale : maxAbsolute, passed: passed, atKinks: kinks)
}

/// Whether a central difference with one of the fallback steps agrees with `analytic`, within
/// the tolerance plus the rounding noise of evaluating f in Float32, divided by the step.
private func agreesAtSmallerStep(
    _ analytic: Double, _ index: Int, center: Double, tolerance: Double, _ options: GradientCheckOptions,
    _ evaluate: () throws -> Double, _ read: (Int) -> Float, _ write: (Int, Float) -> Void
) throws -> Bool {
    let original = read(index)
    defer { write(index, original) }
    let noise = 4 * Double(Float.ulpOfOne) * max(Swift.abs(center), 1)
    for h in options.fallbackEpsilons {
        let (up, down) = (original + h, original - h)
        write(index, up)
        let plus = try evaluate()
        write(index, down)
        let minus = try evaluate()
        let step = Double(up) - Double(down)
        if Swift.abs(analytic - (plus - minus) / step) <= tolerance + 2 * noise / step { return true }
    }
    return false
}

/// An error figure in scientific notation with two decimals: `3.15e-04`.
private func formatError(_ value: Double) -> String {
    value.isFinite ? String(format: "%.2e", value) : "\(value)"
}
