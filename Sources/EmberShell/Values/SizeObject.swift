// A tensor's shape as PyTorch gives it: `torch.Size([2, 3])`, a tuple of ints that compares
// equal to the tuple or list of the same sizes (`x.shape == (2, 3)`), unpacks, indexes and
// slices as one, and is accepted wherever a shape is.

import Ember

/// The shape of a tensor (`x.shape`, `x.size()`).
final class SizeObject: ShellObject {
    /// The size of each axis.
    let dims: [Int]

    /// The shape `dims`.
    init(_ dims: [Int]) {
        self.dims = dims
    }

    var typeName: String { "Size" }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        guard name == "numel" else { return nil }
        let count = dims.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        return .function(Callable("numel", kind: .method, doc: "The number of elements.") { _, _ in .int(count) })
    }

    var attributeNames: [String] { ["numel"] }

    func render(in context: ShellContext) -> String {
        "torch.Size([" + dims.map(String.init).joined(separator: ", ") + "])"
    }

    var length: Int? { dims.count }

    func iterate(in context: ShellContext) throws -> AnyIterator<Value>? {
        AnyIterator(dims.map(Value.int).makeIterator())
    }

    func item(at keys: [SubscriptKey], in context: ShellContext) throws -> Value {
        guard keys.count == 1 else { throw ShellError(.type, "torch.Size takes one index") }
        switch keys[0] {
        case .index(.int(let i)):
            let position = i < 0 ? i + dims.count : i
            guard dims.indices.contains(position) else { throw ShellError(.index, "tuple index out of range") }
            return .int(dims[position])
        case .slice(let start, let end, let step):
            let positions = try sliceSelection(count: dims.count, start: start, end: end, step: step)
            return .object(SizeObject(positions.map { dims[$0] }))
        case .index(let other):
            throw ShellError(.type, "tuple indices must be integers or slices, not \(other.typeName)")
        }
    }

    /// The sizes of `value` when it is a shape, a tuple or a list of ints, for comparing shapes.
    static func sizes(of value: Value) -> [Int]? {
        let items: [Value]
        switch value {
        case .object(let size as SizeObject): return size.dims
        case .tuple(let tuple): items = tuple
        case .list(let list): items = list.items
        default: return nil
        }
        var sizes: [Int] = []
        for item in items {
            guard case .int(let size) = item else { return nil }
            sizes.append(size)
        }
        return sizes
    }
}
