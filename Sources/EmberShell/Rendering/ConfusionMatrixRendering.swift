// The confusion matrix of a classifier: which classes it mistakes for which. It is a table whose
// diagonal holds the correct predictions, highlighted in colour, with the accuracy under it.

import Ember

/// Draws a confusion matrix: one row per true class, one column per predicted class, then a
/// line with the total and the accuracy (the diagonal's share).
///
/// - Parameters:
///   - matrix: `matrix[t][p]` counts the samples of true class `t` predicted as `p`; square,
///     one row per class, no negative counts.
///   - classNames: the name of each class, labelling the rows and the columns.
///   - style: as for `renderTable`; colour makes the diagonal bold and coloured.
///
/// When the table with names over the columns is wider than the style's width, the columns are
/// headed by class index instead and each row by index and name (`0 T-shirt/top`).
/// ```
/// rows: true class, columns: predicted class
/// +---+----+----+
/// |   |  0 |  1 |
/// +---+----+----+
/// | 0 | 48 |  2 |
/// | 1 |  5 | 45 |
/// +---+----+----+
/// total 100  correct 93  accuracy 93.0%
/// ```
public func renderConfusionMatrix(matrix: [[Int]], classNames: [String], style: TerminalStyle) throws
    -> String
{
    let classes = classNames.count
    guard classes > 0, matrix.count == classes else {
        throw EmberError.invalidArgument(
            function: "confusion_matrix",
            message: "expected \(classes) rows, one per class name, got \(matrix.count)")
    }
    if let row = matrix.firstIndex(where: { $0.count != classes }) {
        throw EmberError.invalidArgument(
            function: "confusion_matrix",
            message: "row \(row) has \(matrix[row].count) counts, expected \(classes)")
    }
    if let row = matrix.firstIndex(where: { $0.contains { $0 < 0 } }) {
        throw EmberError.invalidArgument(
            function: "confusion_matrix", message: "row \(row) holds a negative count")
    }
    let cells = matrix.indices.map { truth in
        matrix[truth].indices.map { predicted in
            let text = String(matrix[truth][predicted])
            return truth == predicted ? ANSI.paint(text, highlightColor, bold: true, style: style) : text
        }
    }
    let alignments = [TableAlignment.left] + Array(repeating: .right, count: classes)
    var table = try renderTable(
        header: [""] + classNames, rows: zip(classNames, cells).map { [$0] + $1 },
        alignments: alignments, style: style)
    if visibleWidth(table) > style.width {
        let indices = (0..<classes).map(String.init)
        table = try renderTable(
            header: [""] + indices,
            rows: (0..<classes).map { [indices[$0] + " " + classNames[$0]] + cells[$0] },
            alignments: alignments, style: style)
    }
    let total = matrix.joined().reduce(0, +)
    let correct = (0..<classes).reduce(0) { $0 + matrix[$1][$1] }
    let summary =
        "total \(formatCount(total))  correct \(formatCount(correct))  accuracy "
        + (total > 0 ? formatPercent(Double(correct) / Double(total)) : "-")
    return joinLines(["rows: true class, columns: predicted class", table, summary])
}
