// The parser: recursive descent over the tokens, one function per grammar rule, from statements
// down to primaries. The grammar is a subset of Python's; precedence climbs from `lambda` and
// the conditional expression through `or`, `and`, `not`, comparisons, `+ -`, `* / // % @`,
// unary minus and `**` to calls, attributes and subscripts.

/// Turns tokens into statements.
public struct Parser {
    private let tokens: [Token]
    private var position = 0
    /// How many expressions and blocks are open, one inside the other.
    private var nesting = 0
    /// The deepest nesting accepted, so that parsing never exhausts the stack.
    private static let maximumNesting = 200
    /// How many links (operators, calls, subscripts, attributes) the chains being parsed add:
    /// each makes the tree one level deeper without any recursion here, but evaluating and
    /// freeing the tree recurse once per level.
    private var links = 0
    /// The most links accepted, so that the tree stays shallower than the evaluator's limit.
    private static let maximumLinks = 500

    /// Makes a parser over `tokens` (which end with `endOfInput`).
    public init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses the expression of an f-string field, its tokens placed where it stands.
    static func fieldExpression(_ source: String, at location: SourceLocation) throws -> Expression {
        var lexer = Lexer(source, origin: location)
        var parser = Parser(tokens: try lexer.run())
        let expression = try parser.expression()
        guard parser.current.kind == .newline || parser.current.kind == .endOfInput else {
            throw parser.error("expected the end of the f-string field, got \(parser.current.quoted)")
        }
        return expression
    }

    /// Parses a whole source text into statements; its first line is line `firstLine` of its
    /// file, so that positions name lines of the file.
    public static func parse(_ source: String, firstLine: Int = 1) throws -> [Statement] {
        var parser = Parser(tokens: try Lexer.tokenize(source, firstLine: firstLine))
        return try parser.program()
    }

    // MARK: - Token access

    var current: Token {
        tokens[min(position, tokens.count - 1)]
    }

    var previous: Token {
        tokens[max(min(position - 1, tokens.count - 1), 0)]
    }

    func check(_ symbol: String) -> Bool {
        current.kind == .symbol(symbol)
    }

    func check(_ keyword: Keyword) -> Bool {
        current.kind == .keyword(keyword)
    }

    mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    mutating func match(_ symbol: String) -> Bool {
        guard check(symbol) else { return false }
        _ = advance()
        return true
    }

    mutating func match(_ keyword: Keyword) -> Bool {
        guard check(keyword) else { return false }
        _ = advance()
        return true
    }

    func error(_ message: String, at token: Token? = nil) -> ShellError {
        let token = token ?? current
        // The DEDENTs that close blocks at the end of the text count as its end: more lines
        // could still complete the input.
        let rest = tokens[min(position, tokens.count - 1)...]
        let atEnd =
            (token.kind == .endOfInput || token.kind == .dedent)
            && rest.allSatisfy { $0.kind == .dedent || $0.kind == .newline || $0.kind == .endOfInput }
        return ShellError(.syntax, message, at: token.location, length: token.length, atEndOfInput: atEnd)
    }

    mutating func expect(_ symbol: String, _ context: String) throws {
        guard match(symbol) else { throw error("expected '\(symbol)' \(context), got \(current.quoted)") }
    }

    mutating func expectNewline() throws {
        guard current.kind == .newline || current.kind == .endOfInput else {
            throw error("expected end of line, got \(current.quoted)")
        }
        if current.kind == .newline { _ = advance() }
    }

    mutating func identifier(_ context: String) throws -> String {
        guard case .identifier(let name) = current.kind else {
            throw error("expected a name \(context), got \(current.quoted)")
        }
        _ = advance()
        return name
    }

    // MARK: - Statements

    /// program → statement* END
    mutating func program() throws -> [Statement] {
        var statements: [Statement] = []
        while current.kind != .endOfInput {
            if current.kind == .newline {
                _ = advance()
                continue
            }
            if current.kind == .indent { throw error("unexpected indent") }
            statements += try statement()
        }
        return statements
    }

    /// statement → compound | simpleStatements
    mutating func statement() throws -> [Statement] {
        try nested { parser in try parser.unnestedStatement() }
    }

