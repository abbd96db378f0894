// Python's exception classes as classes of the language, so that `except ValueError as e`,
// `raise KeyError(name)` and `class ShapeError(ValueError)` work; every error the shell and the
// library raise has one of these classes, named by its kind.

import Ember

enum ExceptionClasses {
    /// Each built-in exception class, its base and the kind of error it raises as, bases first.
    private static let hierarchy: [(name: String, base: String?, kind: ShellError.Kind)] = [
        ("BaseException", nil, .exception),
        ("Exception", "BaseException", .exception),
        ("KeyboardInterrupt", "BaseException", .interrupted),
        ("ArithmeticError", "Exception", .exception),
        ("ZeroDivisionError", "ArithmeticError", .zeroDivision),
        ("OverflowError", "ArithmeticError", .overflow),
        ("LookupError", "Exception", .exception),
        ("IndexError", "LookupError", .index),
        ("KeyError", "LookupError", .key),
        ("ValueError", "Exception", .value),
        ("TypeError", "Exception", .type),
        ("NameError", "Exception", .name),
        ("AttributeError", "Exception", .attribute),
        ("RuntimeError", "Exception", .runtime),
        ("RecursionError", "RuntimeError", .recursion),
        ("NotImplementedError", "RuntimeError", .notImplemented),
        ("OSError", "Exception", .file),
        ("ImportError", "Exception", .exception),
        ("ModuleNotFoundError", "ImportError", .moduleNotFound),
        ("MemoryError", "Exception", .memory),
        ("StopIteration", "Exception", .stopIteration),
        ("AssertionError", "Exception", .assertion),
        ("SyntaxError", "Exception", .syntax),
    ]

    /// The built-in exception classes, by name, for one interpreter.
    static func make(_ interpreter: Interpreter) -> [String: ClassObject] {
        var classes: [String: ClassObject] = [:]
        for entry in hierarchy {
            let bases = entry.base.flatMap { classes[$0] }.map { [$0] } ?? []
            let type = ClassObject(name: entry.name, bases: bases, members: [:], role: .exception(entry.kind))
            type.interpreter = interpreter
            classes[entry.name] = type
        }
        return classes
    }
}

extension Interpreter {
    /// The class of a built-in exception, by name (nil when the name has been rebound).
    func exceptionClass(_ name: String) -> ClassObject? {
        guard case .object(let type as ClassObject)? = builtins[name] else { return nil }
        return type
    }

    /// The exception object of a caught error: the one `raise` threw, or an instance of the
    /// class of the error's kind holding its message.
    func exceptionObject(for error: ShellError) -> InstanceObject? {
        if case .object(let instance as InstanceObject)? = error.raised?.value { return instance }
        guard let type = exceptionClass(error.kind.rawValue) else { return nil }
        let instance = InstanceObject(of: type)
        var message = error.message
        // The shell's KeyError message is the key's printout; the exception's argument is the key.
        if error.kind == .key, message.count >= 2, message.first == "'", message.last == "'" {
            message = String(message.dropFirst().dropLast())
        }
        instance.setField("args", .tuple(message.isEmpty ? [] : [.string(message)]))
        return instance
    }

    /// True when `error` is an instance of `handled`: a class, or a tuple of classes.
    func matches(_ error: ShellError, _ handled: Value) throws -> Bool {
        switch handled {
        case .tuple(let types): return try types.contains { try matches(error, $0) }
        case .object(let type as ClassObject) where type.exceptionKind != nil:
            return exceptionObject(for: error)?.type.isSubclass(of: type) ?? false
        default:
            throw ShellError(
                .type,
                "catching classes that do not inherit from BaseException is not allowed (got \(handled.typeName))")
        }
    }

    /// The error `raise value` throws: value is an exception class (instantiated with no
    /// arguments) or an exception instance.
    func raisedError(_ value: Value) throws -> ShellError {
        var exception = value
        if case .object(let type as ClassObject) = value, type.exceptionKind != nil {
            exception = try call(value, [], keywords: [])
        }
        guard case .object(let instance as InstanceObject) = exception, let kind = instance.type.exceptionKind else {
            throw ShellError(.type, "exceptions must derive from BaseException, not \(value.typeName)")
        }
        var error = ShellError(kind, (try? instance.text(in: context)) ?? "")
        error.raised = RaisedException(exception, typeName: instance.type.name)
        return error
    }
}

/// Any error as the shell's error, when it is one a program may catch: the shell's own and the
/// library's. `exit()` and failures outside the language are not.
func catchableError(_ error: Error) -> ShellError? {
    if let error = error as? ShellError { return error }
    if let error = error as? EmberError { return ShellError(error) }
    return nil
}
