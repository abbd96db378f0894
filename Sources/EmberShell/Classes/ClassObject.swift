// A class of the language, in the manner of jlox's `LoxClass`: a name, base classes and the
// members its body defined (methods and class attributes). Calling it makes an instance and runs
// `__init__`. The built-in bases `Module` and the exception classes are classes too, marked by
// the role they give their subclasses.

import Ember

/// A class: `class Net(nn.Module): …`, or a built-in base such as `Module` or `ValueError`.
final class ClassObject: ShellObject {
    /// What a built-in base class gives the classes that derive from it.
    enum Role {
        /// Instances are modules: calling one runs `forward`; what is assigned to `self` registers.
        case module
        /// Instances are exceptions that `raise` throws as this kind of error.
        case exception(ShellError.Kind)
    }

    /// The class name.
    let name: String
    /// The direct base classes, in the order written.
    let bases: [ClassObject]
    /// The role of a built-in base, nil for a user class.
    let role: Role?
    /// Methods and class attributes, by name.
    private(set) var members: [String: Value]
    /// The interpreter that runs the methods; weak, as the interpreter's variables hold classes.
    weak var interpreter: Interpreter?
    /// The string the class body starts with.
    var doc = ""

    /// What `help(Net)` shows: the class and its bases, its docstring and its methods.
    var helpText: String {
        let header = "class \(name)" + (bases.isEmpty ? "" : "(" + bases.map(\.name).joined(separator: ", ") + ")")
        let methods = resolutionOrder.flatMap { owner in
            owner.members.compactMap { member -> String? in
                guard case .function(let function) = member.value else { return nil }
                return "  " + function.signature.render(member.key) + (function.doc.isEmpty ? "" : ": " + function.doc)
            }.sorted()
        }
        return ([header] + (doc.isEmpty ? [] : ["", doc]) + (methods.isEmpty ? [] : ["", "Methods:"] + methods))
            .joined(separator: "\n")
    }

    /// A class named `name` deriving from `bases`, with `members`.
    init(name: String, bases: [ClassObject], members: [String: Value], role: Role? = nil) {
        self.name = name
        self.bases = bases
        self.members = members
        self.role = role
    }

    /// The class and its bases in the order attributes are looked up: the class, then each base
    /// and its own bases depth first, left to right, each class once.
    var resolutionOrder: [ClassObject] {
        var order: [ClassObject] = []
        var pending: [ClassObject] = [self]
        while !pending.isEmpty {
            let next = pending.removeFirst()
            if order.contains(where: { $0 === next }) { continue }
            order.append(next)
            pending.insert(contentsOf: next.bases, at: 0)
        }
        return order
    }

    /// The member `name` of this class or the first base that has it, with the class it was found in.
    func lookup(_ name: String) -> (value: Value, owner: ClassObject)? {
        for owner in resolutionOrder {
            if let value = owner.members[name] { return (value, owner) }
        }
        return nil
    }

    /// The member `name` of the first class after `start` in the resolution order: what
    /// `super()` finds.
    func lookup(_ name: String, after start: ClassObject) -> Value? {
        let order = resolutionOrder
        guard let position = order.firstIndex(where: { $0 === start }) else { return nil }
        return order[(position + 1)...].lazy.compactMap { $0.members[name] }.first
    }

    /// True when this class is `other` or derives from it.
    func isSubclass(of other: ClassObject) -> Bool {
        resolutionOrder.contains { $0 === other }
    }

    /// True when instances are modules (the class derives from `Module`).
    var isModule: Bool {
        resolutionOrder.contains { if case .module = $0.role { return true } else { return false } }
    }

    /// The kind of error instances raise as, nil when the class is not an exception.
    var exceptionKind: ShellError.Kind? {
        for owner in resolutionOrder {
            if case .exception(let kind) = owner.role { return kind }
        }
        return nil
    }

    var typeName: String { "type" }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        switch name {
        case "__name__": return .string(self.name)
        case "__doc__": return doc.isEmpty ? Value.none : .string(doc)
        case "__bases__": return .tuple(bases.map { .object($0) })
        default: return lookup(name)?.value
        }
    }

    func setAttribute(_ name: String, to value: Value, in context: ShellContext) throws -> Bool {
        members[name] = value
        return true
    }

    var attributeNames: [String] {
        Array(Set(resolutionOrder.flatMap { $0.members.keys }))
    }

    func render(in context: ShellContext) -> String { "<class '\(name)'>" }

    func call(_ arguments: [Value], keywords: [(String, Value)], in context: ShellContext) throws -> Value? {
        if case .module = role {
            throw ShellError(.type, "Module is a base class: derive from it with class Net(nn.Module): …")
        }
        let instance = InstanceObject(of: self)
        if let (initializer, _) = lookup("__init__") {
            let result = try context.call(initializer, [.object(instance)] + arguments, keywords: keywords)
            guard case .none = result else {
                throw ShellError(.type, "__init__() should return None, not '\(result.typeName)'")
            }
        } else if exceptionKind != nil {
            instance.setField("args", .tuple(arguments))
        } else if !arguments.isEmpty || !keywords.isEmpty {
            throw ShellError(.type, "\(name)() takes no arguments")
        }
        return .object(instance)
    }
}

/// `super()` inside a method: the members of the classes after the method's class, bound to
/// the same instance.
final class SuperObject: ShellObject {
    let start: ClassObject
    let instance: InstanceObject

    init(start: ClassObject, instance: InstanceObject) {
        self.start = start
        self.instance = instance
    }

    var typeName: String { "super" }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        if let member = instance.type.lookup(name, after: start) { return instance.bind(member) }
        // The built-in bases initialise nothing the instance needs: Module's state lives in
        // the instance already, an exception's arguments are set here.
        guard name == "__init__" else { return nil }
        let instance = self.instance
        let signature = Signature([], variadic: "args")
        return .function(
            Callable("__init__", kind: .method, signature: signature) { arguments, _ in
                if instance.type.exceptionKind != nil { instance.setField("args", .tuple(arguments.rest)) }
                return .none
            })
    }

    var attributeNames: [String] { [] }

    func render(in context: ShellContext) -> String {
        "<super: <class '\(start.name)'>, <\(instance.type.name) object>>"
    }
}