    private mutating func unnestedStatement() throws -> [Statement] {
        switch current.kind {
        case .keyword(.if): return [try ifStatement()]
        case .keyword(.for): return [try forStatement()]
        case .keyword(.while): return [try whileStatement()]
        case .keyword(.def): return [try functionDefinition()]
        case .keyword(.class): return [try classDefinition()]
        case .keyword(.with): return [try withStatement()]
        case .keyword(.try): return [try tryStatement()]
        default: return try simpleStatements()
        }
    }

    /// block → simpleStatements | NEWLINE INDENT statement+ DEDENT
    mutating func block(_ header: String) throws -> [Statement] {
        try expect(":", "after \(header)")
        guard current.kind == .newline else { return try simpleStatements() }
        _ = advance()
        guard current.kind == .indent else {
            throw error("expected an indented block after \(header)")
        }
        _ = advance()
        var body: [Statement] = []
        while current.kind != .dedent && current.kind != .endOfInput {
            if current.kind == .newline {
                _ = advance()
                continue
            }
            body += try statement()
        }
        if current.kind == .dedent { _ = advance() }
        return body
    }

    /// ifStatement → "if" expression block ("elif" expression block)* ("else" block)?
    private mutating func ifStatement() throws -> Statement {
        let start = advance()
        var branches = [(condition: try expression(), body: try block("'if' statement"))]
        var otherwise: [Statement]?
        while check(.elif) {
            _ = advance()
            branches.append((try expression(), try block("'elif' statement")))
        }
        if match(.else) { otherwise = try block("'else'") }
        return Statement(.ifStatement(branches: branches, otherwise: otherwise), at: start.location, length: 2)
    }

    /// forStatement → "for" targetList "in" expressionList block
    private mutating func forStatement() throws -> Statement {
        let start = advance()
        let target = try targetList()
        guard match(.in) else { throw error("expected 'in' after the loop variable, got \(current.quoted)") }
        let iterable = try expressionList()
        let body = try block("'for' statement")
        return Statement(.forLoop(target: target, iterable: iterable, body: body), at: start.location, length: 3)
    }

    /// whileStatement → "while" expression block
    private mutating func whileStatement() throws -> Statement {
        let start = advance()
        let condition = try expression()
        let body = try block("'while' statement")
        return Statement(.whileLoop(condition: condition, body: body), at: start.location, length: 5)
    }

    /// functionDefinition → "def" NAME "(" parameters ")" block
    private mutating func functionDefinition() throws -> Statement {
        let start = advance()
        let name = try identifier("after 'def'")
        try expect("(", "after the function name")
        let parameters = try parameterList(closing: ")")
        try expect(")", "after the parameters")
        // A return annotation documents the function; it has no effect, as in Python.
        if match("->") { _ = try expression() }
        let body = try block("function definition")
        return Statement(.function(name: name, parameters: parameters, body: body), at: start.location, length: 3)
    }

    /// parameters → (NAME ("=" expression)? ("," …)*)?
    mutating func parameterList(closing: String) throws -> [FunctionParameter] {
        var parameters: [FunctionParameter] = []
        while !check(closing) {
            if let collecting = try collectingParameter(after: parameters) {
                parameters.append(collecting)
                if !match(",") { break }
                continue
            }
            let name = try identifier("for a parameter")
            // An annotation documents the parameter; it has no effect, as in Python.
            if closing == ")", match(":") { _ = try expression() }
            let defaultValue = match("=") ? try expression() : nil
            let keywordOnly = parameters.contains { $0.collects == .positional }
            if defaultValue == nil, !keywordOnly, parameters.last?.defaultValue != nil {
                throw error("parameter without a default follows parameter with a default", at: previous)
            }
            parameters.append(FunctionParameter(name: name, defaultValue: defaultValue))
            if !match(",") { break }
        }
        return parameters
    }

    /// simpleStatements → simpleStatement (";" simpleStatement)* ";"? NEWLINE
    mutating func simpleStatements() throws -> [Statement] {
        var statements = [try simpleStatement()]
        while match(";") {
            if current.kind == .newline || current.kind == .endOfInput { break }
            statements.append(try simpleStatement())
        }
        try expectNewline()
        return statements
    }

