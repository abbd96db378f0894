// `nn.ModuleList` and `nn.ModuleDict`: modules held in a list or under names, so that a class
// can keep a variable number of layers and still have them registered (`blocks.0.weight`).
// Neither has a forward of its own: the class that holds one says how its layers are used.

import Ember

/// The modules of a `ModuleList` (named `0`, `1` …) or a `ModuleDict` (named by their keys).
final class ModuleContainer: Module {
    /// The modules with their names, in order.
    var entries: [(name: String, module: any Module)]
    /// True for a ModuleDict, false for a ModuleList.
    let isDictionary: Bool
    let trace = Trace()
    var isTraining = true {
        didSet { for entry in entries { isTraining ? entry.module.train() : entry.module.eval() } }
    }

    init(_ entries: [(name: String, module: any Module)], isDictionary: Bool) {
        self.entries = entries
        self.isDictionary = isDictionary
    }

    var typeName: String { isDictionary ? "ModuleDict" : "ModuleList" }
    var children: [(name: String, module: any Module)] { entries }

    /// Renames a list's entries 0, 1, 2 … after a change.
    func renumber() {
        guard !isDictionary else { return }
        entries = entries.enumerated().map { (String($0.offset), $0.element.module) }
    }

    func forward(_ input: Tensor) throws -> Tensor {
        throw ShellError(.notImplemented, "\(typeName) has no forward: call its layers in your own forward")
    }

    func backward(_ gradOutput: Tensor) throws -> Tensor {
        throw ShellError(.notImplemented, "\(typeName) has no backward: call its layers' backward in reverse order")
    }

    var description: String {
        let lines = entries.map { entry -> String in
            let text = entry.module.description.split(separator: "\n", omittingEmptySubsequences: false)
            return "  (\(entry.name)): " + text.joined(separator: "\n  ")
        }
        return lines.isEmpty ? "\(typeName)()" : "\(typeName)(\n" + lines.joined(separator: "\n") + "\n)"
    }
}

/// A ModuleList or ModuleDict seen from the shell.
final class ModuleListObject: ShellObject {
    let container: ModuleContainer

    init(_ container: ModuleContainer) {
        self.container = container
    }

    var typeName: String { container.typeName }

    /// The module of `value`, or a TypeError naming what it is instead.
    private func module(_ value: Value) throws -> any Module {
        guard let module = moduleOf(value) else {
            throw ShellError(.type, "\(typeName) holds modules, not \(value.typeName)")
        }
        try checkContainable(module, in: container)
        return module
    }

    private func position(_ keys: [SubscriptKey]) throws -> Int {
        guard keys.count == 1, case .index(let key) = keys[0] else {
            throw ShellError(.type, "\(typeName) takes one index")
        }
        if container.isDictionary {
            guard case .string(let name) = key else {
                throw ShellError(.type, "ModuleDict keys are strings, not \(key.typeName)")
            }
            guard let index = container.entries.firstIndex(where: { $0.name == name }) else {
                throw ShellError(.key, "ModuleDict has no module named '\(name)'")
            }
            return index
        }
        guard case .int(let i) = key else {
            throw ShellError(.type, "ModuleList indices must be integers, not \(key.typeName)")
        }
        let index = i < 0 ? i + container.entries.count : i
        guard container.entries.indices.contains(index) else {
            throw ShellError(.index, "ModuleList index out of range")
        }
        return index
    }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        let container = self.container
        func method(_ parameters: [String], _ body: @escaping ([Value]) throws -> Value) -> Value {
            .function(
                Callable(name, kind: .method, signature: Signature(parameters.map { ParameterSpec($0) })) {
                    arguments, _ in try body(parameters.map { arguments.value($0) })
                })
        }
        switch (name, container.isDictionary) {
        case ("append", false):
            return method(["module"]) { values in
                container.entries.append((String(container.entries.count), try self.module(values[0])))
                return .object(self)
            }
        case ("extend", false):
            return method(["modules"]) { values in
                let items: [Value]
                switch values[0] {
                case .list(let list): items = list.items
                case .tuple(let tuple): items = tuple
                case let other: throw ShellError(.type, "extend() takes a list of modules, not \(other.typeName)")
                }
                for item in items {
                    container.entries.append((String(container.entries.count), try self.module(item)))
                }
                return .object(self)
            }
        case ("insert", false):
            return method(["index", "module"]) { values in
                guard case .int(let i) = values[0] else { throw ShellError(.type, "insert(): index must be an int") }
                let index = min(max(i < 0 ? i + container.entries.count : i, 0), container.entries.count)
                container.entries.insert(("", try self.module(values[1])), at: index)
                container.renumber()
                return .none
            }
        case ("keys", true): return method([]) { _ in .list(ListStorage(container.entries.map { .string($0.name) })) }
        case ("values", true):
            return method([]) { _ in .list(ListStorage(container.entries.map { moduleValue($0.module) })) }
        case ("items", true):
            return method([]) { _ in
                .list(ListStorage(container.entries.map { .tuple([.string($0.name), moduleValue($0.module)]) }))
            }
        default:
            return try ModuleObject(container).attribute(name, in: context)
        }
    }

    var attributeNames: [String] {
        (container.isDictionary ? ["keys", "values", "items"] : ["append", "extend", "insert"])
            + ModuleObject(container).attributeNames
    }

    func render(in context: ShellContext) -> String { container.description }

    var length: Int? { container.entries.count }

    func iterate(in context: ShellContext) throws -> AnyIterator<Value>? {
        let items = container.entries.map { container.isDictionary ? Value.string($0.name) : moduleValue($0.module) }
        return AnyIterator(items.makeIterator())
    }

    func item(at keys: [SubscriptKey], in context: ShellContext) throws -> Value {
        moduleValue(container.entries[try position(keys)].module)
    }

    func setItem(at keys: [SubscriptKey], to value: Value, in context: ShellContext) throws {
        let module = try self.module(value)
        if container.isDictionary, keys.count == 1, case .index(.string(let name)) = keys[0],
            !container.entries.contains(where: { $0.name == name })
        {
            container.entries.append((name, module))
            return
        }
        container.entries[try position(keys)].module = module
    }
}
