// Python's set: distinct values, compared with `==`, kept in the order they were added so that
// a set prints the same on every run.

import Ember

/// A set of values.
final class SetObject: ShellObject {
    /// The values, each once, in the order added.
    private(set) var items: [Value] = []
    /// The interpreter whose `==` tells values apart and whose printout shows them.
    private weak var interpreter: Interpreter?

    /// An empty set of `interpreter`'s values.
    init(_ interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    private func equal(_ a: Value, _ b: Value) -> Bool {
        interpreter?.equal(a, b) ?? false
    }

    /// Adds `value` unless an equal one is there already.
    func insert(_ value: Value) {
        if !contains(value) { items.append(value) }
    }

    /// True when an equal value is in the set.
    func contains(_ value: Value) -> Bool {
        items.contains { equal($0, value) }
    }

    var typeName: String { "set" }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        switch name {
        case "add":
            return .function(
                Callable("add", kind: .method, signature: Signature([ParameterSpec("item")])) {
                    [self] arguments, _ in
                    self.insert(arguments.value("item"))
                    return .none
                })
        case "discard", "remove":
            return .function(
                Callable(name, kind: .method, signature: Signature([ParameterSpec("item")])) {
                    [self] arguments, _ in
                    let item = arguments.value("item")
                    let before = self.items.count
                    self.items.removeAll { self.equal($0, item) }
                    if name == "remove", self.items.count == before {
                        throw ShellError(.key, "the set holds no such item")
                    }
                    return .none
                })
        default:
            return nil
        }
    }

    var attributeNames: [String] { ["add", "discard", "remove"] }

    func render(in context: ShellContext) -> String {
        guard !items.isEmpty else { return "set()" }
        return "{" + items.map { interpreter?.repr($0) ?? "" }.joined(separator: ", ") + "}"
    }

    var length: Int? { items.count }

    func iterate(in context: ShellContext) throws -> AnyIterator<Value>? {
        AnyIterator(items.makeIterator())
    }
}
