// Tables with ruled lines: box-drawing characters in Unicode, `+---+` in plain ASCII. Widths are
// measured with `visibleWidth`, so cells may be coloured. The shell uses them for the history of
// a training run, the variables of `%who` and, through `renderConfusionMatrix`, for evaluation.

import Ember

/// How the text of a table column lines up.
public enum TableAlignment: Sendable, Equatable {
    /// Flush left, for names.
    case left
    /// Flush right, for numbers.
    case right
}

/// Draws a table with a header row and ruled lines.
///
/// - Parameters:
///   - header: the column titles.
///   - rows: the cells, as many per row as titles; they may hold colour escapes.
///   - alignments: one per column; by default a column is right-aligned when every non-empty
///     cell under the title reads as a number (`1,234`, `-0.25`, `87.3%`, `2.0e-05`, `nan`),
///     left-aligned otherwise. Titles follow their column.
///   - style: Unicode rules with `┌─┬─┐`, plain with `+-+`; colour makes the titles bold.
///
/// Throws when a row or the alignments do not have one entry per column.
/// ```
/// +-------+--------+
/// | epoch |   loss |
/// +-------+--------+
/// |     1 | 0.4312 |
/// +-------+--------+
/// ```
public func renderTable(
    header: [String], rows: [[String]], alignments: [TableAlignment]? = nil, style: TerminalStyle
) throws -> String {
    let columns = header.count
    guard columns > 0 else {
        throw EmberError.invalidArgument(function: "table", message: "a table needs at least one column")
    }
    if let index = rows.firstIndex(where: { $0.count != columns }) {
        throw EmberError.invalidArgument(
            function: "table", message: "row \(index) has \(rows[index].count) cells, the header has \(columns)")
    }
    if let alignments, alignments.count != columns {
        throw EmberError.invalidArgument(
            function: "table", message: "got \(alignments.count) alignments for \(columns) columns")
    }
    let aligns =
        alignments
        ?? (0..<columns).map { column in
            rows.allSatisfy { $0[column].isEmpty || looksNumeric($0[column]) } && !rows.isEmpty
                ? .right : .left
        }
    let widths = (0..<columns).map { column in
        ([header[column]] + rows.map { $0[column] }).map(visibleWidth).max() ?? 0
    }
    let rule = TableRule(style: style)
    func line(_ cells: [String]) -> String {
        let texts = cells.indices.map { column in
            aligns[column] == .right
                ? padLeftToWidth(cells[column], widths[column]) : padToWidth(cells[column], widths[column])
        }
        return rule.vertical + " " + texts.joined(separator: " " + rule.vertical + " ") + " " + rule.vertical
    }
    let titles = header.map { ANSI.embolden($0, style: style) }
    var lines = [rule.line(widths, .top), line(titles), rule.line(widths, .middle)]
    lines += rows.map(line)
    lines.append(rule.line(widths, .bottom))
    return joinLines(lines)
}

/// Whether a cell reads as a number, once thousands separators and a percent sign are removed.
private func looksNumeric(_ text: String) -> Bool {
    var plain = text.filter { $0 != "," }
    if plain.hasSuffix("%") { plain.removeLast() }
    return Double(plain) != nil
}

/// The characters that rule a table.
private struct TableRule {
    enum Position { case top, middle, bottom }

    let vertical: String
    private let horizontal: String
    /// Left, inner and right joints of the top, middle and bottom rules.
    private let joints: [Position: (String, String, String)]

    init(style: TerminalStyle) {
        if style.unicode {
            vertical = "│"
            horizontal = "─"
            joints = [.top: ("┌", "┬", "┐"), .middle: ("├", "┼", "┤"), .bottom: ("└", "┴", "┘")]
        } else {
            vertical = "|"
            horizontal = "-"
            joints = [.top: ("+", "+", "+"), .middle: ("+", "+", "+"), .bottom: ("+", "+", "+")]
        }
    }

    /// A horizontal rule over columns of `widths`, one space of padding either side of a cell.
    func line(_ widths: [Int], _ position: Position) -> String {
        let (left, inner, right) = joints[position] ?? ("+", "+", "+")
        return left + widths.map { String(repeating: horizontal, count: $0 + 2) }.joined(separator: inner) + right
    }
}
