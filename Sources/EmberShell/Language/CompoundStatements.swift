// The grammar rules of classes, `with`, `try` and the statements led by `raise`, `assert`, `del`
// and `nonlocal`, plus the starred forms of parameters and call arguments, and set and dictionary
// comprehensions: the parts of Python that structure a program rather than compute a value.

extension Parser {
    /// The start of the error for a `try` block that has neither `except` nor `finally`.
    static let missingHandlerMessage = "expected 'except' or 'finally' after the 'try' block"

    /// classDefinition → "class" NAME ("(" (expression ("," expression)*)? ")")? block
    mutating func classDefinition() throws -> Statement {
        let start = advance()
        let name = try identifier("after 'class'")
        var bases: [Expression] = []
        if match("(") {
            while !check(")") {
                bases.append(try expression())
                if !match(",") { break }
            }
            try expect(")", "after the base classes")
        }
        let body = try block("class definition")
        return Statement(.classDefinition(name: name, bases: bases, body: body), at: start.location, length: 5)
    }

    /// withStatement → "with" expression ("as" target)? ("," expression ("as" target)?)* block
    mutating func withStatement() throws -> Statement {
        let start = advance()
        var items: [(manager: Expression, target: Expression?)] = []
        repeat {
            let manager = try expression()
            var target: Expression?
            if match(.as) {
                let name = try expression()
                try validateTarget(name)
                target = name
            }
            items.append((manager, target))
        } while match(",")
        let body = try block("'with' statement")
        return Statement(.withStatement(items: items, body: body), at: start.location, length: 4)
    }

    /// tryStatement → "try" block ("except" (expression ("as" NAME)?)? block)* ("else" block)?
    /// ("finally" block)?
    mutating func tryStatement() throws -> Statement {
        let start = advance()
        let body = try block("'try'")
        var handlers: [ExceptHandler] = []
        while check(.except) {
            let clause = advance()
            if handlers.last.map({ $0.type == nil }) ?? false {
                throw error("a bare 'except:' must be the last except clause", at: clause)
            }
            var type: Expression?
            var name: String?
            if !check(":") {
                type = try expression()
                if match(.as) { name = try identifier("after 'as'") }
            }
            let handlerBody = try block("'except' clause")
            handlers.append(ExceptHandler(type: type, name: name, body: handlerBody, location: clause.location))
        }
        var otherwise: [Statement]?
        if check(.else) {
            let word = advance()
            guard !handlers.isEmpty else { throw error("'else' of a 'try' needs an 'except' clause", at: word) }
            otherwise = try block("'else'")
        }
        let cleanup = match(.finally) ? try block("'finally'") : nil
        guard !handlers.isEmpty || cleanup != nil else {
            throw error(Parser.missingHandlerMessage + ", got \(current.quoted)")
        }
        return Statement(
            .tryStatement(body: body, handlers: handlers, otherwise: otherwise, finally: cleanup),
            at: start.location, length: 3)
    }

    /// keywordStatement → "nonlocal" NAME ("," NAME)* | "raise" (expression ("from" expression)?)?
    /// | "assert" expression ("," expression)? | "del" targetList
    mutating func keywordStatement() throws -> Statement {
        let token = advance()
        let atEnd = current.kind == .newline || current.kind == .endOfInput || check(";")
        switch token.kind {
        case .keyword(.nonlocal):
            var names = [try identifier("after 'nonlocal'")]
            while match(",") { names.append(try identifier("after ','")) }
            return Statement(.nonlocalDeclaration(names), at: token.location, length: 8)
        case .keyword(.raise):
            let value = atEnd ? nil : try expression()
            let cause = value != nil && match(.from) ? try expression() : nil
            return Statement(.raiseStatement(value, cause: cause), at: token.location, length: 5)
        case .keyword(.assert):
            let condition = try expression()
            let message = match(",") ? try expression() : nil
            return Statement(.assertStatement(condition: condition, message: message), at: token.location, length: 6)
        default:
            var targets = [try expression()]
            while match(",") { targets.append(try expression()) }
            for target in targets { try validateTarget(target) }
            return Statement(.deleteStatement(targets), at: token.location, length: 3)
        }
    }

    /// collectingParameter → "*" NAME | "**" NAME, or nil when neither comes next.
    mutating func collectingParameter(after parameters: [FunctionParameter]) throws -> FunctionParameter? {
        guard check("*") || check("**") else { return nil }
        let star = advance()
        let collects: FunctionParameter.Collects = star.kind == .symbol("*") ? .positional : .keywords
        // A bare `*` takes no arguments: the parameters after it are keyword-only.
        let name = collects == .positional && (check(",") || check(")")) ? "" : try identifier("after \(star.quoted)")
        if parameters.contains(where: { $0.collects == .keywords }) {
            throw error("no parameter may follow '**\(parameters.last?.name ?? "")'", at: previous)
        }
        if collects == .positional, parameters.contains(where: { $0.collects == .positional }) {
            throw error("only one '*' parameter is allowed", at: star)
        }
        return FunctionParameter(name: name, defaultValue: nil, collects: collects)
    }

    /// unpackedArgument → "*" expression | "**" expression
    mutating func unpackedArgument(afterKeyword sawKeyword: Bool) throws -> CallArgument {
        let star = advance()
        let value = try expression()
        let unpacking: CallArgument.Unpacking = star.kind == .symbol("*") ? .positional : .keywords
        if unpacking == .positional, sawKeyword {
            throw error("iterable argument unpacking follows keyword argument unpacking", at: star)
        }
        return CallArgument(name: nil, value: value, unpacking: unpacking)
    }

    /// setDisplay → "{" expression ("," expression)* "}" | "{" expression comprehension "}"
    mutating func setDisplay(first: Expression, open: Token) throws -> Expression {
        if check(.for) {
            guard
                case .comprehension(let element, let target, let iterable, let condition) = try comprehension(
                    element: first
                ).kind
            else { throw error("expected a comprehension") }
            try expect("}", "to close the set")
            return Expression(
                .setComprehension(element: element, target: target, iterable: iterable, condition: condition),
                at: open.location, length: 1)
        }
        var items = [first]
        while match(",") {
            if check("}") { break }
            items.append(try expression())
        }
        try expect("}", "to close the set")
        return Expression(.set(items), at: open.location, length: 1)
    }

    /// dictionaryComprehension → "{" expression ":" expression comprehension "}"
    mutating func dictionaryComprehension(key: Expression, value: Expression, open: Token) throws -> Expression {
        guard case .comprehension(_, let target, let iterable, let condition) = try comprehension(element: value).kind
        else { throw error("expected a comprehension") }
        try expect("}", "to close the dictionary")
        return Expression(
            .dictionaryComprehension(key: key, value: value, target: target, iterable: iterable, condition: condition),
            at: open.location, length: 1)
    }
}
