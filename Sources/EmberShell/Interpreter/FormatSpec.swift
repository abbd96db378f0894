// Python's format specifications, shared by `format % values`, `str.format` and f-strings:
// `[[fill]align][sign][#][0][width][,][.precision][type]`, and printf's `%-8.3f` mapped onto it.

import Foundation

/// One parsed format specification.
struct FormatSpec {
    var fill: Character = " "
    /// `<`, `>`, `^` or `=`; nil takes the default (numbers right, text left).
    var align: Character?
    /// `-` (only negatives), `+` (always) or ` ` (a space for positives).
    var sign: Character = "-"
    var alternate = false
    var zeroPad = false
    var width = 0
    var thousands = false
    var precision: Int?
    /// `s`, `d`, `f`, `e`, `g`, `%`, `x`, `o`, `b` … or nil for the value's own printout.
    var type: Character?

    /// Widths and precisions past this are typing slips that would only exhaust memory.
    static let limit = 1000

    /// Parses Python's mini-language (what follows the `:` of a `{}` field).
    init(python text: String) throws {
        var characters = Array(text)[...]
        if characters.count >= 2, "<>^=".contains(characters[characters.startIndex + 1]) {
            fill = characters.removeFirst()
            align = characters.removeFirst()
        } else if let first = characters.first, "<>^=".contains(first) {
            align = characters.removeFirst()
        }
        if let first = characters.first, "+- ".contains(first) { sign = characters.removeFirst() }
        if characters.first == "#" {
            alternate = true
            characters.removeFirst()
        }
        if characters.first == "0" {
            zeroPad = true
            characters.removeFirst()
        }
        width = try FormatSpec.number(&characters) ?? 0
        if characters.first == "," {
            thousands = true
            characters.removeFirst()
        }
        if characters.first == "." {
            characters.removeFirst()
            precision = try FormatSpec.number(&characters) ?? 0
        }
        type = characters.popFirst()
        guard characters.isEmpty else { throw ShellError(.value, "invalid format specifier '\(text)'") }
    }

    /// Maps printf's flags, width and precision (`-08.3` of `%-08.3f`) and its conversion.
    init(printf flags: String, conversion: Character) throws {
        var characters = Array(flags)[...]
        while let first = characters.first, "-+ #0".contains(first) {
            characters.removeFirst()
            switch first {
            case "-": align = "<"
            case "+", " ": sign = first
            case "#": alternate = true
            default: zeroPad = true
            }
        }
        width = try FormatSpec.number(&characters) ?? 0
        if characters.first == "." {
            characters.removeFirst()
            precision = try FormatSpec.number(&characters) ?? 0
        }
        guard characters.isEmpty else { throw ShellError(.value, "invalid format '%\(flags)\(conversion)'") }
        // printf's %s and %r right-align by default, unlike Python's `{}`.
        if align == nil, conversion == "s" || conversion == "r" { align = ">" }
        type = conversion == "i" || conversion == "u" ? "d" : conversion
    }

    private static func number(_ characters: inout ArraySlice<Character>) throws -> Int? {
        var digits = ""
        while let c = characters.first, c.isASCII, c.isNumber {
            digits.append(c)
            characters.removeFirst()
        }
        guard !digits.isEmpty else { return nil }
        guard let value = Int(digits), value <= limit else {
            throw ShellError(.value, "format width or precision \(digits) is too large (the limit is \(limit))")
        }
        return value
    }
}

extension Interpreter {
    /// `value` formatted by `spec`, as Python's `format(value, spec)`.
    func format(_ value: Value, _ spec: FormatSpec) throws -> String {
        var body: String
        var isNumber = true
        var spec = spec
        // Without a type an integer formats as `d`, so `{:,}` and `{:05}` work on it.
        if spec.type == nil, case .int = value { spec.type = "d" }
        switch spec.type {
        case nil, "s", "r":
            isNumber = value.number != nil && spec.type == nil && value.tensorValue == nil
            if case .float(let f) = value, let precision = spec.precision, spec.type == nil {
                body = String(format: "%.\(max(precision, 1))g", f)
            } else {
                body = spec.type == "r" ? repr(value) : str(value)
                if let precision = spec.precision, !isNumber { body = String(body.prefix(precision)) }
            }
        case "d", "x", "X", "o", "b", "c":
            guard let number = value.number else { throw formatError(value, spec) }
            let integer = try exactInteger(number.rounded(.towardZero), "format '\(spec.type ?? "d")'")
            let radix = ["x": 16, "X": 16, "o": 8, "b": 2][spec.type ?? "d"] ?? 10
            body = String(integer.magnitude, radix: radix, uppercase: spec.type == "X")
            if spec.alternate, radix != 10 {
                body = ["x": "0x", "X": "0X", "o": "0o", "b": "0b"][spec.type ?? "x", default: ""] + body
            }
            if spec.thousands { body = groupThousands(body) }
            body = signed(body, negative: integer < 0, spec)
        case "f", "F", "e", "E", "g", "G", "%":
            guard let number = value.number else { throw formatError(value, spec) }
            let scaled = spec.type == "%" ? number * 100 : number
            let letter = spec.type == "%" ? "f" : String(spec.type ?? "f")
            body = String(format: "%.\(spec.precision ?? 6)\(letter)", scaled.magnitude)
            if spec.thousands, let point = body.firstIndex(where: { !$0.isNumber }) ?? Optional(body.endIndex) {
                body = groupThousands(String(body[..<point])) + body[point...]
            }
            body = signed(
                body + (spec.type == "%" ? "%" : ""), negative: scaled < 0 || (scaled == 0 && scaled.sign == .minus),
                spec)
        default:
            throw ShellError(.value, "unknown format code '\(spec.type ?? " ")' for a value of type \(value.typeName)")
        }
        return padded(body, spec, isNumber: isNumber)
    }

    private func formatError(_ value: Value, _ spec: FormatSpec) -> ShellError {
        ShellError(.type, "format code '\(spec.type ?? " ")' needs a number, not \(value.typeName)")
    }

    private func signed(_ digits: String, negative: Bool, _ spec: FormatSpec) -> String {
        (negative ? "-" : spec.sign == "-" ? "" : String(spec.sign)) + digits
    }

    private func groupThousands(_ digits: String) -> String {
        var result = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { result += "," }
            result.append(character)
        }
        return result
    }

    /// The text padded to the width: numbers right-aligned (zeros after the sign with `0`),
    /// text left-aligned, unless the spec says otherwise.
    private func padded(_ text: String, _ spec: FormatSpec, isNumber: Bool) -> String {
        let missing = spec.width - text.count
        guard missing > 0 else { return text }
        if spec.zeroPad && spec.align == nil && isNumber {
            let signLength = text.first.map { "+- ".contains($0) } == true ? 1 : 0
            return String(text.prefix(signLength)) + String(repeating: "0", count: missing) + text.dropFirst(signLength)
        }
        let fill = String(repeating: spec.fill, count: missing)
        switch spec.align ?? (isNumber ? ">" : "<") {
        case "<": return text + fill
        case "^":
            let left = String(repeating: spec.fill, count: missing / 2)
            return left + text + String(repeating: spec.fill, count: missing - missing / 2)
        default: return fill + text
        }
    }
}
