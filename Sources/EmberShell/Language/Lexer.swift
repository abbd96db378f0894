// The lexer: source text to tokens, with Python's line structure. Newlines inside brackets are
// ignored, a backslash joins lines, and the indentation at the start of each logical line becomes
// INDENT and DEDENT tokens, so the parser sees blocks as it sees brackets.

import Foundation

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
        "...", "**=", "//=", "**", "//", "&=", "|=", "^=", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "@=", "%=",
        "->",
        "+", "-", "*", "/", "%", "@", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "&", "|",
        "^", "~",
    ]

    /// Makes a lexer over `source`.
    public init(_ source: String) {
        // "\r\n" is one Character in Swift; a file written on Windows must lex like any other.
        characters = Array(source.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    /// A lexer over a piece of a larger text that starts at `origin`, so that its tokens carry
    /// their places in the whole (an f-string's fields).
    init(_ source: String, origin: SourceLocation) {
        self.init(source)
        line = origin.line
        column = origin.column
        atLineStart = false
    }

    /// Tokenizes `source`, whose first line is line `firstLine` of its file, ending with
    /// NEWLINE, the DEDENTs that close open blocks, and `endOfInput`.
    public static func tokenize(_ source: String, firstLine: Int = 1) throws -> [Token] {
        var lexer = Lexer(source)
        lexer.line = firstLine
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
            case _ where (character == "f" || character == "F") && (peek() == "\"" || peek() == "'"):
                try formatString()
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
        // `1.` and `1.5` are floats, and so is `1.e5`; `1.real` would be an attribute.
        let afterPoint = peek()
        let exponentAfterPoint =
            (afterPoint == "e" || afterPoint == "E") && (peek(2)?.isNumber ?? false || peek(2) == "-" || peek(2) == "+")
        if current == ".", !(afterPoint?.isLetter ?? false) || exponentAfterPoint {
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
        if !isFloat {
            guard let value = Int(text) else {
                throw ShellError(
                    .overflow, "integer literal \(text) is too large for 64 bits", at: start, length: length)
            }
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
            if c == "\\", peek() != nil {
                text += escape()
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

    /// The character a backslash escape stands for, the backslash and its letter consumed.
    private mutating func escape() -> String {
        advance()
        guard let next = current else { return "\\" }
        advance()
        switch next {
        case "n": return "\n"
        case "t": return "\t"
        case "\\": return "\\"
        case "'": return "'"
        case "\"": return "\""
        case "0": return "\0"
        case "r": return "\r"
        case "\n": return ""
        case "x": return hexEscape(digits: 2) ?? "\\x"
        case "u": return hexEscape(digits: 4) ?? "\\u"
        default: return "\\" + String(next)
        }
    }

    /// The character of `\xNN` or `\uNNNN`, its hex digits consumed; nil (nothing consumed)
    /// when the digits are missing or name no character.
    private mutating func hexEscape(digits: Int) -> String? {
        var hex = ""
        for offset in 0..<digits {
            guard let digit = peek(offset), digit.isHexDigit else { return nil }
            hex.append(digit)
        }
        guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else { return nil }
        for _ in 0..<digits { advance() }
        return String(Character(scalar))
    }

    /// An f-string: text with `{expression}` fields, `{{` and `}}` for braces. The fields are
    /// kept as source, with their places, for the parser to read as expressions.
    private mutating func formatString() throws {
        let start = here
        advance()
        guard let quote = current else { return }
        advance()
        var pieces: [FormatPiece] = []
        var text = ""
        while let c = current, c != quote, c != "\n" {
            if c == "\\" {
                text += escape()
            } else if (c == "{" || c == "}") && peek() == c {
                text.append(c)
                advance()
                advance()
            } else if c == "}" {
                throw formatStringError("single '}' is not allowed", start: start)
            } else if c == "{" {
                if !text.isEmpty { pieces.append(.text(text)) }
                text = ""
                advance()
                pieces.append(try formatField(quote: quote, start: start))
            } else {
                text.append(c)
                advance()
            }
        }
        guard current == quote else { throw formatStringError("unterminated string", start: start) }
        advance()
        if !text.isEmpty { pieces.append(.text(text)) }
        emit(.formatString(pieces), at: start, length: column - start.column)
    }

    /// One `{expression!conversion:spec}` field of an f-string, after its `{`.
    private mutating func formatField(quote: Character, start: SourceLocation) throws -> FormatPiece {
        let location = here
        var source = ""
        var spec = ""
        var conversion: Character?
        var depth = 0
        var inSpec = false
        while let c = current, c != quote, c != "\n", !(c == "}" && depth == 0) {
            if inSpec {
                spec.append(c)
            } else if c == "!", depth == 0, peek() != "=" {
                advance()
                conversion = current
            } else if c == ":", depth == 0 {
                inSpec = true
            } else {
                if "([{".contains(c) { depth += 1 }
                if ")]}".contains(c) { depth -= 1 }
                source.append(c)
            }
            advance()
        }
        guard current == "}" else { throw formatStringError("expected '}' to close the field", start: start) }
        advance()
        guard !source.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw formatStringError("empty expression in '{}'", start: start)
        }
        guard conversion == nil || conversion == "r" || conversion == "s" else {
            throw formatStringError("conversion must be !r or !s", start: start)
        }
        return .field(source: source, location: location, conversion: conversion, spec: spec)
    }

    private func formatStringError(_ message: String, start: SourceLocation) -> ShellError {
        ShellError(.syntax, "f-string: " + message, at: start, length: column - start.column)
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
