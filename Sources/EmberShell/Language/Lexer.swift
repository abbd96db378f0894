// The lexer: source text to tokens, with Python's line structure. Newlines inside brackets are
// ignored, a backslash joins lines, and the indentation at the start of each logical line becomes
// INDENT and DEDENT tokens, so the parser sees blocks as it sees brackets.

/// Splits source text into tokens.
public struct Lexer {
    private let characters: [Character]
    private var position = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    private var indentStack = [0]
    /// Open brackets with their locations, innermost last.
    private var brackets: [(Character, SourceLocation)] = []
    private var atLineStart = true

    private static let symbols = [
        "**=", "//=", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "@=", "%=", "->",
        "+", "-", "*", "/", "%", "@", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";",
    ]

    /// Makes a lexer over `source`.
    public init(_ source: String) {
        characters = Array(source)
    }

    /// Tokenizes `source`, ending with NEWLINE, the DEDENTs that close open blocks, and
    /// `endOfInput`.
    public static func tokenize(_ source: String) throws -> [Token] {
        var lexer = Lexer(source)
        return try lexer.run()
    }

    private var here: SourceLocation { SourceLocation(line: line, column: column) }
    private var current: Character? { position < characters.count ? characters[position] : nil }
    private func peek(_ offset: Int = 1) -> Character? {
        position + offset < characters.count ? characters[position + offset] : nil
    }

    private mutating func advance() {
        if current == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        position += 1
    }

    private mutating func emit(_ kind: TokenKind, at location: SourceLocation, length: Int) {
        tokens.append(Token(kind: kind, location: location, length: length))
    }

    mutating func run() throws -> [Token] {
        while let character = current {
            if atLineStart && brackets.isEmpty {
                try indentation()
                continue
            }
            switch character {
            case " ", "\t", "\r":
                advance()
            case "#":
                while let c = current, c != "\n" { advance() }
            case "\\" where peek() == "\n":
                advance()
                advance()
            case "\n":
                if brackets.isEmpty {
                    emit(.newline, at: here, length: 1)
                    atLineStart = true
                }
                advance()
            case "\"", "'":
                try string(quote: character)
            case _ where character.isNumber || (character == "." && (peek()?.isNumber ?? false)):
                try number()
            case _ where character.isLetter || character == "_":
                word()
            default:
                try symbol()
            }
        }
        return try finish()
    }

    /// Measures the indentation of a new logical line and emits INDENT or DEDENTs.
    private mutating func indentation() throws {
        var width = 0
        while let c = current, c == " " || c == "\t" {
            width = c == "\t" ? (width / 8 + 1) * 8 : width + 1
            advance()
        }
        // Blank and comment-only lines do not change the block structure.
        if current == nil || current == "\n" || current == "#" || current == "\r" {
            while let c = current, c != "\n" { advance() }
            if current == "\n" { advance() }
            return
        }
        atLineStart = false
        let top = indentStack.last ?? 0
        if width > top {
            indentStack.append(width)
            emit(.indent, at: SourceLocation(line: line, column: 1), length: width)
        } else if width < top {
            while let last = indentStack.last, width < last {
                indentStack.removeLast()
                emit(.dedent, at: here, length: 1)
            }
            guard indentStack.last == width else {
                throw ShellError(
                    .syntax, "unindent does not match any outer indentation level",
                    at: SourceLocation(line: line, column: 1), length: width)
            }
        }
    }

    private mutating func finish() throws -> [Token] {
        if let (bracket, location) = brackets.last {
            throw ShellError(
                .syntax, "'\(bracket)' was never closed", at: location, atEndOfInput: true)
        }
        if let last = tokens.last, last.kind != .newline {
            emit(.newline, at: here, length: 1)
        }
        while indentStack.count > 1 {
            indentStack.removeLast()
            emit(.dedent, at: here, length: 1)
        }
        emit(.endOfInput, at: here, length: 1)
        return tokens
    }

    private mutating func number() throws {
        let start = here
        var text = ""
        var isFloat = false
        func digits(_ lexer: inout Lexer, into text: inout String) {
            while let c = lexer.current, c.isNumber || c == "_" {
                if c != "_" { text.append(c) }
                lexer.advance()
            }
        }
        digits(&self, into: &text)
        if current == ".", !(peek()?.isLetter ?? false) {
            isFloat = true
            text.append(".")
            advance()
            digits(&self, into: &text)
        }
        if let e = current, e == "e" || e == "E" {
            let sign = peek()
            let next = sign == "+" || sign == "-" ? peek(2) : sign
            if next?.isNumber ?? false {
                isFloat = true
                text.append("e")
                advance()
                if let s = current, s == "+" || s == "-" {
                    text.append(s)
                    advance()
                }
                digits(&self, into: &text)
            }
        }
        let length = column - start.column
        if !isFloat, let value = Int(text) {
            emit(.integer(value), at: start, length: length)
        } else if let value = Double(text) {
            emit(.float(value), at: start, length: length)
        } else {
            throw ShellError(.syntax, "invalid number '\(text)'", at: start, length: length)
        }
    }

    private mutating func word() {
        let start = here
        var text = ""
        while let c = current, c.isLetter || c.isNumber || c == "_" {
            text.append(c)
            advance()
        }
        if let keyword = Keyword(rawValue: text) {
            emit(.keyword(keyword), at: start, length: text.count)
        } else {
            emit(.identifier(text), at: start, length: text.count)
        }
    }

    private mutating func string(quote: Character) throws {
        let start = here
        advance()
        var text = ""
        while let c = current, c != quote {
            if c == "\n" { break }
            if c == "\\", let next = peek() {
                advance()
                advance()
                switch next {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "\\": text.append("\\")
                case "'": text.append("'")
                case "\"": text.append("\"")
                case "0": text.append("\0")
                case "\n": break
                default: text += "\\" + String(next)
                }
                continue
            }
            text.append(c)
            advance()
        }
        guard current == quote else {
            throw ShellError(
                .syntax, "unterminated string literal", at: start, length: column - start.column)
        }
        advance()
        emit(.string(text), at: start, length: column - start.column)
    }

    private mutating func symbol() throws {
        let start = here
        guard let c = current else { return }
        for symbol in Lexer.symbols where matches(symbol) {
            for _ in symbol { advance() }
            try track(symbol, at: start)
            emit(.symbol(symbol), at: start, length: symbol.count)
            return
        }
        throw ShellError(.syntax, "invalid character '\(c)'", at: start)
    }

    private func matches(_ symbol: String) -> Bool {
        for (offset, character) in symbol.enumerated() where peek(offset) != character {
            return false
        }
        return true
    }

    /// Keeps the stack of open brackets, so newlines inside them are ignored and a stray
    /// closing bracket is reported where it is.
    private mutating func track(_ symbol: String, at location: SourceLocation) throws {
        let pairs: [String: Character] = [")": "(", "]": "[", "}": "{"]
        if symbol == "(" || symbol == "[" || symbol == "{" {
            brackets.append((Character(symbol), location))
        } else if let opening = pairs[symbol] {
            guard let (open, _) = brackets.last, open == opening else {
                let message =
                    brackets.last.map { "'\(symbol)' does not match '\($0.0)'" }
                    ?? "unmatched '\(symbol)'"
                throw ShellError(.syntax, message, at: location)
            }
            brackets.removeLast()
        }
    }
}
