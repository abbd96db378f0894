// Assignment to names, to unpacked tuples, to attributes and to subscripts. Tensors, lists and
// objects are references, as in Python: `t[0] = 1` writes into the storage `t` shares with its
// aliases and views.

import Ember

extension Interpreter {
    /// Binds `value` to the assignment target `target`.
    func assign(_ value: Value, to target: Expression, in environment: Environment) throws {
        try located(at: target.location, length: target.length) {
            switch target.kind {
            case .name(let name):
                environment.assign(name, value)
            case .tuple(let targets), .list(let targets):
                let items = try collect(value)
                guard items.count == targets.count else {
                    throw ShellError(
                        .value,
                        items.count > targets.count
                            ? "too many values to unpack (expected \(targets.count))"
                            : "not enough values to unpack (expected \(targets.count), got \(items.count))")
                }
                for (item, inner) in zip(items, targets) { try assign(item, to: inner, in: environment) }
            case .attribute(let objectExpression, let name):
                let object = try evaluate(objectExpression, in: environment)
                guard case .object(let wrapper) = object else {
                    throw ShellError(.attribute, "'\(object.typeName)' object attribute '\(name)' cannot be set")
                }
                guard try wrapper.setAttribute(name, to: value, in: context) else {
                    throw ShellError(.attribute, "'\(wrapper.typeName)' object attribute '\(name)' cannot be set")
                }
            case .subscript(let objectExpression, let items):
                let container = try evaluate(objectExpression, in: environment)
                let keys = try evaluateSubscript(items, in: environment)
                try assignItem(value, in: container, at: keys, containerExpression: objectExpression, environment)
            default:
                throw ShellError(.syntax, "cannot assign to this expression")
            }
        }
    }

    private func assignItem(
        _ value: Value, in container: Value, at keys: [SubscriptKey], containerExpression: Expression,
        _ environment: Environment
    ) throws {
        switch container {
        case .list(let list):
            guard keys.count == 1, case .index(.int(let i)) = keys[0] else {
                throw ShellError(.type, "list indices must be integers")
            }
            let position = i < 0 ? i + list.items.count : i
            guard list.items.indices.contains(position) else {
                throw ShellError(.index, "list assignment index out of range")
            }
            list.items[position] = value
        case .dictionary(let dictionary):
            let indices = keys.compactMap { if case .index(let key) = $0 { key } else { nil } }
            guard indices.count == keys.count, !indices.isEmpty else {
                throw ShellError(.type, "a dictionary takes one key")
            }
            let key = indices.count == 1 ? indices[0] : .tuple(indices)
            if let position = dictionary.entries.firstIndex(where: { equal($0.key, key) }) {
                dictionary.entries[position].value = value
            } else {
                dictionary.entries.append((key, value))
            }
        case .tensor(let ref):
            try TensorIndexing.assign(value, into: ref, at: keys)
        case .object(let object):
            try object.setItem(at: keys, to: value, in: context)
        default:
            throw ShellError(.type, "'\(container.typeName)' object does not support item assignment")
        }
    }

}

/// The value assigned into a tensor, as a tensor.
func tensorOperand(for value: Value) throws -> Tensor {
    if let tensor = value.tensorValue { return tensor }
    if let number = value.number { return Tensor(Float(number)) }
    throw ShellError(.type, "can only assign a number or a tensor into a tensor, not \(value.typeName)")
}
