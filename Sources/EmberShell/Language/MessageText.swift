// How text that a user or a file supplied appears inside messages: control characters escaped,
// so that a name read from a checkpoint cannot move the cursor or recolour the terminal, and
// very long words cut short, so that a 2 MB identifier gives a one-line error.

/// The longest word a message shows in full; longer ones keep this many characters.
let longestShownWord = 80

/// `text` with control characters (C0 other than line breaks and tabs, DEL, C1) written as
/// Python writes them: `\x1b`. With `escapingLayout`, line breaks and tabs are escaped too
/// (`\n`, `\r`, `\t`), as `repr` shows them.
func escapingControlCharacters(_ text: String, escapingLayout: Bool = false) -> String {
    guard text.unicodeScalars.contains(where: { needsEscape($0, escapingLayout: escapingLayout) }) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
        guard needsEscape(scalar, escapingLayout: escapingLayout) else {
            result.unicodeScalars.append(scalar)
            continue
        }
        switch scalar {
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        default:
            let hex = String(scalar.value, radix: 16)
            result += "\\x" + (hex.count < 2 ? "0" + hex : hex)
        }
    }
    return result
}

private func needsEscape(_ scalar: Unicode.Scalar, escapingLayout: Bool) -> Bool {
    switch scalar.value {
    case 0x0A, 0x09: return escapingLayout
    case 0x00..<0x20, 0x7F..<0xA0: return true
    default: return false
    }
}

/// `text` cut to its first `limit` characters, saying how many more there were.
func shortened(_ text: String, to limit: Int = longestShownWord) -> String {
    let count = text.count
    guard count > limit else { return text }
    return String(text.prefix(limit)) + "… (\(formatCount(count - limit)) more characters)"
}

/// A message with every word (a run without spaces) longer than `longestShownWord` cut short,
/// and control characters escaped.
func readableMessage(_ message: String) -> String {
    let escaped = escapingControlCharacters(message)
    // A message only needs the work when it is long enough to hold a long word.
    guard escaped.utf8.count > longestShownWord else { return escaped }
    var result = ""
    var word = ""
    for character in escaped {
        if character == " " || character == "\n" {
            result += shortened(word) + String(character)
            word = ""
        } else {
            word.append(character)
        }
    }
    return result + shortened(word)
}
