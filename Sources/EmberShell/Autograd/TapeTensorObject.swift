// A tensor that takes part in automatic differentiation, as the shell shows it. Plain tensors
// stay `Value.tensor`, copy-on-write values with no bookkeeping; only a tensor that requires a
// gradient, or that an op on one produced, is this object, wrapping the library's `Variable`.
// It prints as PyTorch does, `tensor(3.5, grad_fn=<SumBackward0>)`, computes like its values
// wherever a plain tensor is expected, and records the methods in TapeTensorMethods.

import Ember

/// A tape value in the shell.
final class TapeTensorObject: ShellObject, TensorConvertible {
    let variable: Variable

    init(_ variable: Variable) {
        self.variable = variable
    }

    var typeName: String { "Tensor" }
    var tensor: Tensor { variable.value }

    /// The value for an op's result: a tape value when it has a history, a plain tensor otherwise.
    static func wrap(_ variable: Variable) -> Value {
        variable.requiresGrad ? .object(TapeTensorObject(variable)) : .tensor(variable.value)
    }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        switch name {
        case "grad":
            return variable.grad == nil ? Value.none : .tensor(TensorRef(storage: VariableGradStorage(variable)))
        case "requires_grad": return .bool(variable.requiresGrad)
        case "is_leaf": return .bool(variable.isLeaf)
        case "grad_fn": return variable.gradFn.map { .object(NodeObject($0)) } ?? Value.none
        case "data": return .tensor(TensorRef(storage: VariableValueStorage(variable, access: .data)))
        case "T" where variable.value.rank == 2: return TapeTensorObject.wrap(try variable.transpose(0, 1))
        default:
            return try TapeTensorMethods.table.bind(name, to: variable)
                ?? TensorMethods.property(valueRef, name) ?? TensorMethods.bind(name, to: valueRef)
        }
    }

    func setAttribute(_ name: String, to value: Value, in context: ShellContext) throws -> Bool {
        switch name {
        case "grad":
            if case .none = value {
                variable.grad = nil
                return true
            }
            guard let tensor = value.tensorValue, tensor.shape == variable.shape else {
                throw ShellError(
                    .type, "assigned grad must be None or a tensor of shape \(formatShape(variable.shape))")
            }
            variable.grad = tensor
            return true
        case "requires_grad":
            try variable.setRequiresGrad(try value.truth())
            return true
        default: return false
        }
    }

    var attributeNames: [String] {
        (["grad", "requires_grad", "is_leaf", "grad_fn", "data"] + TapeTensorMethods.table.names + TensorMethods.names)
            .sorted()
    }

    func render(in context: ShellContext) -> String {
        let text = variable.value.formatted(context.printOptions)
        let note =
            variable.gradFn.map { ", grad_fn=<\($0.name)>" } ?? (variable.requiresGrad ? ", requires_grad=True" : "")
        guard text.hasSuffix(")") else { return text + note }
        return String(text.dropLast()) + note + ")"
    }

    var length: Int? { variable.shape.first }

    /// The values as a tensor reference: `x.data`, and the in-place methods, write through it.
    private var valueRef: TensorRef { TensorRef(storage: VariableValueStorage(variable)) }

    func item(at keys: [SubscriptKey], in context: ShellContext) throws -> Value {
        TapeTensorObject.wrap(try variable.indexed(try TensorIndexing.coreIndices(keys)))
    }

    func setItem(at keys: [SubscriptKey], to value: Value, in context: ShellContext) throws {
        let indices = try TensorIndexing.coreIndices(keys)
        let replacement = try tensorOperand(for: value)
        try variable.modifyInPlace { try $0.assign(replacement, at: indices) }
    }
}

/// A node of the tape (`y.grad_fn`): its name, and the nodes it sends gradients to.
final class NodeObject: ShellObject {
    let node: Node

    init(_ node: Node) {
        self.node = node
    }

    var typeName: String { node.name }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        switch name {
        case "name": return .string(node.name)
        case "next_functions":
            return .tuple(node.inputs.map { input in input?.gradFn.map { .object(NodeObject($0)) } ?? Value.none })
        default: return nil
        }
    }

    var attributeNames: [String] { ["name", "next_functions"] }
    func render(in context: ShellContext) -> String { "<\(node.name)>" }
}
