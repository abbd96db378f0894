// Running classes, `with`, `try`, `raise`, `assert`, `del` and `nonlocal`: the statements that
// define types and steer errors. A class body runs in a scope of its own whose names become
// the class's members; `try` catches the shell's and the library's errors by their Python class.

import Ember
import Foundation

extension Interpreter {
    /// Runs one of the statements of this file.
    func executeCompound(_ statement: Statement, in environment: Environment) throws -> Flow {
        switch statement.kind {
        case .classDefinition(let name, let bases, let body):
            environment.assign(name, .object(try makeClass(name, bases, body, in: environment)))
        case .withStatement(let items, let body):
            return try executeWith(items[...], body, in: environment)
        case .tryStatement(let body, let handlers, let otherwise, let cleanup):
            return try executeTry(body, handlers, otherwise, cleanup, in: environment)
        case .raiseStatement(let expression, _):
            guard let expression else {
                // A bare `raise` re-raises the error being handled, from where it was raised.
                guard let current = handledErrors.last else {
                    throw ShellError(
                        .runtime, "no active exception to re-raise", at: statement.location, length: statement.length)
                }
                throw current
            }
            let value = try evaluate(expression, in: environment)
            var error = try located(at: expression.location, length: expression.length) { try raisedError(value) }
            error.location = statement.location
            error.length = expression.location.column + expression.length - statement.location.column
            throw error
        case .assertStatement(let condition, let message):
            guard try !evaluate(condition, in: environment).truth() else { break }
            let text = try message.map { str(try evaluate($0, in: environment)) } ?? ""
            throw ShellError(.assertion, text, at: statement.location, length: statement.length)
        case .deleteStatement(let targets):
            for target in targets {
                try located(at: target.location, length: target.length) { try delete(target, in: environment) }
            }
        case .nonlocalDeclaration(let names):
            for name in names {
                guard environment.declareNonlocal(name) else {
                    throw ShellError(
                        .syntax, "no binding for nonlocal '\(name)' found", at: statement.location,
                        length: statement.length)
                }
            }
        default:
            break
        }
        return .normal
    }

    /// Runs a class body and makes the class of what it defined.
    private func makeClass(
        _ name: String, _ baseExpressions: [Expression], _ body: [Statement], in environment: Environment
    ) throws -> ClassObject {
        let bases = try baseExpressions.map { expression -> ClassObject in
            let value = try evaluate(expression, in: environment)
            guard case .object(let base as ClassObject) = value else {
                throw ShellError(
                    .type, "a class can only derive from classes, and \(value.typeName) is not one",
                    at: expression.location, length: expression.length)
            }
            return base
        }
        let scope = Environment(parent: environment)
        _ = try execute(block: body, in: scope)
        let type = ClassObject(name: name, bases: bases, members: scope.variables)
        type.interpreter = self
        type.doc = docstring(of: .block(body))
        // The methods were defined in this scope: `super()` finds their class here.
        scope.define("__class__", .object(type))
        return type
    }

