// The built-ins of Python's object model and functional style: `isinstance`, `getattr` and
// friends, `map`, `filter`, `reversed`, `any`, `all`, `set` and `dict`; the base class `Module`,
// `ModuleList`, `ModuleDict` and `Parameter`; and the exception classes.

import Ember

enum LanguageBuiltins {
    static func make(_ interpreter: Interpreter) -> [String: Value] {
        var table = Dictionary(uniqueKeysWithValues: objectModel(interpreter) + functional(interpreter) + modules())
        let module = ClassObject(name: "Module", bases: [], members: [:], role: .module)
        module.interpreter = interpreter
        table["Module"] = .object(module)
        table["Tensor"] = .object(TypeObject(name: "Tensor"))
        // The base of a user dataset: a class with __len__ and __getitem__ giving (input, target).
        let dataset = ClassObject(name: "Dataset", bases: [], members: [:])
        dataset.interpreter = interpreter
        table["Dataset"] = .object(dataset)
        for (name, type) in ExceptionClasses.make(interpreter) { table[name] = .object(type) }
        return table
    }

    /// True when `value` is an instance of `type`: a class, a constructor or a built-in type.
    static func isInstance(_ value: Value, _ type: Value) throws -> Bool {
        switch type {
        case .tuple(let types): return try types.contains { try isInstance(value, $0) }
        case .object(let type as ClassObject):
            if case .module = type.role { return moduleOf(value) != nil }
            guard case .object(let instance as InstanceObject) = value else { return false }
            return instance.type.isSubclass(of: type)
        case .object(let type as TypeObject):
            return value.typeName == type.name
        case .function(let callable) where callable.kind == .constructor || callable.kind == .builtin:
            // A bool is an int, as in Python.
            if callable.name == "int", case .bool = value { return true }
            return value.typeName == callable.name
        default:
            throw ShellError(.type, "isinstance() arg 2 must be a type or a tuple of types, not \(type.typeName)")
        }
    }

    private static func objectModel(_ interpreter: Interpreter) -> [(String, Value)] {
        [
            builtin(
                "isinstance", [ParameterSpec("obj"), ParameterSpec("classinfo")],
                doc: "True if obj is an instance of the class (or of one of a tuple of classes), or of a subclass."
            ) { arguments, _ in
                .bool(try isInstance(arguments.value("obj"), arguments.value("classinfo")))
            },
            builtin(
                "issubclass", [ParameterSpec("cls"), ParameterSpec("classinfo")],
                doc: "True if the class cls derives from classinfo (or is it)."
            ) { arguments, _ in
                guard case .object(let type as ClassObject) = arguments.value("cls"),
                    case .object(let base as ClassObject) = arguments.value("classinfo")
                else { throw ShellError(.type, "issubclass() arguments must be classes") }
                return .bool(type.isSubclass(of: base))
            },
            builtin("super", doc: "Inside a method, the methods of the base classes, bound to self.") { _, _ in
                throw ShellError(.runtime, "super(): use it inside a method whose first parameter is self")
            },
            builtin(
                "getattr",
                [
                    ParameterSpec("obj"), ParameterSpec("name"),
                    ParameterSpec("default", value: nil, text: nil, optional: true),
                ],
                doc: "The attribute called name of obj, or default when there is none."
            ) { [unowned interpreter] arguments, _ in
                do {
                    return try interpreter.attribute(of: arguments.value("obj"), try arguments.string("name"))
                } catch let error as ShellError where error.kind == .attribute && arguments.wasGiven("default") {
                    return arguments.value("default")
                }
            },
            builtin(
                "hasattr", [ParameterSpec("obj"), ParameterSpec("name")],
                doc: "True if obj has an attribute called name."
            ) { [unowned interpreter] arguments, _ in
                do {
                    _ = try interpreter.attribute(of: arguments.value("obj"), try arguments.string("name"))
                    return .bool(true)
                } catch let error as ShellError where error.kind == .attribute {
                    return .bool(false)
                }
            },
            builtin(
                "setattr", [ParameterSpec("obj"), ParameterSpec("name"), ParameterSpec("value")],
                doc: "Sets the attribute called name of obj to value."
            ) { arguments, context in
                let name = try arguments.string("name")
                guard case .object(let object) = arguments.value("obj"),
                    try object.setAttribute(name, to: arguments.value("value"), in: context)
                else {
                    throw ShellError(
                        .attribute, "'\(arguments.value("obj").typeName)' object attribute '\(name)' cannot be set")
                }
                return .none
            },
            builtin("repr", [ParameterSpec("obj")], doc: "The printout of obj, as the shell echoes it.") {
                [unowned interpreter] arguments, _ in .string(interpreter.repr(arguments.value("obj")))
            },
            builtin("callable", [ParameterSpec("obj")], doc: "True if obj can be called.") { arguments, context in
                switch arguments.value("obj") {
                case .function: return .bool(true)
                case .object(let instance as InstanceObject):
                    return .bool(instance.type.isModule || instance.type.lookup("__call__") != nil)
                case .object(let object): return .bool(object is ClassObject || object is ModuleObject)
                default: return .bool(false)
                }
            },
        ]
    }

