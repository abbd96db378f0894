// An instance of a user class, in the manner of jlox's `LoxInstance`: it holds its fields in
// assignment order and finds methods through its class chain. Python's special methods
// (`__repr__`, `__len__`, `__getitem__`, `__call__`, `__iter__`) make it answer the shell's
// questions; an instance of a class deriving `Module` is also a module (see UserModule.swift).

import Ember

/// An object made by calling a user class.
final class InstanceObject: ShellObject {
    /// Its class.
    let type: ClassObject
    /// The field names, in the order they were first assigned (PyTorch registers submodules
    /// and parameters in this order).
    private(set) var fieldNames: [String] = []
    /// The fields, by name.
    private(set) var fields: [String: Value] = [:]
    /// Training or evaluation mode, for an instance that is a module.
    var isTraining = true
    /// The last values through the instance, for one that is a module.
    let trace = Trace()

    /// A new instance of `type`, without fields.
    init(of type: ClassObject) {
        self.type = type
    }

    /// Sets field `name`, keeping its first position when it already exists.
    func setField(_ name: String, _ value: Value) {
        if fields.updateValue(value, forKey: name) == nil { fieldNames.append(name) }
    }

    /// Removes field `name`; false when there is none.
    func removeField(_ name: String) -> Bool {
        guard fields.removeValue(forKey: name) != nil else { return false }
        fieldNames.removeAll { $0 == name }
        return true
    }

    var typeName: String { type.name }

    /// A class member as seen through the instance: a user function becomes a method bound to
    /// it; anything else is the class attribute itself.
    func bind(_ member: Value) -> Value {
        guard case .function(let function) = member, function.kind == .user else { return member }
        var signature = Signature([], variadic: "args")
        signature.acceptsAnyKeyword = true
        return .function(
            Callable(function.name, kind: .method, signature: signature, doc: function.doc) {
                arguments, context in
                try function.call([.object(self)] + arguments.rest, keywords: arguments.extraKeywords, in: context)
            })
    }

    /// Calls the special method `name` when the class defines it, nil otherwise.
    func callSpecial(_ name: String, _ arguments: [Value], in context: ShellContext) throws -> Value? {
        guard let (member, _) = type.lookup(name) else { return nil }
        return try context.call(bind(member), arguments)
    }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        if let value = fields[name] { return value }
        switch name {
        case "__class__": return .object(type)
        case "__dict__": return .dictionary(DictionaryStorage(fieldNames.map { (.string($0), fields[$0] ?? .none) }))
        default: break
        }
        if let (member, _) = type.lookup(name) { return bind(member) }
        if type.isModule { return try moduleAttribute(name, in: context) }
        if type.exceptionKind != nil, name == "args" { return .tuple([]) }
        return nil
    }

    func setAttribute(_ name: String, to value: Value, in context: ShellContext) throws -> Bool {
        setField(name, type.isModule ? try registered(value, as: name) : value)
        return true
    }

    var attributeNames: [String] {
        fieldNames + type.attributeNames
            + (type.isModule
                ? ModuleObject(self).attributeNames + ["state_dict", "load_state_dict", "add_module"] : [])
    }

    func render(in context: ShellContext) -> String {
        do {
            if case .string(let text)? = try callSpecial("__repr__", [], in: context) { return text }
        } catch {
            return "<\(type.name) object (__repr__ failed: \(error))>"
        }
        if type.isModule { return ModelPrintout.render(self, options: context.printOptions) }
        if type.exceptionKind != nil { return type.name + "(" + exceptionArguments(in: context) + ")" }
        return "<\(type.name) object>"
    }

    /// The text `str()` gives: `__str__`, or an exception's message, or the printout.
    func text(in context: ShellContext) throws -> String {
        if case .string(let text)? = try callSpecial("__str__", [], in: context) { return text }
        if type.exceptionKind != nil, type.lookup("__repr__") == nil { return exceptionMessage(in: context) }
        return render(in: context)
    }

    /// The message of an exception instance: its one argument, or its arguments as a tuple.
    func exceptionMessage(in context: ShellContext) -> String {
        guard case .tuple(let arguments)? = fields["args"], !arguments.isEmpty else { return "" }
        // A KeyError shows its key as the key's printout, as Python's does: KeyError: 'k'.
        if arguments.count == 1, type.exceptionKind == .key { return type.interpreter?.repr(arguments[0]) ?? "" }
        if arguments.count == 1, case .string(let text) = arguments[0] { return text }
        let interpreter = type.interpreter
        guard arguments.count > 1 else { return arguments.map { interpreter?.str($0) ?? "" }.joined() }
        return "(" + arguments.map { interpreter?.repr($0) ?? "" }.joined(separator: ", ") + ")"
    }

    private func exceptionArguments(in context: ShellContext) -> String {
        guard case .tuple(let arguments)? = fields["args"] else { return "" }
        return arguments.map { type.interpreter?.repr($0) ?? "" }.joined(separator: ", ")
    }

    /// The length `__len__` gives, which also decides the instance's truth (nil: always true).
    var length: Int? { (try? specialLength()) ?? nil }

    /// `len(instance)`: the result of `__len__`, or nil when the class has none.
    func specialLength() throws -> Int? {
        guard let context = type.interpreter?.context, let result = try callSpecial("__len__", [], in: context) else {
            return nil
        }
        guard case .int(let count) = result, count >= 0 else {
            throw ShellError(.type, "__len__() should return a non-negative int, not \(result.typeName)")
        }
        return count
    }

    func iterate(in context: ShellContext) throws -> AnyIterator<Value>? {
        if let iterable = try callSpecial("__iter__", [], in: context), let interpreter = type.interpreter {
            if case .object(let object) = iterable, object === self { return nil }
            return try interpreter.iterate(iterable)
        }
        guard type.lookup("__getitem__") != nil else { return nil }
        // Python's old protocol: items 0, 1, 2 … until __getitem__ raises IndexError.
        var index = 0
        return AnyIterator { [self] in
            defer { index += 1 }
            do {
                return try self.callSpecial("__getitem__", [.int(index)], in: context)
            } catch {
                return nil
            }
        }
    }

    func item(at keys: [SubscriptKey], in context: ShellContext) throws -> Value {
        guard let result = try callSpecial("__getitem__", [try InstanceObject.key(keys)], in: context) else {
            throw ShellError(.type, "'\(type.name)' object is not subscriptable")
        }
        return result
    }

    func setItem(at keys: [SubscriptKey], to value: Value, in context: ShellContext) throws {
        guard try callSpecial("__setitem__", [try InstanceObject.key(keys), value], in: context) != nil else {
            throw ShellError(.type, "'\(type.name)' object does not support item assignment")
        }
    }

    /// The key a subscript passes to `__getitem__`: one index, or a tuple of several.
    private static func key(_ keys: [SubscriptKey]) throws -> Value {
        let values = try keys.map { key -> Value in
            guard case .index(let value) = key else {
                throw ShellError(.type, "slices of a user object are not supported; pass the bounds to a method")
            }
            return value
        }
        return values.count == 1 ? values[0] : .tuple(values)
    }

    func call(_ arguments: [Value], keywords: [(String, Value)], in context: ShellContext) throws -> Value? {
        if let (member, _) = type.lookup("__call__") {
            return try context.call(bind(member), arguments, keywords: keywords)
        }
        guard type.isModule else { return nil }
        return try callForward(arguments, keywords: keywords, in: context)
    }
}
