// PyTorch's named tuples of results, `torch.return_types.max(values=…, indices=…)`: what
// `x.max(1)` and `torch.min(x, dim=0)` give. It prints as PyTorch prints it, one field a line,
// unpacks (`v, i = x.max(1)`), indexes and slices as a tuple, and names its fields as attributes.

import Ember

/// A named tuple of results, such as `torch.return_types.max`.
final class ReturnTypeObject: ShellObject {
    /// The function the results come from (`max`), as the type's last name.
    let function: String
    /// The field names, in order (`values`, `indices`).
    let fields: [String]
    /// The values of the fields, in the same order.
    let items: [Value]

    /// The results `items` of `function`, named `fields`.
    init(_ function: String, fields: [String], items: [Value]) {
        self.function = function
        self.fields = fields
        self.items = items
    }

    /// The `(values, indices)` of a reduction along an axis, as `max` and `min` give them.
    static func valuesAndIndices(_ function: String, _ values: Value, _ indices: Value) -> Value {
        .object(ReturnTypeObject(function, fields: ["values", "indices"], items: [values, indices]))
    }

    var typeName: String { "torch.return_types.\(function)" }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        fields.firstIndex(of: name).map { items[$0] }
    }

    var attributeNames: [String] { fields }

    /// As PyTorch prints it: the type, then each field on its own line, `name=value`.
    func render(in context: ShellContext) -> String {
        let lines = zip(fields, items).map { field, item in "\(field)=\(Self.text(of: item, in: context))" }
        return typeName + "(\n" + lines.joined(separator: ",\n") + ")"
    }

    /// The printout of one field: the fields here are tensors, plain or on the tape.
    private static func text(of value: Value, in context: ShellContext) -> String {
        switch value {
        case .tensor(let tensor): return tensor.tensor.formatted(context.printOptions, style: tensor.dtype.style)
        case .object(let object): return object.render(in: context)
        default: return value.typeName
        }
    }

    var length: Int? { items.count }

    func iterate(in context: ShellContext) throws -> AnyIterator<Value>? {
        AnyIterator(items.makeIterator())
    }

    func item(at keys: [SubscriptKey], in context: ShellContext) throws -> Value {
        guard keys.count == 1 else { throw ShellError(.type, "\(typeName) takes one index") }
        switch keys[0] {
        case .index(.int(let index)):
            let position = index < 0 ? index + items.count : index
            guard items.indices.contains(position) else { throw ShellError(.index, "tuple index out of range") }
            return items[position]
        case .slice(let start, let end, let step):
            let positions = try sliceSelection(count: items.count, start: start, end: end, step: step)
            return .tuple(positions.map { items[$0] })
        case .index(let other):
            throw ShellError(.type, "tuple indices must be integers or slices, not \(other.typeName)")
        }
    }
}
