// Indexing, slicing and iteration of values with Python's rules: negative indices count from
// the end, slices clamp, and a tensor indexes like PyTorch (`t[0]`, `t[0:8]`, `t[:, 1]`).

import Ember

extension Interpreter {
    /// `object[keys]`.
    func subscriptValue(_ object: Value, _ keys: [SubscriptKey]) throws -> Value {
        if let recorded = try tapeSubscript(object, keys) { return recorded }
        if case .tensor(let ref) = object { return try TensorIndexing.item(ref, keys) }
        switch object {
        case .list(let list): return try sequenceSubscript(list.items, keys, "list") { .list(ListStorage($0)) }
        case .tuple(let items): return try sequenceSubscript(items, keys, "tuple") { .tuple($0) }
        case .string(let text):
            return try sequenceSubscript(text.map { .string(String($0)) }, keys, "string") { parts in
                .string(parts.map { if case .string(let s) = $0 { s } else { "" } }.joined())
            }
        case .dictionary(let dictionary):
            // `d[0, 1]` looks up the tuple (0, 1), as in Python.
            let indices = keys.compactMap { if case .index(let key) = $0 { key } else { nil } }
            guard indices.count == keys.count, !indices.isEmpty else {
                throw ShellError(.type, "a dictionary takes one key")
            }
            let key = indices.count == 1 ? indices[0] : .tuple(indices)
            guard let entry = dictionary.entries.first(where: { equal($0.key, key) }) else {
                throw ShellError(.key, repr(key))
            }
            return entry.value
        case .object(let wrapper):
            return try wrapper.item(at: keys, in: context)
        default:
            throw ShellError(.type, "'\(object.typeName)' object is not subscriptable")
        }
    }

    private func sequenceSubscript(
        _ items: [Value], _ keys: [SubscriptKey], _ kind: String, rebuild: ([Value]) -> Value
    ) throws -> Value {
        guard keys.count == 1 else { throw ShellError(.type, "\(kind) indices must be a single integer or slice") }
        var key = keys[0]
        // A one-element integer tensor indexes a list as its int does (Python's __index__), so
        // `classes[label]` works for a label from a dataset.
        if case .index(.tensor(let ref)) = key, ref.dtype != .float32, ref.shape.reduce(1, *) == 1 {
            key = .index(.int(Int(ref.tensor.scalars[0])))
        }
        switch key {
        case .index(.int(let i)):
            let position = i < 0 ? i + items.count : i
            guard items.indices.contains(position) else { throw ShellError(.index, "\(kind) index out of range") }
            return items[position]
        case .index(let other):
            throw ShellError(.type, "\(kind) indices must be integers or slices, not \(other.typeName)")
        case .slice(let start, let end, let step):
            return rebuild(try sliceSelection(count: items.count, start: start, end: end, step: step).map { items[$0] })
        }
    }

    /// Every item of a value, gathered into an array: at most 50 million of them, and Ctrl-C
    /// stops the gathering, so `list(range(10**12))` is an error rather than a hang.
    public func collect(_ value: Value) throws -> [Value] {
        let limit = 50_000_000
        if case .object(let object) = value, let length = object.length, length > limit {
            throw ShellError(.memory, "\(formatCount(length)) items are too many to hold in a list")
        }
        let iterator = try iterate(value)
        var items: [Value] = []
        while let item = iterator.next() {
            items.append(item)
            if items.count & 0xFFFF == 0 {
                try context.checkInterrupt()
                guard items.count <= limit else { throw ShellError(.memory, "more than \(formatCount(limit)) items") }
            }
        }
        return items
    }

    /// The items of a value, for `for`, `in`, `list()` and unpacking.
    public func iterate(_ value: Value) throws -> AnyIterator<Value> {
        switch value {
        case .list(let list):
            var index = 0
            return AnyIterator {
                guard index < list.items.count else { return nil }
                defer { index += 1 }
                return list.items[index]
            }
        case .tuple(let items): return AnyIterator(items.makeIterator())
        case .string(let text): return AnyIterator(text.map { Value.string(String($0)) }.makeIterator())
        case .dictionary(let d): return AnyIterator(d.entries.map(\.key).makeIterator())
        case .tensor(let ref):
            let shape = ref.shape
            guard !shape.isEmpty else { throw ShellError(.type, "iteration over a 0-d tensor") }
            // Each row is a view, as in PyTorch: `for row in x: row += 1` changes x.
            var index = 0
            return AnyIterator {
                guard index < shape[0] else { return nil }
                defer { index += 1 }
                return (try? ref.basicView([.index(.int(index))])).map(Value.tensor)
            }
        case .object(let object):
            if let iterator = try object.iterate(in: context) { return iterator }
            throw ShellError(.type, "'\(object.typeName)' object is not iterable")
        default:
            throw ShellError(.type, "'\(value.typeName)' object is not iterable")
        }
    }
}

/// Python's slice positions over `count` items (negative steps too), as the core computes them.
func sliceSelection(count: Int, start: Int?, end: Int?, step: Int?) throws -> [Int] {
    do {
        return try sliceIndices(start: start, end: end, step: step, size: count)
    } catch let error as EmberError {
        throw ShellError(.value, error.innermost.description)
    }
}
