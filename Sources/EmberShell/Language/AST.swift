// The syntax tree. Every node keeps the location and length of the source it came from, so a
// runtime error can point at the exact sub-expression that failed.

/// An expression with its place in the source.
public struct Expression: Sendable {
    /// What the expression is.
    public var kind: ExpressionKind
    /// Where it starts.
    public var location: SourceLocation
    /// Characters spanned on the first line, for the caret under it.
    public var length: Int

    /// An expression of `kind` at `location`, spanning `length` characters.
    public init(_ kind: ExpressionKind, at location: SourceLocation, length: Int) {
        self.kind = kind
        self.location = location
        self.length = length
    }
}

/// The kinds of expression.
public indirect enum ExpressionKind: Sendable {
    case integer(Int)
    case float(Double)
    case string(String)
    /// An f-string: text and fields to format.
    case formatted([FormattedPiece])
    case boolean(Bool)
    case none
    case name(String)
    case list([Expression])
    case tuple([Expression])
    case dictionary([(key: Expression, value: Expression)])
    /// `-x`, `+x`, `not x`.
    case unary(operator: String, operand: Expression)
    /// `a + b`, `a @ b`, `a ** b` …
    case binary(operator: String, left: Expression, right: Expression)
    /// `a < b <= c`: Python's chained comparison.
    case comparison(first: Expression, rest: [(operator: String, operand: Expression)])
    /// `a and b`, `a or b`, short-circuiting.
    case logical(operator: String, left: Expression, right: Expression)
    /// `a if condition else b`.
    case conditional(condition: Expression, then: Expression, otherwise: Expression)
    case call(callee: Expression, arguments: [CallArgument])
    case attribute(object: Expression, name: String)
    case `subscript`(object: Expression, items: [SubscriptItem])
    case lambda(parameters: [FunctionParameter], body: Expression)
    /// `[element for target in iterable if condition]`.
    case comprehension(element: Expression, target: Expression, iterable: Expression, condition: Expression?)
    /// `{key: value for target in iterable if condition}`.
    case dictionaryComprehension(
        key: Expression, value: Expression, target: Expression, iterable: Expression, condition: Expression?)
    /// `{a, b}`: a set display.
    case set([Expression])
    /// `{element for target in iterable if condition}`.
    case setComprehension(element: Expression, target: Expression, iterable: Expression, condition: Expression?)
}

/// One piece of an f-string: text, or an expression with its conversion and format spec.
public enum FormattedPiece: Sendable {
    case text(String)
    case field(Expression, conversion: Character?, spec: String)
}

/// One argument of a call: positional, or `name=value`.
public struct CallArgument: Sendable {
    /// The keyword, nil for a positional argument.
    public var name: String?
    /// The argument's expression.
    public var value: Expression
    /// `*iterable` spreads positional arguments, `**mapping` keyword arguments.
    public var unpacking: Unpacking = .none

    /// How a call argument is spread.
    public enum Unpacking: Sendable { case none, positional, keywords }
}

/// One entry of a subscript: `t[0]`, `t[1:3]`, `t[::2]`.
public enum SubscriptItem: Sendable {
    case index(Expression)
    case slice(start: Expression?, end: Expression?, step: Expression?)
}

/// A parameter of a `def` or `lambda`, with its default value if any.
public struct FunctionParameter: Sendable {
    /// The parameter's name.
    public var name: String
    /// The expression of its default, evaluated when the function is defined.
    public var defaultValue: Expression?
    /// A plain parameter, `*args` (the remaining positional arguments) or `**kwargs` (the
    /// remaining keyword arguments).
    public var collects: Collects = .nothing

    /// What a parameter gathers beyond its own argument.
    public enum Collects: Sendable { case nothing, positional, keywords }
}

/// One `except` clause: the exception classes it catches (none: every one) and the name `as`
/// binds.
public struct ExceptHandler: Sendable {
    /// The class or tuple of classes caught, nil for a bare `except:`.
    public var type: Expression?
    /// The name the caught exception is bound to.
    public var name: String?
    /// The statements run when it matches.
    public var body: [Statement]
    /// Where the clause starts.
    public var location: SourceLocation
}

/// A statement with its place in the source.
public struct Statement: Sendable {
    /// What the statement is.
    public var kind: StatementKind
    /// Where it starts.
    public var location: SourceLocation
    /// Characters spanned on its first line.
    public var length: Int

    /// A statement of `kind` at `location`, spanning `length` characters.
    public init(_ kind: StatementKind, at location: SourceLocation, length: Int) {
        self.kind = kind
        self.location = location
        self.length = length
    }
}

/// The kinds of statement.
public indirect enum StatementKind: Sendable {
    case expression(Expression)
    /// `a = b = value`: every target receives the value.
    case assignment(targets: [Expression], value: Expression)
    /// `a += value` and the other augmented operators (the operator without `=`).
    case augmentedAssignment(target: Expression, operator: String, value: Expression)
    case ifStatement(branches: [(condition: Expression, body: [Statement])], otherwise: [Statement]?)
    case forLoop(target: Expression, iterable: Expression, body: [Statement])
    case whileLoop(condition: Expression, body: [Statement])
    case function(name: String, parameters: [FunctionParameter], body: [Statement])
    case returnStatement(Expression?)
    /// `import torch`, `import torch.nn as nn`, `from torch import nn`: names to bind.
    case importStatement(bindings: [(module: String, alias: String)])
    /// `global a, b`: assignments to these names in a function go to the session's variables.
    case globalDeclaration([String])
    /// `nonlocal a`: assignments to these names go to the enclosing function's scope.
    case nonlocalDeclaration([String])
    /// `class Name(Base, …):` and its body of methods and class attributes.
    case classDefinition(name: String, bases: [Expression], body: [Statement])
    /// `with manager as name, …:`.
    case withStatement(items: [(manager: Expression, target: Expression?)], body: [Statement])
    /// `try:` with its `except` clauses, `else` and `finally` blocks.
    case tryStatement(
        body: [Statement], handlers: [ExceptHandler], otherwise: [Statement]?, finally: [Statement]?)
    /// `raise`, `raise E`, `raise E from cause`.
    case raiseStatement(Expression?, cause: Expression?)
    /// `assert condition, message`.
    case assertStatement(condition: Expression, message: Expression?)
    /// `del a, b[0], c.d`.
    case deleteStatement([Expression])
    case pass
    case breakStatement
    case continueStatement
}
