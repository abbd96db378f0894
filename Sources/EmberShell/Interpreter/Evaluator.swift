// Expression evaluation: one case per kind of expression. Any error that escapes without a
// position takes the position of the expression that raised it, so the caret points at the call,
// operator or subscript at fault.

import Ember

extension Interpreter {
    /// The value of `expression` in `environment`.
    public func evaluate(_ expression: Expression, in environment: Environment) throws -> Value {
        // Every level of nesting, and every call of a user function, goes through here: a
        // bound on the depth turns runaway recursion into an error before the stack runs out.
        depth += 1
        defer { depth -= 1 }
        guard depth <= Interpreter.maximumDepth else {
            throw ShellError(
                .recursion, "maximum recursion depth exceeded (\(Interpreter.maximumDepth) nested evaluations)")
        }
        guard currentStackAddress() >= stackLimit else {
            throw ShellError(.recursion, "maximum recursion depth exceeded (the native stack is nearly full)")
        }
        return try located(at: expression.location, length: expression.length) {
            try evaluateUnlocated(expression, in: environment)
        }
    }

    private func evaluateUnlocated(_ expression: Expression, in environment: Environment) throws -> Value {
        switch expression.kind {
        case .integer(let value): return .int(value)
        case .float(let value): return .float(value)
        case .string(let value): return .string(value)
        case .formatted(let pieces):
            return .string(
                try pieces.map { piece in
                    switch piece {
                    case .text(let text): return text
                    case .field(let expression, let conversion, let spec):
                        var value = try evaluate(expression, in: environment)
                        if let conversion { value = .string(conversion == "r" ? repr(value) : str(value)) }
                        return try format(value, try FormatSpec(python: spec))
                    }
                }.joined())
        case .boolean(let value): return .bool(value)
        case .none: return .none
        case .name(let name):
            guard let value = lookup(name, in: environment) else {
                let known = Array(environment.visibleNames) + Array(builtins.keys)
                let hint = closestName(to: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
                throw ShellError(.name, "name '\(name)' is not defined\(hint)")
            }
            return value
        case .list(let items):
            return .list(ListStorage(try items.map { try evaluate($0, in: environment) }))
        case .tuple(let items):
            return .tuple(try items.map { try evaluate($0, in: environment) })
        case .dictionary(let entries):
            return .dictionary(
                DictionaryStorage(
                    try entries.map { (try evaluate($0.key, in: environment), try evaluate($0.value, in: environment)) }
                ))
        case .unary(let op, let operandExpression):
            return try unary(op, try evaluate(operandExpression, in: environment))
        case .binary(let op, let left, let right):
            let lhs = try evaluate(left, in: environment)
            let rhs = try evaluate(right, in: environment)
            return try binary(op, lhs, rhs)
        case .comparison(let first, let rest):
            var left = try evaluate(first, in: environment)
            var result = Value.bool(true)
            for (op, operandExpression) in rest {
                let right = try evaluate(operandExpression, in: environment)
                result = try compare(op, left, right)
                // A chain stops at the first false link; tensors make element-wise masks.
                if case .tensor = result { return result }
                if try !result.truth() { return .bool(false) }
                left = right
            }
            return result
        case .logical(let op, let left, let right):
            let lhs = try evaluate(left, in: environment)
            let decided = try lhs.truth() == (op == "or")
            return decided ? lhs : try evaluate(right, in: environment)
        case .conditional(let condition, let then, let otherwise):
            return try evaluate(condition, in: environment).truth()
                ? try evaluate(then, in: environment) : try evaluate(otherwise, in: environment)
        case .call(let calleeExpression, let arguments):
            return try evaluateCall(calleeExpression, arguments, in: environment)
        case .attribute(let objectExpression, let name):
            return try attribute(of: try evaluate(objectExpression, in: environment), name)
        case .subscript(let objectExpression, let items):
            let object = try evaluate(objectExpression, in: environment)
            return try subscriptValue(object, try evaluateSubscript(items, in: environment))
        case .lambda(let parameters, let body):
            return .function(try makeFunction("<lambda>", parameters, body: .expression(body), in: environment))
        case .comprehension(let element, let target, let iterableExpression, let condition):
            let scope = Environment(parent: environment)
            var results: [Value] = []
            let iterator = try iterate(try evaluate(iterableExpression, in: environment))
            while let item = iterator.next() {
                try context.checkInterrupt()
                try assign(item, to: target, in: scope)
                if let condition, try !evaluate(condition, in: scope).truth() { continue }
                results.append(try evaluate(element, in: scope))
            }
            return .list(ListStorage(results))
        case .dictionaryComprehension, .set, .setComprehension:
            return try evaluateCollection(expression, in: environment)
        }
    }

    private func evaluateCall(
        _ calleeExpression: Expression, _ arguments: [CallArgument], in environment: Environment
    ) throws -> Value {
        if case .name("super") = calleeExpression.kind, arguments.isEmpty, environment.lookup("super") == nil {
            return try superObject(in: environment)
        }
        let callee = try evaluate(calleeExpression, in: environment)
        var positional: [Value] = []
        var keywords: [(String, Value)] = []
        for argument in arguments {
            let value = try evaluate(argument.value, in: environment)
            switch argument.unpacking {
            case .none:
                if let name = argument.name { keywords.append((name, value)) } else { positional.append(value) }
            case .positional:
                positional += try located(at: argument.value.location, length: argument.value.length) {
                    try collect(value)
                }
            case .keywords:
                keywords += try located(at: argument.value.location, length: argument.value.length) {
                    try keywordArguments(value)
                }
            }
        }
        let result = try call(callee, positional, keywords: keywords)
        rebindAfterRequiresGrad(calleeExpression, result, in: environment)
        return result
    }

    /// Calls a function, a constructor or a callable object.
    public func call(_ callee: Value, _ positional: [Value], keywords: [(String, Value)]) throws -> Value {
        switch callee {
        case .function(let callable):
            return try callable.call(positional, keywords: keywords, in: context)
        case .object(let object):
            if let result = try object.call(positional, keywords: keywords, in: context) { return result }
            throw ShellError(.type, "'\(object.typeName)' object is not callable")
        default:
            throw ShellError(.type, "'\(callee.typeName)' object is not callable")
        }
    }

    func evaluateSubscript(_ items: [SubscriptItem], in environment: Environment) throws -> [SubscriptKey] {
        try items.map { item in
            switch item {
            case .index(let expression):
                let value = try evaluate(expression, in: environment)
                // `x[slice(0, 2)]` is `x[0:2]`.
                if case .object(let slice as SliceObject) = value { return slice.key }
                return .index(value)
            case .slice(let start, let end, let step):
                func bound(_ expression: Expression?) throws -> Int? {
                    guard let expression else { return nil }
                    switch try evaluate(expression, in: environment) {
                    case .int(let i): return i
                    case .none: return nil
                    case let other:
                        throw ShellError(
                            .type, "slice indices must be integers or None, not \(other.typeName)",
                            at: expression.location, length: expression.length)
                    }
                }
                return .slice(start: try bound(start), end: try bound(end), step: try bound(step))
            }
        }
    }
}