    /// simpleStatement → "pass" | "break" | "continue" | returnStatement | importStatement | assignment
    private mutating func simpleStatement() throws -> Statement {
        let token = current
        switch token.kind {
        case .keyword(.pass):
            _ = advance()
            return Statement(.pass, at: token.location, length: 4)
        case .keyword(.break):
            _ = advance()
            return Statement(.breakStatement, at: token.location, length: 5)
        case .keyword(.continue):
            _ = advance()
            return Statement(.continueStatement, at: token.location, length: 8)
        case .keyword(.return):
            _ = advance()
            let atEnd = current.kind == .newline || current.kind == .endOfInput || check(";")
            let value = atEnd ? nil : try expressionList()
            return Statement(.returnStatement(value), at: token.location, length: 6)
        case .keyword(.import), .keyword(.from):
            return try importStatement()
        case .keyword(.global):
            _ = advance()
            var names = [try identifier("after 'global'")]
            while match(",") { names.append(try identifier("after ','")) }
            return Statement(.globalDeclaration(names), at: token.location, length: 6)
        case .keyword(.nonlocal), .keyword(.raise), .keyword(.assert), .keyword(.del):
            return try keywordStatement()
        default:
            return try assignment()
        }
    }

    /// importStatement → "import" dotted ("as" NAME)? | "from" dotted "import" NAME ("as" NAME)?
    private mutating func importStatement() throws -> Statement {
        let start = advance()
        if start.kind == .keyword(.from) {
            let module = try dottedName()
            guard match(.import) else { throw error("expected 'import', got \(current.quoted)") }
            var bindings: [(String, String)] = []
            repeat {
                let name = try identifier("to import")
                let alias = match(.as) ? try identifier("after 'as'") : name
                bindings.append((module + "." + name, alias))
            } while match(",")
            return Statement(.importStatement(bindings: bindings), at: start.location, length: 4)
        }
        var bindings: [(String, String)] = []
        repeat {
            let module = try dottedName()
            if match(.as) {
                bindings.append((module, try identifier("after 'as'")))
            } else {
                // `import torch.nn` binds `torch`, as in Python.
                let top = String(module.prefix { $0 != "." })
                bindings.append((top, top))
            }
        } while match(",")
        return Statement(.importStatement(bindings: bindings), at: start.location, length: 6)
    }

    mutating func dottedName() throws -> String {
        var name = try identifier("of a module")
        while match(".") { name += "." + (try identifier("after '.'")) }
        return name
    }

    /// assignment → expressionList (("=" expressionList)+ | augmentedOperator expression)?
    private mutating func assignment() throws -> Statement {
        let start = current
        let first = try expressionList()
        if check("=") {
            var targets = [first]
            var value = first
            while match("=") {
                value = try expressionList()
                targets.append(value)
            }
            targets.removeLast()
            for target in targets { try validateTarget(target) }
            return Statement(.assignment(targets: targets, value: value), at: start.location, length: first.length)
        }
        for op in ["+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=", "^="] where check(op) {
            _ = advance()
            try validateTarget(first)
            if case .tuple = first.kind { throw error("cannot use \(op) on a tuple of names", at: start) }
            let value = try expressionList()
            return Statement(
                .augmentedAssignment(target: first, operator: String(op.dropLast()), value: value),
                at: start.location, length: first.length)
        }
        return Statement(.expression(first), at: start.location, length: first.length)
    }

    func validateTarget(_ target: Expression) throws {
        switch target.kind {
        case .name, .attribute, .subscript: return
        case .tuple(let items), .list(let items):
            for item in items { try validateTarget(item) }
        case .call:
            throw ShellError(.syntax, "cannot assign to a function call", at: target.location, length: target.length)
        default:
            throw ShellError(.syntax, "cannot assign to this expression", at: target.location, length: target.length)
        }
    }

    /// targetList → call ("," call)*: the loop variables of `for`.
    mutating func targetList() throws -> Expression {
        let first = try call()
        guard check(",") else {
            try validateTarget(first)
            return first
        }
        var items = [first]
        while match(",") {
            if check(.in) { break }
            items.append(try call())
        }
        let target = Expression(.tuple(items), at: first.location, length: first.length)
        try validateTarget(target)
        return target
    }

    // MARK: - Expressions

    /// expressionList → expression ("," expression)* ","?   (a tuple when there is a comma)
    mutating func expressionList() throws -> Expression {
        let first = try expression()
        guard check(",") else { return first }
        var items = [first]
        while match(",") {
            if startsExpressionEnd() { break }
            items.append(try expression())
        }
        return Expression(.tuple(items), at: first.location, length: first.length)
    }

    private func startsExpressionEnd() -> Bool {
        switch current.kind {
        case .newline, .endOfInput, .symbol("="), .symbol(")"), .symbol("]"), .symbol(":"), .symbol(";"):
            return true
        default:
            return false
        }
    }

