// Laying out text that may hold ANSI colour escapes: measuring what a terminal shows, padding to
// a visible width, placing two pictures side by side, and the escapes themselves. Every renderer
// builds on these, so that colour never breaks alignment.

import Ember

/// The number of columns `text` occupies on a terminal: ANSI escape sequences count for nothing
/// and every other character for one.
///
/// The block, Braille and box-drawing characters the renderers use are one column wide; wide
/// East Asian characters are counted as one too. For multi-line text, the widest line counts.
/// ```swift
/// visibleWidth("\u{1B}[1mloss\u{1B}[0m")   // 4
/// ```
public func visibleWidth(_ text: String) -> Int {
    var widest = 0
    var current = 0
    var escape = EscapeState.none
    for character in text {
        switch (escape, character) {
        case (.none, "\u{1B}"): escape = .started
        case (.none, "\n"):
            widest = max(widest, current)
            current = 0
        case (.none, _): current += 1
        // A CSI sequence is ESC [ parameters final-byte, the final byte being @ through ~.
        case (.started, "["): escape = .parameters
        case (.started, _): escape = .none
        case (.parameters, _):
            if let value = character.asciiValue, (0x40...0x7E).contains(value) { escape = .none }
        }
    }
    return max(widest, current)
}

/// Where `visibleWidth` is within an escape sequence.
private enum EscapeState { case none, started, parameters }

/// Joins two multi-line pictures column-wise: each line of `left`, padded to the visible width of
/// the widest line of `left`, then `gap` spaces, then the same line of `right`.
///
/// The shorter picture is padded with blank lines at the bottom; trailing spaces are removed
/// from every line.
/// ```swift
/// sideBySide("ab\nc", "1\n2\n3", gap: 2)   // "ab  1\nc   2\n    3"
/// ```
public func sideBySide(_ left: String, _ right: String, gap: Int) -> String {
    let leftLines = splitLines(left)
    let leftWidth = leftLines.map(visibleWidth).max() ?? 0
    return joinLines(placeColumns([leftLines, splitLines(right)], widths: [leftWidth, 0], gap: gap))
}

/// Blocks of lines placed side by side, top-aligned: each block's lines padded to its width, the
/// blocks `gap` spaces apart, shorter blocks filled with blank lines. Trailing spaces are kept.
func placeColumns(_ blocks: [[String]], widths: [Int], gap: Int) -> [String] {
    let spacing = String(repeating: " ", count: max(0, gap))
    let height = blocks.map(\.count).max() ?? 0
    return (0..<height).map { row in
        zip(blocks, widths).map { block, width in
            padToWidth(row < block.count ? block[row] : "", width)
        }.joined(separator: spacing)
    }
}

/// The lines of `text`; an empty text is one empty line.
func splitLines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// Lines joined by newlines, each without trailing spaces, and no newline at the end.
func joinLines(_ lines: [String]) -> String {
    lines.map(trimmingTrailingSpaces).joined(separator: "\n")
}

/// `line` without the spaces at its end.
func trimmingTrailingSpaces(_ line: String) -> String {
    var result = Substring(line)
    while result.last == " " { result.removeLast() }
    return String(result)
}

/// `text` padded with spaces on the right to `width` visible columns.
func padToWidth(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - visibleWidth(text)))
}

/// `text` padded with spaces on the left to `width` visible columns.
func padLeftToWidth(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - visibleWidth(text))) + text
}

/// `text` centred in `width` visible columns, the odd space going to the right.
func centerInWidth(_ text: String, _ width: Int) -> String {
    let spare = max(0, width - visibleWidth(text))
    return String(repeating: " ", count: spare / 2) + text
        + String(repeating: " ", count: spare - spare / 2)
}

/// A 24-bit colour.
struct RGB: Equatable {
    var red: Int
    var green: Int
    var blue: Int

    /// A grey of `level` in 0 ... 255.
    init(grey level: Int) { self.init(level, level, level) }

    init(_ red: Int, _ green: Int, _ blue: Int) {
        self.red = red
        self.green = green
        self.blue = blue
    }
}

/// The ANSI escape sequences the renderers use (SGR: Select Graphic Rendition).
enum ANSI {
    static let reset = "\u{1B}[0m"
    static let bold = "\u{1B}[1m"

    static func foreground(_ color: RGB) -> String {
        "\u{1B}[38;2;\(color.red);\(color.green);\(color.blue)m"
    }

    static func background(_ color: RGB) -> String {
        "\u{1B}[48;2;\(color.red);\(color.green);\(color.blue)m"
    }

    /// `text` in `color` when `style` has colour, else `text` unchanged.
    static func paint(_ text: String, _ color: RGB, bold: Bool = false, style: TerminalStyle) -> String {
        guard style.color, !text.isEmpty else { return text }
        return (bold ? ANSI.bold : "") + foreground(color) + text + reset
    }

    /// `text` in bold when `style` has colour, else `text` unchanged.
    static func embolden(_ text: String, style: TerminalStyle) -> String {
        guard style.color, !text.isEmpty else { return text }
        return bold + text + reset
    }
}

/// The colours series and highlights cycle through: distinguishable on dark and light
/// backgrounds.
let seriesPalette: [RGB] = [
    RGB(86, 156, 214), RGB(255, 160, 60), RGB(106, 190, 90), RGB(230, 80, 80),
    RGB(180, 120, 220), RGB(80, 200, 200),
]

/// The colour of counts that signal trouble, such as NaN values.
let alarmColor = RGB(230, 80, 80)

/// The colour that marks the best value of a chart or the diagonal of a confusion matrix.
let highlightColor = RGB(255, 160, 60)
