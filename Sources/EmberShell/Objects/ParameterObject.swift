// A layer's parameter as the shell shows it: it computes like its tensor (`w * 2`, `w.mean()`)
// and also has the gradient, `w.grad`, that backward accumulated.

import Ember

/// A learnable tensor of a layer.
final class ParameterObject: ShellObject, TensorConvertible {
    let parameter: Parameter

    init(_ parameter: Parameter) {
        self.parameter = parameter
    }

    var typeName: String { "Parameter" }
    var tensor: Tensor { parameter.value }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        switch name {
        case "grad": return .tensor(TensorRef(storage: ParameterGradStorage(parameter)))
        case "data": return .tensor(valueRef)
        case "requires_grad": return .bool(parameter.requiresGrad)
        case "name": return .string(parameter.name)
        default:
            return try TensorMethods.property(valueRef, name) ?? TensorMethods.bind(name, to: valueRef)
        }
    }

    func setAttribute(_ name: String, to value: Value, in context: ShellContext) throws -> Bool {
        if name == "requires_grad" {
            parameter.requiresGrad = try value.truth()
            return true
        }
        guard let tensor = value.tensorValue else {
            throw ShellError(.type, "a parameter's \(name) must be a tensor, not \(value.typeName)")
        }
        switch name {
        case "data": try parameter.assign(tensor)
        case "grad": try parameter.assignGrad(tensor)
        default: return false
        }
        return true
    }

    /// The values as a tensor reference into the layer: `p.data` and in-place methods write there.
    var valueRef: TensorRef { TensorRef(storage: ParameterValueStorage(parameter)) }

    var attributeNames: [String] { ["grad", "data", "requires_grad", "name"] + TensorMethods.names }

    func render(in context: ShellContext) -> String {
        "Parameter containing:\n" + parameter.value.formatted(context.printOptions)
    }

    var length: Int? { parameter.value.shape.first }

    func item(at keys: [SubscriptKey], in context: ShellContext) throws -> Value {
        try TensorIndexing.item(valueRef, keys)
    }

    func setItem(at keys: [SubscriptKey], to value: Value, in context: ShellContext) throws {
        try TensorIndexing.assign(value, into: valueRef, at: keys)
    }
}
