// Tokens of the shell's language. Every token knows where it starts (line and column, from 1)
// and how long it is, so errors can point at it with a caret.

/// A position in the source: line and column, both counted from 1.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, in characters.
    public var column: Int

    /// A position at `line` and `column`.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`, as error reports print it.
    public var description: String { "\(line):\(column)" }
}

/// The words the language reserves.
public enum Keyword: String, Sendable, CaseIterable {
    case and, or, not, `if`, elif, `else`, `for`, `in`, `while`, `break`, `continue`, pass
    case `True`, `False`, `None`, `is`, `import`, from, `as`, def, `return`, lambda, global
    case `class`, with, `try`, except, finally, raise, assert, del, nonlocal
}

/// What a token is.
public enum TokenKind: Sendable, Equatable {
    /// An integer literal such as `3`.
    case integer(Int)
    /// A floating-point literal such as `0.05` or `1e-3`.
    case float(Double)
    /// A string literal, escapes resolved.
    case string(String)
    /// An f-string: its text and replacement fields, the fields still as source.
    case formatString([FormatPiece])
    case identifier(String)
    case keyword(Keyword)
    /// An operator or punctuation: `+`, `**`, `+=`, `(`, `:` …
    case symbol(String)
    /// The end of a logical line.
    case newline
    /// The start of a more indented block.
    case indent
    /// The end of an indented block.
    case dedent
    case endOfInput
}

/// One piece of an f-string: plain text, or a `{expression!conversion:spec}` field.
public enum FormatPiece: Sendable, Equatable {
    case text(String)
    /// A field's expression as written, where it starts, its `!r`/`!s` conversion and its spec.
    case field(source: String, location: SourceLocation, conversion: Character?, spec: String)
}

/// A token with its place in the source.
public struct Token: Sendable, Equatable {
    /// What the token is.
    public var kind: TokenKind
    /// Where the token starts.
    public var location: SourceLocation
    /// The number of characters it spans, for the caret under it.
    public var length: Int

    /// How the token reads in an error message: `'+'`, `name 'x'`, `end of line`.
    public var quoted: String {
        switch kind {
        case .integer(let value): return "number \(value)"
        case .float(let value): return "number \(value)"
        case .string, .formatString: return "a string"
        case .identifier(let name): return "name '\(name)'"
        case .keyword(let word): return "'\(word.rawValue)'"
        case .symbol(let symbol): return "'\(symbol)'"
        case .newline: return "end of line"
        case .indent: return "an indent"
        case .dedent: return "the end of a block"
        case .endOfInput: return "end of input"
        }
    }
}