    private static func functional(_ interpreter: Interpreter) -> [(String, Value)] {
        [
            builtin(
                "map", variadic: "function_and_iterables",
                doc:
                    "map(function, iterable): the list of function(item) for each item (of several iterables in step: function(a, b))."
            ) { [unowned interpreter] arguments, _ in
                guard let function = arguments.rest.first, arguments.rest.count >= 2 else {
                    throw ShellError(.type, "map() must have at least two arguments")
                }
                let columns = try arguments.rest.dropFirst().map(interpreter.collect)
                let count = columns.map(\.count).min() ?? 0
                return .list(
                    ListStorage(
                        try (0..<count).map { row in
                            try interpreter.call(function, columns.map { $0[row] }, keywords: [])
                        }))
            },
            builtin(
                "filter", [ParameterSpec("function"), ParameterSpec("iterable")],
                doc: "The list of the items for which function(item) is true (None: the true items)."
            ) { [unowned interpreter] arguments, _ in
                let function = arguments.value("function")
                return .list(
                    ListStorage(
                        try interpreter.collect(arguments.value("iterable")).filter { item in
                            if case .none = function { return try item.truth() }
                            return try interpreter.call(function, [item], keywords: []).truth()
                        }))
            },
            builtin("reversed", [ParameterSpec("sequence")], doc: "The items of sequence, last first.") {
                [unowned interpreter] arguments, _ in
                .list(ListStorage(try interpreter.collect(arguments.value("sequence")).reversed()))
            },
            builtin("any", [ParameterSpec("iterable")], doc: "True if any item is true.") {
                [unowned interpreter] arguments, _ in
                .bool(try interpreter.collect(arguments.value("iterable")).contains { try $0.truth() })
            },
            builtin("all", [ParameterSpec("iterable")], doc: "True if every item is true (or there are none).") {
                [unowned interpreter] arguments, _ in
                .bool(try interpreter.collect(arguments.value("iterable")).allSatisfy { try $0.truth() })
            },
            builtin("set", [ParameterSpec("iterable", .null)], doc: "A set of the distinct items of iterable.") {
                [unowned interpreter] arguments, _ in
                let set = SetObject(interpreter)
                if arguments.has("iterable") {
                    for item in try interpreter.collect(arguments.value("iterable")) { set.insert(item) }
                }
                return .object(set)
            },
            dictionary(interpreter),
        ]
    }

    private static func dictionary(_ interpreter: Interpreter) -> (String, Value) {
        var signature = Signature([ParameterSpec("iterable", .null)])
        signature.acceptsAnyKeyword = true
        let body: (Arguments, ShellContext) throws -> Value = { [unowned interpreter] arguments, _ in
            let storage = DictionaryStorage([])
            func put(_ key: Value, _ value: Value) {
                if let position = storage.entries.firstIndex(where: { interpreter.equal($0.key, key) }) {
                    storage.entries[position].value = value
                } else {
                    storage.entries.append((key, value))
                }
            }
            switch arguments.value("iterable") {
            case .none: break
            case .dictionary(let other): for entry in other.entries { put(entry.key, entry.value) }
            case let pairs:
                for pair in try interpreter.collect(pairs) {
                    let items = try interpreter.collect(pair)
                    guard items.count == 2 else {
                        throw ShellError(.value, "dict() needs pairs, and one item has \(items.count) values")
                    }
                    put(items[0], items[1])
                }
            }
            for (name, value) in arguments.extraKeywords { put(.string(name), value) }
            return .dictionary(storage)
        }
        return (
            "dict",
            .function(
                Callable(
                    "dict", kind: .constructor, signature: signature,
                    doc: "A dictionary from another, from (key, value) pairs, or from keyword arguments.", body: body))
        )
    }

    private static func modules() -> [(String, Value)] {
        func container(_ name: String, dictionary: Bool) -> (String, Value) {
            constructor(
                name, [ParameterSpec("modules", .null)],
                doc: dictionary
                    ? "Modules under names, registered with the class that holds them (blocks.conv.weight)."
                    : "A list of modules, registered with the class that holds them (blocks.0.weight)."
            ) { arguments, context in
                let container = ModuleContainer([], isDictionary: dictionary)
                let object = ModuleListObject(container)
                switch arguments.value("modules") {
                case .none: break
                case .dictionary(let entries) where dictionary:
                    for entry in entries.entries {
                        try object.setItem(at: [.index(entry.key)], to: entry.value, in: context)
                    }
                case .list(let list) where !dictionary:
                    for item in list.items {
                        guard let module = moduleOf(item) else {
                            throw ShellError(.type, "ModuleList holds modules, not \(item.typeName)")
                        }
                        try checkContainable(module, in: container)
                        container.entries.append((String(container.entries.count), module))
                    }
                case let other:
                    throw ShellError(
                        .type, "\(name)() takes a \(dictionary ? "dict" : "list") of modules, not \(other.typeName)")
                }
                return .object(object)
            }
        }
        return [
            container("ModuleList", dictionary: false), container("ModuleDict", dictionary: true),
            constructor(
                "Parameter", [ParameterSpec("data"), ParameterSpec("requires_grad", .bool(true))],
                doc: "A learnable tensor: assigned to self in a Module class, it is one of the model's parameters."
            ) { arguments, _ in
                .object(ParameterObject(Parameter(name: "", value: try arguments.tensor("data"))))
            },
        ]
    }
}
