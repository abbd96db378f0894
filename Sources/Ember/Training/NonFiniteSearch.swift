// Finding where a NaN or an infinity first appeared, from the values `Sequential` records in each
// layer's trace: outputs in forward order, gradients in backward order (from the output), as the
// values flowed. A model that is not a `Sequential` is looked at as one block.

/// True when every value of `tensor` is finite.
func isFinite(_ tensor: Tensor) -> Bool {
    tensor.withUnsafeBufferPointer { values in
        // The sum of finite floats can overflow, so check each value; this runs once per batch
        // over the gradients only.
        for value in values where !value.isFinite { return false }
        return true
    }
}

/// The first layer, in forward order, whose last output was not finite.
func firstNonFiniteOutput(in model: any Module) -> (index: Int?, description: String)? {
    guard let sequential = model as? Sequential else {
        return model.trace.output.map(isFinite) == false ? (nil, summary(of: model)) : nil
    }
    for (index, layer) in sequential.layers.enumerated() {
        if let output = layer.trace.output, !isFinite(output) { return (index, summary(of: layer)) }
    }
    return nil
}

/// The first layer, counting back from the output, whose last backward gave a non-finite
/// gradient, for its input or for one of its parameters.
func firstNonFiniteGradient(in model: any Module) -> (index: Int?, description: String)? {
    guard let sequential = model as? Sequential else {
        return model.allParameters().allSatisfy({ isFinite($0.grad) }) ? nil : (nil, summary(of: model))
    }
    for (index, layer) in sequential.layers.enumerated().reversed() {
        let parametersFinite = layer.allParameters().allSatisfy { isFinite($0.grad) }
        let inputFinite = layer.trace.gradInput.map(isFinite) ?? true
        if !parametersFinite || !inputFinite { return (index, summary(of: layer)) }
    }
    return nil
}

/// A one-line description: a container's multi-line printout is replaced by its type name.
private func summary(of module: any Module) -> String {
    let text = module.description
    return text.contains("\n") ? module.typeName : text
}
