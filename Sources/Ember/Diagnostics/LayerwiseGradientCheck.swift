// A gradient check for a whole Sequential model, layer by layer: one forward and backward pass
// records what entered each layer and the gradient that reached it, then each layer's backward
// is checked against finite differences of that layer alone. Checked whole, a deep ReLU network
// is not smooth at the scale of any usable step (perturbing one first-layer weight flips
// hundreds of ReLUs); each layer alone is linear or has kinks only where its input is within h
// of one, which the one-sided slopes recognise.

/// Checks every layer of `model` and the loss on a real pass: entries `loss`, then for each
/// layer from the last to the first, its parameters by state-dict name and `input of layer i`.
public func layerwiseGradientCheck(
    model: Sequential, loss: any Loss, input: Tensor, target: Tensor,
    options: GradientCheckOptions = GradientCheckOptions(), generator: Generator = .global
) throws -> GradientCheckReport {
    let savedGrads = model.allParameters().map(\.grad)
    defer { for (parameter, grad) in zip(model.allParameters(), savedGrads) { parameter.grad = grad } }
    let output = try model.forward(input)
    let lossReport = try gradientCheck(loss: loss, output: output, target: target, options: options)
    _ = try loss.forward(output, target)
    _ = try model.backward(try loss.backward())
    var entries = lossReport.entries.map { $0.renamed("loss") }
    for (index, layer) in model.layers.enumerated().reversed() {
        guard let layerInput = layer.trace.input, let gradOutput = layer.trace.gradOutput else { continue }
        let report = try model.inLayer(index) {
            try gradientCheck(
                module: layer, input: layerInput, gradOutput: gradOutput, options: options, generator: generator)
        }
        entries += report.entries.map { entry in
            entry.renamed(entry.name == "input" ? "input of layer \(index)" : "\(index).\(entry.name)")
        }
    }
    return GradientCheckReport(entries: entries)
}

extension GradientCheckEntry {
    /// The same comparison under another name.
    func renamed(_ newName: String) -> GradientCheckEntry {
        GradientCheckEntry(
            name: newName, checked: checked, maxAbsoluteError: maxAbsoluteError, maxRelativeError: maxRelativeError,
            passed: passed, atKinks: atKinks)
    }
}
