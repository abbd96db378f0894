// The interpreter: runs statements over a chain of environments. Expression statements at the top
// level are shown, as in Python's REPL; loops and calls check for Ctrl-C at every step, so a
// long computation stops at a safe point with every variable intact.

import Ember

/// What a statement tells the block around it to do next.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returnValue(Value)
}

/// Runs shell code.
public final class Interpreter {
    /// The session's shared state (generator, print options, output).
    public let context: ShellContext
    /// The user's variables.
    public let globals: Environment
    /// The built-in names, looked up after the user's variables.
    public private(set) var builtins: [String: Value] = [:]
    /// Shows the value of a top-level expression statement; by default writes its printout.
    public var display: (Value) -> Void = { _ in }
    /// How many evaluations are under way, one inside the other.
    var depth = 0
    /// The deepest nesting allowed: far more than any program needs, far less than the stack
    /// holds (each level takes a few kilobytes of it).
    static let maximumDepth = 1000
    /// The lowest native stack address evaluation may reach, measured for the thread that runs
    /// each input (0 until then: no check).
    var stackLimit: UInt = 0
    /// The errors being handled by `except` clauses, innermost last, for a bare `raise`.
    var handledErrors: [ShellError] = []

    /// Makes an interpreter with every built-in of the shell.
    public init(context: ShellContext) {
        self.context = context
        globals = Environment()
        display = { [unowned self] value in
            if case .none = value { return }
            self.context.writeLine(self.repr(value))
        }
        context.invoke = { [unowned self] callee, arguments, keywords in
            try self.call(callee, arguments, keywords: keywords)
        }
        builtins = Builtins.all(for: self)
    }

    /// Adds or replaces a built-in name.
    public func defineBuiltin(_ name: String, _ value: Value) {
        builtins[name] = value
    }

    /// Parses and runs `source` (line `firstLine` of its file onwards), showing the value of
    /// each top-level expression statement.
    public func run(_ source: String, firstLine: Int = 1) throws {
        let statements = try Parser.parse(source, firstLine: firstLine)
        // An input may run on another thread than the last, with a stack of another size.
        stackLimit = stackLimitForCurrentThread()
        try execute(statements, displaying: true)
    }

    /// Runs statements in the global scope.
    public func execute(_ statements: [Statement], displaying: Bool) throws {
        for statement in statements {
            try context.checkInterrupt()
            if displaying, case .expression(let expression) = statement.kind {
                display(try evaluate(expression, in: globals))
                continue
            }
            switch try execute(statement, in: globals) {
            case .normal: continue
            case .breakLoop, .continueLoop:
                throw ShellError(.syntax, "'break' or 'continue' outside a loop", at: statement.location)
            case .returnValue:
                throw ShellError(.syntax, "'return' outside a function", at: statement.location)
            }
        }
    }

    /// The value of `name`: a variable, then a built-in.
    public func lookup(_ name: String, in environment: Environment) -> Value? {
        environment.lookup(name) ?? builtins[name]
    }