    /// The string a function's or class's body starts with, which `help()` shows.
    func docstring(of body: FunctionBody) -> String {
        guard case .block(let statements) = body, case .expression(let first)? = statements.first?.kind,
            case .string(let text) = first.kind
        else { return "" }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `super()` in a method: the classes after the method's own, bound to `self`.
    func superObject(in environment: Environment) throws -> Value {
        guard case .object(let type as ClassObject)? = environment.lookup("__class__"),
            case .object(let instance as InstanceObject)? = environment.lookup("self")
        else {
            throw ShellError(.runtime, "super(): use it inside a method whose first parameter is self")
        }
        return .object(SuperObject(start: type, instance: instance))
    }

    /// `with a as x, b as y:` enters the managers in order and leaves them in reverse, however
    /// the block ends; a manager's exit may suppress the error.
    private func executeWith(
        _ items: ArraySlice<(manager: Expression, target: Expression?)>, _ body: [Statement],
        in environment: Environment
    ) throws -> Flow {
        guard let item = items.first else { return try execute(block: body, in: environment) }
        let manager = try evaluate(item.manager, in: environment)
        let (entered, exit) = try located(at: item.manager.location, length: item.manager.length) {
            try contextProtocol(of: manager)
        }
        if let target = item.target { try assign(entered, to: target, in: environment) }
        let flow: Flow
        do {
            flow = try executeWith(items.dropFirst(), body, in: environment)
        } catch {
            guard let caught = catchableError(error) else { throw error }
            if try exit(caught) { return .normal }
            throw caught
        }
        _ = try exit(nil)
        return flow
    }

    /// Enters `manager`, giving the value `as` binds and the function that leaves it.
    private func contextProtocol(of manager: Value) throws -> (Value, (ShellError?) throws -> Bool) {
        if case .object(let object as ContextManager) = manager {
            let context = self.context
            return (try object.enter(in: context), { try object.exit(error: $0, in: context) })
        }
        guard case .object(let instance as InstanceObject) = manager, instance.type.lookup("__enter__") != nil,
            instance.type.lookup("__exit__") != nil
        else {
            throw ShellError(.type, "'\(manager.typeName)' object does not support the context manager protocol")
        }
        let entered = try instance.callSpecial("__enter__", [], in: context) ?? .none
        return (
            entered,
            { [unowned self] error in
                let exception = error.flatMap { self.exceptionObject(for: $0) }
                let arguments: [Value] =
                    exception.map { [.object($0.type), .object($0), .none] } ?? [.none, .none, .none]
                return try instance.callSpecial("__exit__", arguments, in: self.context)?.truth() ?? false
            }
        )
    }

    /// `try` / `except` / `else` / `finally`: the first matching clause handles an error; the
    /// `finally` block runs however the rest ended, and its own `return` or `break` wins.
    private func executeTry(
        _ body: [Statement], _ handlers: [ExceptHandler], _ otherwise: [Statement]?, _ cleanup: [Statement]?,
        in environment: Environment
    ) throws -> Flow {
        let outcome: Result<Flow, Error>
        do {
            outcome = .success(try executeHandled(body, handlers, otherwise, in: environment))
        } catch {
            outcome = .failure(error)
        }
        if let cleanup {
            let flow = try execute(block: cleanup, in: environment)
            if case .normal = flow {} else { return flow }
        }
        return try outcome.get()
    }

    private func executeHandled(
        _ body: [Statement], _ handlers: [ExceptHandler], _ otherwise: [Statement]?, in environment: Environment
    ) throws -> Flow {
        let flow: Flow
        do {
            flow = try execute(block: body, in: environment)
        } catch {
            guard let caught = catchableError(error) else { throw error }
            for handler in handlers {
                if let type = handler.type {
                    let handled = try evaluate(type, in: environment)
                    guard try located(at: type.location, length: type.length, { try matches(caught, handled) }) else {
                        continue
                    }
                }
                if let name = handler.name, let exception = exceptionObject(for: caught) {
                    environment.assign(name, .object(exception))
                }
                handledErrors.append(caught)
                defer { handledErrors.removeLast() }
                return try execute(block: handler.body, in: environment)
            }
            throw caught
        }
        if let otherwise { return try execute(block: otherwise, in: environment) }
        return flow
    }

    /// `del target`: unbinds a name, removes a list item or dictionary key, or an attribute.
    private func delete(_ target: Expression, in environment: Environment) throws {
        switch target.kind {
        case .name(let name):
            guard environment.remove(name) else { throw ShellError(.name, "name '\(name)' is not defined") }
        case .tuple(let items), .list(let items):
            for item in items { try delete(item, in: environment) }
        case .attribute(let objectExpression, let name):
            let object = try evaluate(objectExpression, in: environment)
            guard case .object(let instance as InstanceObject) = object, instance.removeField(name) else {
                throw ShellError(.attribute, "'\(object.typeName)' object attribute '\(name)' cannot be deleted")
            }
        case .subscript(let objectExpression, let items):
            let container = try evaluate(objectExpression, in: environment)
            let keys = try evaluateSubscript(items, in: environment)
            try deleteItem(in: container, at: keys)
        default:
            throw ShellError(.syntax, "cannot delete this expression")
        }
    }

    private func deleteItem(in container: Value, at keys: [SubscriptKey]) throws {
        switch (container, keys.first, keys.count) {
        case (.list(let list), .index(.int(let i))?, 1):
            let position = i < 0 ? i + list.items.count : i
            guard list.items.indices.contains(position) else {
                throw ShellError(.index, "list assignment index out of range")
            }
            list.items.remove(at: position)
        case (.list(let list), .slice(let start, let end, let step)?, 1):
            let positions = Set(try sliceSelection(count: list.items.count, start: start, end: end, step: step))
            list.items = list.items.enumerated().filter { !positions.contains($0.offset) }.map(\.element)
        case (.dictionary(let dictionary), .index(let key)?, 1):
            guard let position = dictionary.entries.firstIndex(where: { equal($0.key, key) }) else {
                throw ShellError(.key, repr(key))
            }
            dictionary.entries.remove(at: position)
        default:
            throw ShellError(.type, "'\(container.typeName)' object does not support item deletion")
        }
    }
}
