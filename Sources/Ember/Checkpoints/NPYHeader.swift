// The header of a .npy file: a Python dict literal with the keys descr, fortran_order and shape,
// read with a small tokenizer (no Python evaluation), and the decoding of one value of the
// element type it names.

/// The parsed header of a .npy file.
struct NPYHeader {
    /// The dtype string, such as `<f4`.
    let descr: String
    let fortranOrder: Bool
    let shape: [Int]
    /// `f` (float), `i` (signed), `u` (unsigned) or `b` (bool).
    let kind: Character
    /// Bytes per element.
    let itemSize: Int
    let bigEndian: Bool

    /// Reads `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
    init(parsing text: String, fail: (String) -> EmberError) throws {
        var tokens = NPYTokens(text)
        var fields: [String: NPYTokens.Value] = [:]
        guard tokens.next() == .symbol("{") else { throw fail("the .npy header is not a Python dict") }
        while true {
            let token = tokens.next()
            if token == .symbol("}") { break }
            guard case .string(let key) = token, tokens.next() == .symbol(":"), let value = tokens.value()
            else {
                throw fail("the .npy header is not a Python dict of descr, fortran_order and shape")
            }
            fields[key] = value
            let separator = tokens.next()
            if separator == .symbol("}") { break }
            guard separator == .symbol(",") else { throw fail("the .npy header is not a Python dict") }
        }
        guard case .string(let descr) = fields["descr"],
            case .bool(let fortranOrder) = fields["fortran_order"],
            case .tuple(let shape) = fields["shape"], shape.allSatisfy({ $0 >= 0 })
        else { throw fail("the .npy header lacks descr, fortran_order or shape") }
        let supported = ["f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"]
        guard descr.count == 3, let order = descr.first, "<>|=".contains(order),
            supported.contains(String(descr.dropFirst()))
        else { throw fail("unsupported .npy dtype '\(descr)' (Ember reads float, integer and bool arrays)") }
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
        kind = descr.dropFirst().first ?? "f"
        itemSize = Int(String(descr.suffix(1))) ?? 4
        bigEndian = order == ">"
    }

    /// The element at byte `offset` of `bytes`, as a Float.
    func value(_ bytes: [UInt8], at offset: Int) -> Float {
        let raw = bytes[offset..<offset + itemSize]
        let bits = (bigEndian ? Array(raw) : raw.reversed()).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        switch (kind, itemSize) {
        case ("f", 4): return Float(bitPattern: UInt32(truncatingIfNeeded: bits))
        case ("f", _): return Float(Double(bitPattern: bits))
        case ("i", _):
            // Sign-extend from the element's width.
            let shift = UInt64(64 - 8 * itemSize)
            return Float(Int64(bitPattern: bits << shift) >> Int64(shift))
        case ("b", _): return bits == 0 ? 0 : 1
        default: return Float(bits)
        }
    }
}

/// The tokens of a Python literal: strings, True/False, integers, tuples and punctuation.
struct NPYTokens {
    enum Token: Equatable {
        case symbol(Character)
        case string(String)
        case word(String)
        case end
    }

    enum Value {
        case string(String)
        case bool(Bool)
        case tuple([Int])
    }

    private var characters: [Character]
    private var position = 0

    init(_ text: String) {
        characters = Array(text)
    }

    mutating func next() -> Token {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        guard position < characters.count else { return .end }
        let character = characters[position]
        position += 1
        if character == "'" || character == "\"" {
            let start = position
            while position < characters.count, characters[position] != character { position += 1 }
            guard position < characters.count else { return .end }
            defer { position += 1 }
            return .string(String(characters[start..<position]))
        }
        guard character.isLetter || character.isNumber || character == "_" else { return .symbol(character) }
        let start = position - 1
        while position < characters.count,
            characters[position].isLetter || characters[position].isNumber
                || characters[position] == "_"
        {
            position += 1
        }
        return .word(String(characters[start..<position]))
    }

    /// A dict value: a string, True or False, or a tuple of integers.
    mutating func value() -> Value? {
        switch next() {
        case .string(let text): return .string(text)
        case .word("True"): return .bool(true)
        case .word("False"): return .bool(false)
        case .symbol("("):
            var items: [Int] = []
            while true {
                switch next() {
                case .symbol(")"): return .tuple(items)
                case .word(let word):
                    // Python 2 wrote long integers with an L suffix.
                    guard let number = Int(word.hasSuffix("L") ? String(word.dropLast()) : word) else {
                        return nil
                    }
                    items.append(number)
                    let separator = next()
                    if separator == .symbol(")") { return .tuple(items) }
                    guard separator == .symbol(",") else { return nil }
                default: return nil
                }
            }
        default: return nil
        }
    }
}