    /// expression → lambda | disjunction ("if" disjunction "else" expression)?
    mutating func expression() throws -> Expression {
        try nested { parser in try parser.unnestedExpression() }
    }

    /// Counts one more link of a chain, refusing chains longer than `maximumLinks`.
    private mutating func link() throws {
        links += 1
        guard links <= Parser.maximumLinks else {
            throw error("expression too long (more than \(Parser.maximumLinks) operations in a chain)")
        }
    }

    /// Runs a rule one level deeper, refusing input nested past `maximumNesting`.
    mutating func nested<R>(_ rule: (inout Parser) throws -> R) throws -> R {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Parser.maximumNesting else {
            throw error("too deeply nested (more than \(Parser.maximumNesting) levels)")
        }
        return try rule(&self)
    }

    private mutating func unnestedExpression() throws -> Expression {
        if check(.lambda) { return try lambda() }
        let value = try disjunction()
        guard check(.if) else { return value }
        _ = advance()
        let condition = try disjunction()
        guard match(.else) else { throw error("expected 'else' in the conditional expression, got \(current.quoted)") }
        let otherwise = try expression()
        return Expression(
            .conditional(condition: condition, then: value, otherwise: otherwise), at: value.location,
            length: value.length)
    }

    /// lambda → "lambda" parameters ":" expression
    private mutating func lambda() throws -> Expression {
        let start = advance()
        let parameters = try parameterList(closing: ":")
        try expect(":", "after the lambda's parameters")
        let body = try expression()
        return Expression(.lambda(parameters: parameters, body: body), at: start.location, length: 6)
    }

    /// disjunction → conjunction ("or" conjunction)*
    mutating func disjunction() throws -> Expression {
        let outerLinks = links
        defer { links = outerLinks }
        var left = try conjunction()
        while check(.or) {
            try link()
            let op = advance()
            let right = try conjunction()
            left = Expression(.logical(operator: "or", left: left, right: right), at: op.location, length: 2)
        }
        return left
    }

    /// conjunction → inversion ("and" inversion)*
    private mutating func conjunction() throws -> Expression {
        let outerLinks = links
        defer { links = outerLinks }
        var left = try inversion()
        while check(.and) {
            try link()
            let op = advance()
            let right = try inversion()
            left = Expression(.logical(operator: "and", left: left, right: right), at: op.location, length: 3)
        }
        return left
    }

    /// inversion → "not" inversion | comparison
    private mutating func inversion() throws -> Expression {
        guard check(.not) else { return try comparison() }
        let op = advance()
        let operand = try nested { parser in try parser.inversion() }
        return Expression(.unary(operator: "not", operand: operand), at: op.location, length: 3)
    }

    /// comparison → bitOr (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in" | "is") bitOr)*
    private mutating func comparison() throws -> Expression {
        let first = try bitOr()
        var rest: [(operator: String, operand: Expression)] = []
        var location = first.location
        while true {
            let op: String
            if let symbol = ["==", "!=", "<", "<=", ">", ">="].first(where: check) {
                op = symbol
            } else if check(.in) {
                op = "in"
            } else if check(.is) {
                op = "is"
            } else if check(.not), tokens[min(position + 1, tokens.count - 1)].kind == .keyword(.in) {
                _ = advance()
                op = "not in"
            } else {
                break
            }
            location = advance().location
            if op == "is" && match(.not) {
                rest.append(("is not", try bitOr()))
            } else {
                rest.append((op, try bitOr()))
            }
        }
        guard !rest.isEmpty else { return first }
        return Expression(.comparison(first: first, rest: rest), at: location, length: rest[0].operator.count)
    }

    /// Parses a left-associative chain of binary operators over `operand`.
    private mutating func binaryChain(
        _ operators: [String], _ operand: (inout Parser) throws -> Expression
    ) throws -> Expression {
        let outerLinks = links
        defer { links = outerLinks }
        var left = try operand(&self)
        while let symbol = operators.first(where: check) {
            try link()
            let op = advance()
            let right = try operand(&self)
            left = Expression(.binary(operator: symbol, left: left, right: right), at: op.location, length: op.length)
        }
        return left
    }

    /// bitOr → bitXor ("|" bitXor)*, as in Python: looser than arithmetic, tighter than comparison.
    private mutating func bitOr() throws -> Expression {
        try binaryChain(["|"]) { try $0.bitXor() }
    }

