// The gradient check of any function of tape values (PyTorch's `torch.autograd.gradcheck`):
// the tape's gradient of f = Σ dOut ⊙ function(inputs) against central differences of f,
// summed in Double, for every element of every input. Random draws made by the function
// (dropout) are replayed identically for every evaluation.

/// The inputs being perturbed, shared by reference between the evaluation and the perturbation.
private final class InputsBox {
    var values: [Tensor]
    init(_ values: [Tensor]) { self.values = values }
}

/// Checks the tape's gradients of `function` at `inputs` against finite differences.
///
/// `gradOutput` is the dOut used (random when nil); the report has one entry per input,
/// named `input 0`, `input 1` …
/// ```swift
/// let report = try gradientCheck(function: { try ($0[0] * $0[1]).sum() }, inputs: [a, b])
/// ```
public func gradientCheck(
    function: ([Variable]) throws -> Variable, inputs: [Tensor], gradOutput: Tensor? = nil,
    options: GradientCheckOptions = GradientCheckOptions(), generator: Generator = .global
) throws -> GradientCheckReport {
    let box = InputsBox(inputs)
    let start = generator.snapshot()
    defer { generator.restore(start) }
    let leaves = inputs.map { Variable($0, requiresGrad: true) }
    let y = try GradMode.withGradEnabled(true) { try function(leaves) }
    let r = try gradOutput ?? Tensor.randn(y.shape, generator: Generator(seed: 7))
    guard r.shape == y.shape else {
        throw EmberError.shapeMismatch(
            operation: "gradcheck", expected: "gradient " + formatShape(y.shape), got: r.shape)
    }
    if y.requiresGrad { try y.backward(r) }
    let evaluate: () throws -> Double = {
        generator.restore(start)
        let output = try GradMode.withGradEnabled(false) { try function(box.values.map { Variable($0) }) }
        return zip(output.value.scalars, r.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }
    var entries: [GradientCheckEntry] = []
    for (position, leaf) in leaves.enumerated() {
        let analytic = leaf.grad ?? Tensor.zeros(like: leaf.value)
        entries.append(
            try compare(
                name: "input \(position)", analytic: analytic, options: options, evaluate: evaluate,
                read: { box.values[position].scalars[$0] },
                write: { index, value in box.values[position].withUnsafeMutableBufferPointer { $0[index] = value } }))
    }
    return GradientCheckReport(entries: entries)
}
