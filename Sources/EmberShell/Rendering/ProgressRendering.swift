// The one-line progress report redrawn during training: a label, a bar, the batch counter and
// named fields (loss, accuracy, speed, time left). The caller formats the field values, with
// `formatNumber`, `formatRate` and `formatDuration`, so that the line itself stays a pure layout.

import Ember

/// A progress line: `epoch 1/3 [████████▌      ] 312/938  loss 0.4312  acc 87.3%  0:12 left`.
///
/// - Parameters:
///   - label: text before the bar, such as `epoch 1/3`; nothing when empty.
///   - done: the steps finished, clamped to `0 ... total`.
///   - total: the number of steps; when not positive, the bar stays empty.
///   - width: the bar's inner width in columns (at least 1).
///   - fields: `(name, value)` pairs written `name value`, two spaces apart; a field with an
///     empty name is written as its value alone (`5,210 img/s`).
///   - style: Unicode fills with `█` and eighth blocks; plain draws `[=====>    ]`, the `>` being
///     the step under way, and `[==========]` when done. Colour paints the filled part.
///
/// ```swift
/// renderProgress(label: "epoch 1/3", done: 312, total: 938, width: 20,
///                fields: [("loss", "0.4312"), ("", formatDuration(12) + " left")], style: .plain)
/// // "epoch 1/3 [======>             ] 312/938  loss 0.4312  0:12 left"
/// ```
public func renderProgress(
    label: String = "", done: Int, total: Int, width: Int, fields: [(String, String)],
    style: TerminalStyle
) -> String {
    let barWidth = max(1, width)
    let steps = max(0, min(done, total))
    let fraction = total > 0 ? Double(steps) / Double(total) : 0
    let bar: String
    if style.unicode {
        bar = horizontalBar(fraction: fraction, width: barWidth, style: style)
    } else {
        // The `=` are whole steps done; `>` marks the one under way, so the bar never looks full
        // before it is.
        let filled = Int(fraction * Double(barWidth))
        bar = String(repeating: "=", count: filled) + (filled < barWidth ? ">" : "")
    }
    var parts = label.isEmpty ? [] : [label]
    parts.append("[" + padToWidth(ANSI.paint(bar, seriesPalette[2], style: style), barWidth) + "]")
    let counter = formatCount(steps) + "/" + formatCount(max(0, total))
    let line =
        parts.joined(separator: " ") + " " + counter
        + fields.map { "  " + ($0.0.isEmpty ? $0.1 : $0.0 + " " + $0.1) }.joined()
    return trimmingTrailingSpaces(line)
}

/// A progress line that fits in `columns` terminal columns, so that redrawing it in place never
/// wraps onto a new line. The bar takes what the label, the counter and the fields leave, with
/// a few columns spare for values that grow by a digit; when even a short bar does not fit,
/// fields are left out from the last, then the label, then the bar shrinks, and at the very
/// least the counter is cut to the width.
public func renderFittedProgress(
    label: String = "", done: Int, total: Int, columns: Int, fields: [(String, String)], style: TerminalStyle
) -> String {
    // A line exactly as wide as the terminal wraps on some terminals; values grow by a digit.
    let room = max(1, columns - 4)
    let shortestBar = 5
    var fields = fields
    var label = label
    while true {
        // Measured with the widest counter and a bar of one column.
        let rest =
            visibleWidth(
                renderProgress(label: label, done: total, total: total, width: 1, fields: fields, style: .plain)) - 1
        if room - rest >= shortestBar || (fields.isEmpty && label.isEmpty && room - rest >= 1) {
            return renderProgress(
                label: label, done: done, total: total, width: room - rest, fields: fields, style: style)
        }
        if !fields.isEmpty {
            fields.removeLast()
        } else if !label.isEmpty {
            label = ""
        } else {
            let counter = formatCount(max(0, min(done, total))) + "/" + formatCount(max(0, total))
            return String(counter.prefix(room))
        }
    }
}