    /// bitXor → bitAnd ("^" bitAnd)*
    private mutating func bitXor() throws -> Expression {
        try binaryChain(["^"]) { try $0.bitAnd() }
    }

    /// bitAnd → term ("&" term)*
    private mutating func bitAnd() throws -> Expression {
        try binaryChain(["&"]) { try $0.term() }
    }

    /// term → factor (("+" | "-") factor)*
    private mutating func term() throws -> Expression {
        try binaryChain(["+", "-"]) { try $0.factor() }
    }

    /// factor → unary (("*" | "/" | "//" | "%" | "@") unary)*
    private mutating func factor() throws -> Expression {
        try binaryChain(["*", "/", "//", "%", "@"]) { try $0.unary() }
    }

    /// unary → ("-" | "+" | "~") unary | power
    private mutating func unary() throws -> Expression {
        guard check("-") || check("+") || check("~") else { return try power() }
        let op = advance()
        let operand = try nested { parser in try parser.unary() }
        guard case .symbol(let symbol) = op.kind else { return operand }
        return Expression(.unary(operator: symbol, operand: operand), at: op.location, length: 1)
    }

    /// power → call ("**" unary)?   (right-associative, binds tighter than unary minus on its left)
    private mutating func power() throws -> Expression {
        let base = try call()
        guard check("**") else { return base }
        let op = advance()
        let exponent = try nested { parser in try parser.unary() }
        return Expression(.binary(operator: "**", left: base, right: exponent), at: op.location, length: 2)
    }

    /// call → primary ("(" arguments ")" | "[" subscripts "]" | "." NAME)*
    private mutating func call() throws -> Expression {
        let outerLinks = links
        defer { links = outerLinks }
        var expression = try primary()
        while true {
            if check("(") || check("[") || check(".") { try link() }
            if check("(") {
                let open = advance()
                let arguments = try argumentList()
                try expect(")", "to close the call")
                expression = Expression(
                    .call(callee: expression, arguments: arguments), at: expression.location,
                    length: max(expression.length, open.location.column - expression.location.column + 1))
            } else if check("[") {
                _ = advance()
                let items = try subscripts()
                try expect("]", "to close the subscript")
                expression = Expression(
                    .subscript(object: expression, items: items), at: expression.location, length: expression.length)
            } else if check(".") {
                _ = advance()
                let nameToken = current
                let name = try identifier("after '.'")
                expression = Expression(
                    .attribute(object: expression, name: name), at: nameToken.location, length: name.count)
            } else {
                return expression
            }
        }
    }

    /// arguments → (argument ("," argument)* ","?)?   argument → NAME "=" expression | expression
    private mutating func argumentList() throws -> [CallArgument] {
        var arguments: [CallArgument] = []
        var sawKeyword = false
        while !check(")") {
            if case .identifier(let name) = current.kind,
                tokens[min(position + 1, tokens.count - 1)].kind == .symbol("=")
            {
                _ = advance()
                _ = advance()
                if arguments.contains(where: { $0.name == name }) {
                    throw error("keyword argument repeated: \(name)", at: previous)
                }
                arguments.append(CallArgument(name: name, value: try expression()))
                sawKeyword = true
            } else if check("*") || check("**") {
                arguments.append(try unpackedArgument(afterKeyword: sawKeyword))
                if arguments.last?.unpacking == .keywords { sawKeyword = true }
            } else {
                let start = current
                let value = try expression()
                if sawKeyword { throw error("positional argument follows keyword argument", at: start) }
                if check(.for) {
                    arguments.append(CallArgument(name: nil, value: try comprehension(element: value)))
                } else {
                    arguments.append(CallArgument(name: nil, value: value))
                }
            }
            if !match(",") { break }
        }
        return arguments
    }

    /// subscripts → subscript ("," subscript)*   subscript → expression | expression? ":" expression? (":" expression?)?
    private mutating func subscripts() throws -> [SubscriptItem] {
        var items: [SubscriptItem] = []
        repeat {
            if check("]") { break }
            let start = check(":") ? nil : try expression()
            guard match(":") else {
                if let start { items.append(.index(start)) }
                continue
            }
            let end = check(":") || check("]") || check(",") ? nil : try expression()
            var step: Expression?
            if match(":") { step = check("]") || check(",") ? nil : try expression() }
            items.append(.slice(start: start, end: end, step: step))
        } while match(",")
        if items.isEmpty { throw error("expected an index, got \(current.quoted)") }
        return items
    }

