// Python's slice objects: `slice(0, 2)` is what `0:2` means inside brackets, as a value that can
// be kept in a name and used later, `x[slice(0, 2)]` being `x[0:2]`.

/// A slice value: `slice(stop)` or `slice(start, stop, step)`, each bound an int or None.
final class SliceObject: ShellObject {
    let start: Int?
    let stop: Int?
    let step: Int?

    init(start: Int?, stop: Int?, step: Int?) {
        self.start = start
        self.stop = stop
        self.step = step
    }

    /// The subscript entry the slice stands for.
    var key: SubscriptKey { .slice(start: start, end: stop, step: step) }

    var typeName: String { "slice" }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        switch name {
        case "start": return Self.bound(start)
        case "stop": return Self.bound(stop)
        case "step": return Self.bound(step)
        default: return nil
        }
    }

    var attributeNames: [String] { ["start", "step", "stop"] }

    func render(in context: ShellContext) -> String {
        "slice(" + [start, stop, step].map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + ")"
    }

    private static func bound(_ value: Int?) -> Value { value.map(Value.int) ?? Value.none }

    /// The bounds a call gives, in Python's order: one is the stop, two or three start with the start.
    static func make(_ items: [Value]) throws -> SliceObject {
        guard (1...3).contains(items.count) else {
            throw ShellError(.type, "slice expected 1 to 3 arguments, got \(items.count)")
        }
        let bounds = try items.map { item -> Int? in
            switch item {
            case .int(let i): return i
            case .none: return nil
            default: throw ShellError(.type, "slice indices must be integers or None, not \(item.typeName)")
            }
        }
        guard bounds.count > 1 else { return SliceObject(start: nil, stop: bounds[0], step: nil) }
        return SliceObject(start: bounds[0], stop: bounds[1], step: bounds.count > 2 ? bounds[2] : nil)
    }
}
