// A small JSON reader and writer for checkpoint headers. Reading keeps integers exact (offsets
// can exceed what a Double holds exactly), keeps the order of object members, and refuses
// duplicate names and deep nesting; writing is compact, as serde_json writes it, so a header can
// match the reference implementation byte for byte.

/// A JSON value; objects keep their members in file order.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The compact text: no spaces, members in order.
    var serialized: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .string(let value): return JSONValue.quoted(value)
        case .array(let items): return "[" + items.map(\.serialized).joined(separator: ",") + "]"
        case .object(let members):
            return "{"
                + members.map { JSONValue.quoted($0.key) + ":" + $0.value.serialized }.joined(separator: ",")
                + "}"
        }
    }

    /// `text` as a JSON string literal, escaped as serde_json does.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// Parses JSON text; errors name the byte offset where reading failed.
struct JSONParser {
    /// Why the text is not JSON, and where.
    struct Failure: Error {
        let message: String
        let offset: Int
    }

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    private static let maximumDepth = 64
    /// Values read so far; bounded, so that a header of a hundred million tiny values cannot
    /// take gigabytes as parsed values.
    private var valueCount = 0
    static let maximumValueCount = 4_000_000

    /// Parses `bytes` as one JSON value, with nothing but whitespace after it.
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.failure("unexpected text after the end") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func failure(_ message: String) -> Failure {
        Failure(message: message, offset: position)
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
            position += 1
        }
    }

    private mutating func value() throws -> JSONValue {
        valueCount += 1
        if valueCount % 65_536 == 0 {
            try Cancellation.check("reading a JSON header")
            guard valueCount <= JSONParser.maximumValueCount else {
                throw failure("more than \(JSONParser.maximumValueCount) values")
            }
        }
        skipWhitespace()
        guard position < bytes.count else { throw failure("unexpected end") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try nested { try $0.object() }
        case UInt8(ascii: "["): return try nested { try $0.array() }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    private mutating func nested(_ body: (inout JSONParser) throws -> JSONValue) throws -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= JSONParser.maximumDepth else {
            throw failure("nested more than \(JSONParser.maximumDepth) deep")
        }
        return try body(&self)
    }

    private mutating func literal(_ word: String, _ result: JSONValue) throws -> JSONValue {
        let expected = Array(word.utf8)
        guard bytes.count - position >= expected.count,
            Array(bytes[position..<position + expected.count]) == expected
        else { throw failure("unexpected character") }
        position += expected.count
        return result
    }

    private mutating func expect(_ character: Character) throws {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == character.asciiValue else {
            throw failure("expected '\(character)'")
        }
        position += 1
    }

    /// True (and consumed) when the next non-space byte is `character`.
    private mutating func consume(_ character: Character) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == character.asciiValue else { return false }
        position += 1
        return true
    }

    private mutating func object() throws -> JSONValue {
        try expect("{")
        var members: [(key: String, value: JSONValue)] = []
        var seen = Set<String>()
        if consume("}") { return .object(members) }
        repeat {
            skipWhitespace()
            let start = position
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw failure("expected a name in quotes")
            }
            let key = try string()
            guard seen.insert(key).inserted else {
                throw Failure(message: "the name \"\(key)\" appears twice", offset: start)
            }
            try expect(":")
            members.append((key, try value()))
        } while consume(",")
        try expect("}")
        return .object(members)
    }

    private mutating func array() throws -> JSONValue {
        try expect("[")
        var items: [JSONValue] = []
        if consume("]") { return .array(items) }
        repeat { items.append(try value()) } while consume(",")
        try expect("]")
        return .array(items)
    }
}

extension JSONParser {
    /// A string literal, the opening quote at `position`.
    fileprivate mutating func string() throws -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() throws {
            guard let text = String(validating: run, as: UTF8.self) else {
                throw failure("invalid UTF-8 in a string")
            }
            scalars.append(contentsOf: text.unicodeScalars)
            run.removeAll()
        }
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                try flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush()
                scalars.append(try escape())
            case 0..<0x20:
                throw failure("control character in a string")
            default:
                run.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    /// The character of an escape sequence, the backslash already read.
    private mutating func escape() throws -> Unicode.Scalar {
        guard position < bytes.count else { throw failure("unterminated string") }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        default: break
        }
        guard letter == UInt8(ascii: "u") else { throw failure("invalid escape sequence") }
        let high = try hexQuad()
        if (0xD800..<0xDC00).contains(high) {
            // A surrogate pair: the low half must follow as another \u escape.
            guard bytes.count - position >= 2, bytes[position] == UInt8(ascii: "\\"),
                bytes[position + 1] == UInt8(ascii: "u")
            else { throw failure("unpaired surrogate in a \\u escape") }
            position += 2
            let low = try hexQuad()
            guard (0xDC00..<0xE000).contains(low),
                let scalar = Unicode.Scalar(0x10000 + (high - 0xD800) << 10 + (low - 0xDC00))
            else { throw failure("unpaired surrogate in a \\u escape") }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw failure("unpaired surrogate in a \\u escape") }
        return scalar
    }

    private mutating func hexQuad() throws -> UInt32 {
        guard bytes.count - position >= 4,
            let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else { throw failure("invalid \\u escape") }
        position += 4
        return value
    }

    /// True for the bytes a number can hold: digits, signs, a point and an exponent letter.
    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    /// True when `text` follows JSON's number grammar, `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`,
    /// checked in one pass: a header holds thousands of numbers, and compiling a pattern for
    /// each one made a large header take minutes.
    private static func isNumber(_ text: ArraySlice<UInt8>) -> Bool {
        var index = text.startIndex
        func isDigit(_ i: Int) -> Bool { i < text.endIndex && (0x30...0x39).contains(text[i]) }
        func digits() -> Int {
            let first = index
            while isDigit(index) { index += 1 }
            return index - first
        }
        if index < text.endIndex, text[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || text[integerStart] != UInt8(ascii: "0") else { return false }
        if index < text.endIndex, text[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < text.endIndex, text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
            index += 1
            if index < text.endIndex, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { return false }
        }
        return index == text.endIndex
    }

    /// A number: an integer when it has no fraction or exponent and fits in an Int.
    fileprivate mutating func number() throws -> JSONValue {
        let start = position
        while position < bytes.count, JSONParser.isNumberByte(bytes[position]) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard !text.isEmpty else { throw failure("unexpected character") }
        guard JSONParser.isNumber(bytes[start..<position]) else {
            throw Failure(message: "invalid number \(text)", offset: start)
        }
        if let integer = Int(text) { return .integer(integer) }
        guard let double = Double(text) else {
            throw Failure(message: "invalid number \(text)", offset: start)
        }
        return .number(double)
    }
}