    /// primary → NUMBER | STRING+ | "True" | "False" | "None" | NAME | "(" … ")" | "[" … "]" | "{" … "}"
    private mutating func primary() throws -> Expression {
        let token = current
        if check("...") {
            _ = advance()
            return Expression(.name("Ellipsis"), at: token.location, length: 3)
        }
        switch token.kind {
        case .integer(let value):
            _ = advance()
            return Expression(.integer(value), at: token.location, length: token.length)
        case .float(let value):
            _ = advance()
            return Expression(.float(value), at: token.location, length: token.length)
        case .string(var text):
            _ = advance()
            // Adjacent string literals join, as in Python.
            while case .string(let more) = current.kind {
                text += more
                _ = advance()
            }
            return Expression(.string(text), at: token.location, length: token.length)
        case .formatString(let pieces):
            _ = advance()
            let parsed = try pieces.map { piece -> FormattedPiece in
                switch piece {
                case .text(let text): return .text(text)
                case .field(let source, let location, let conversion, let spec):
                    return .field(try Parser.fieldExpression(source, at: location), conversion: conversion, spec: spec)
                }
            }
            return Expression(.formatted(parsed), at: token.location, length: token.length)
        case .keyword(.True), .keyword(.False):
            _ = advance()
            return Expression(.boolean(token.kind == .keyword(.True)), at: token.location, length: token.length)
        case .keyword(.None):
            _ = advance()
            return Expression(.none, at: token.location, length: 4)
        case .identifier(let name):
            _ = advance()
            return Expression(.name(name), at: token.location, length: token.length)
        case .symbol("("):
            return try parenthesized()
        case .symbol("["):
            return try listDisplay()
        case .symbol("{"):
            return try dictionaryDisplay()
        default:
            throw error("expected an expression, got \(token.quoted)")
        }
    }

    /// "(" ")" | "(" expression ")" | "(" expression "," … ")"
    private mutating func parenthesized() throws -> Expression {
        let open = advance()
        if match(")") { return Expression(.tuple([]), at: open.location, length: 2) }
        let first = try expression()
        if check(.for) {
            let generator = try comprehension(element: first)
            try expect(")", "to close the parenthesis")
            return generator
        }
        guard check(",") else {
            try expect(")", "to close the parenthesis")
            return first
        }
        var items = [first]
        while match(",") {
            if check(")") { break }
            items.append(try expression())
        }
        try expect(")", "to close the tuple")
        return Expression(.tuple(items), at: open.location, length: 1)
    }

    /// "[" (expression ("," expression)* | expression comprehension)? "]"
    private mutating func listDisplay() throws -> Expression {
        let open = advance()
        var items: [Expression] = []
        while !check("]") {
            let item = try expression()
            if items.isEmpty && check(.for) {
                let comprehension = try comprehension(element: item)
                try expect("]", "to close the list")
                return Expression(comprehension.kind, at: open.location, length: 1)
            }
            items.append(item)
            if !match(",") { break }
        }
        try expect("]", "to close the list")
        return Expression(.list(items), at: open.location, length: 1)
    }

    /// comprehension → "for" targetList "in" disjunction ("if" disjunction)?
    mutating func comprehension(element: Expression) throws -> Expression {
        let start = advance()
        let target = try targetList()
        guard match(.in) else { throw error("expected 'in' in the comprehension, got \(current.quoted)") }
        let iterable = try disjunction()
        let condition = match(.if) ? try disjunction() : nil
        return Expression(
            .comprehension(element: element, target: target, iterable: iterable, condition: condition),
            at: start.location, length: 3)
    }

    /// "{" (expression ":" expression ("," …)* | comprehension | set display)? "}"
    private mutating func dictionaryDisplay() throws -> Expression {
        let open = advance()
        var entries: [(key: Expression, value: Expression)] = []
        while !check("}") {
            let key = try expression()
            if entries.isEmpty, !check(":") { return try setDisplay(first: key, open: open) }
            try expect(":", "between a key and its value")
            let value = try expression()
            if entries.isEmpty, check(.for) { return try dictionaryComprehension(key: key, value: value, open: open) }
            entries.append((key, value))
            if !match(",") { break }
        }
        try expect("}", "to close the dictionary")
        return Expression(.dictionary(entries), at: open.location, length: 1)
    }
}