    /// Runs a block, stopping at break, continue or return.
    func execute(block: [Statement], in environment: Environment) throws -> Flow {
        for statement in block {
            let flow = try execute(statement, in: environment)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func execute(_ statement: Statement, in environment: Environment) throws -> Flow {
        switch statement.kind {
        case .expression(let expression):
            _ = try evaluate(expression, in: environment)
        case .assignment(let targets, let valueExpression):
            let value = try evaluate(valueExpression, in: environment)
            for target in targets { try assign(value, to: target, in: environment) }
        case .augmentedAssignment(let target, let op, let valueExpression):
            let current = try evaluate(target, in: environment)
            let operand = try evaluate(valueExpression, in: environment)
            // `x[i] += v` is `x[i] = x[i] + v`, as Python runs it: `x[i]` may be a copy (a list
            // or mask index), so the result is always written back through the subscript.
            var isSubscript = false
            if case .subscript = target.kind { isSubscript = true }
            let done = try located(at: statement.location, length: statement.length) {
                try !isSubscript && updateInPlace(current, op, operand)
            }
            if done { return .normal }
            let result = try located(at: statement.location, length: statement.length) {
                try binary(op, current, operand)
            }
            try assign(result, to: target, in: environment)
        case .ifStatement(let branches, let otherwise):
            for branch in branches where try truth(of: branch.condition, in: environment) {
                return try execute(block: branch.body, in: environment)
            }
            if let otherwise { return try execute(block: otherwise, in: environment) }
        case .forLoop(let target, let iterableExpression, let body):
            let iterable = try evaluate(iterableExpression, in: environment)
            let iterator = try located(at: iterableExpression.location, length: iterableExpression.length) {
                try iterate(iterable)
            }
            while let item = iterator.next() {
                try context.checkInterrupt()
                try assign(item, to: target, in: environment)
                let flow = try execute(block: body, in: environment)
                if case .breakLoop = flow { break }
                if case .returnValue = flow { return flow }
            }
        case .whileLoop(let condition, let body):
            while try truth(of: condition, in: environment) {
                try context.checkInterrupt()
                let flow = try execute(block: body, in: environment)
                if case .breakLoop = flow { break }
                if case .returnValue = flow { return flow }
            }
        case .function(let name, let parameters, let body):
            environment.define(name, .function(try makeFunction(name, parameters, body: .block(body), in: environment)))
        case .returnStatement(let expression):
            return .returnValue(try expression.map { try evaluate($0, in: environment) } ?? .none)
        case .importStatement(let bindings):
            for binding in bindings {
                environment.define(binding.alias, try importModule(binding.module, at: statement))
            }
        case .globalDeclaration(let names):
            for name in names { environment.declareGlobal(name) }
        case .pass:
            break
        case .breakStatement:
            return .breakLoop
        case .continueStatement:
            return .continueLoop
        case .classDefinition, .withStatement, .tryStatement, .raiseStatement, .assertStatement, .deleteStatement,
            .nonlocalDeclaration:
            return try executeCompound(statement, in: environment)
        }
        return .normal
    }

    /// Python's in-place operators where the value is shared: a parameter changes its own
    /// values (so `p -= lr * p.grad` steps the layer's weight) and a list grows in place.
    /// Returns false for every other value, which `x op= y` simply rebinds.
    private func updateInPlace(_ current: Value, _ op: String, _ operand: Value) throws -> Bool {
        if case .object(let object as ParameterObject) = current, ["+", "-", "*", "/"].contains(op) {
            guard let updated = try binary(op, .tensor(object.parameter.value), operand).tensorValue else {
                return false
            }
            try object.parameter.assign(updated)
            return true
        }
        // `x += y` on a tensor writes into its storage, as PyTorch's in-place operators do; with
        // a tape value on the right it records a new value instead.
        if case .tensor(let ref) = current, !isTapeValue(operand) {
            _ = try TensorInPlace.store(
                try TensorArithmetic.binary(op, current, operand), into: ref, operation: op + "=")
            return true
        }
        if case .list(let list) = current, op == "+" {
            list.items += try collect(operand)
            return true
        }
        return false
    }

    private func truth(of expression: Expression, in environment: Environment) throws -> Bool {
        let value = try evaluate(expression, in: environment)
        return try located(at: expression.location, length: expression.length) { try value.truth() }
    }

    /// `import torch` and friends bind a namespace holding the built-ins, so PyTorch code reads
    /// the same here.
    private func importModule(_ name: String, at statement: Statement) throws -> Value {
        guard let imported = Namespaces.resolve(name, for: self) else {
            throw ShellError(
                .moduleNotFound,
                "no module named '\(name)' (the shell provides torch, torch.nn, torch.optim and torch.nn.functional)",
                at: statement.location, length: statement.length)
        }
        return imported
    }

    /// The body of a user function: statements for `def`, one expression for `lambda`.
    enum FunctionBody {
        case block([Statement])
        case expression(Expression)
    }

    /// Makes a user function whose defaults are evaluated now, as in Python.
    func makeFunction(
        _ name: String, _ parameters: [FunctionParameter], body: FunctionBody, in environment: Environment
    ) throws -> Callable {
        let named = parameters.filter { $0.collects == .nothing }
        let specs = try named.map { parameter in
            ParameterSpec(
                parameter.name, value: try parameter.defaultValue.map { try evaluate($0, in: environment) },
                text: parameter.defaultValue.map { _ in "…" })
        }
        let rest = parameters.first { $0.collects == .positional }?.name
        let keywords = parameters.first { $0.collects == .keywords }?.name
        var signature = Signature(specs, variadic: rest)
        signature.positionalBeforeVariadic = parameters.prefix { $0.collects == .nothing }.count
        signature.acceptsAnyKeyword = keywords != nil
        return Callable(name, kind: .user, signature: signature, doc: docstring(of: body)) {
            [unowned self] arguments, _ in
            let scope = Environment(parent: environment)
            for parameter in named { scope.define(parameter.name, arguments.value(parameter.name)) }
            if rest == "", !arguments.rest.isEmpty {
                throw ShellError(
                    .type,
                    "\(name)() takes \(signature.positionalBeforeVariadic) positional arguments but "
                        + "\(signature.positionalBeforeVariadic + arguments.rest.count) were given")
            }
            if let rest, !rest.isEmpty { scope.define(rest, .tuple(arguments.rest)) }
            if let keywords {
                scope.define(
                    keywords, .dictionary(DictionaryStorage(arguments.extraKeywords.map { (.string($0.0), $0.1) })))
            }
            do {
                switch body {
                case .expression(let expression):
                    return try self.evaluate(expression, in: scope)
                case .block(let statements):
                    if case .returnValue(let value) = try self.execute(block: statements, in: scope) { return value }
                    return .none
                }
            } catch var error as ShellError where error.location != nil {
                // The caller's position is filled in where the call stands (see `located`).
                error.addFrame(calling: name, at: SourceLocation(line: 0, column: 0))
                throw error
            }
        }
    }

    /// Runs `body`, giving any error without a position the one of the expression at fault.
    func located<R>(at location: SourceLocation, length: Int, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch var error as ShellError {
            if error.location == nil {
                error.location = location
                error.length = max(length, 1)
            }
            if let last = error.frames.last, last.location.line == 0 {
                error.frames[error.frames.count - 1].location = location
            }
            throw error
        } catch let error as EmberError {
            throw ShellError(error, at: location, length: length)
        }
    }
}
