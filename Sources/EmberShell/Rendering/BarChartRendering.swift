// Labelled horizontal bars for a handful of values, such as the ten class probabilities that
// `predict` shows, with the largest marked. Also the bar itself, in eighths of a character,
// which the histogram and the progress line draw too.

import Ember

/// Draws one bar per label, scaled so that the largest value fills `width`, with the value as a
/// percentage (one decimal) and the largest value highlighted.
///
/// - Parameters:
///   - labels: one per value, right-aligned.
///   - values: fractions, such as probabilities (`0.973` shows as `97.3%`); negative and NaN
///     values draw no bar.
///   - style: Unicode bars use eighth blocks; the largest value is bold and coloured in colour
///     mode, marked `◀` in Unicode without colour and `<` in plain.
///   - width: the bar width in columns; by default what fits the style's width, at most 40.
///
/// Throws when the counts differ or there are no values.
/// ```swift
/// try renderBarChart(labels: ["cat", "dog"], values: [0.25, 0.75], style: .plain, width: 6)
/// // cat ##     25.0%
/// // dog ###### 75.0% <
/// ```
public func renderBarChart(labels: [String], values: [Double], style: TerminalStyle, width: Int? = nil)
    throws -> String
{
    guard !values.isEmpty, labels.count == values.count else {
        throw EmberError.invalidArgument(
            function: "bar chart",
            message: "expected one label per value, got \(labels.count) labels and \(values.count) values")
    }
    let labelWidth = labels.map(visibleWidth).max() ?? 0
    let percents = values.map(formatPercent)
    let percentWidth = percents.map(\.count).max() ?? 0
    let barWidth = max(1, width ?? min(40, style.width - labelWidth - percentWidth - 4))
    let largest = values.filter(\.isFinite).max() ?? 0
    let best = values.firstIndex(of: largest)
    let marker = style.color ? "" : style.unicode ? " ◀" : " <"
    return joinLines(
        values.indices.map { index in
            let isBest = index == best
            let fraction = largest > 0 && values[index] > 0 ? values[index] / largest : 0
            let bar = horizontalBar(fraction: fraction, width: barWidth, style: style)
            let color = isBest ? highlightColor : seriesPalette[0]
            let label = padLeftToWidth(labels[index], labelWidth)
            let percent = padLeftToWidth(percents[index], percentWidth)
            return (isBest ? ANSI.embolden(label, style: style) : label) + " "
                + padToWidth(ANSI.paint(bar, color, bold: isBest, style: style), barWidth) + " "
                + (isBest ? ANSI.embolden(percent, style: style) + marker : percent)
        })
}

/// The eighth blocks from one eighth (`▏`) to seven eighths (`▉`) of a cell.
private let partialBlocks: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

/// A bar `fraction` of `width` columns long (not padded): `█` and an eighth block in Unicode,
/// `#` in plain, rounded to the nearest eighth or character. With `markNonZero`, any positive
/// fraction shows at least the smallest mark, so that a bin holding one value stays visible.
func horizontalBar(fraction: Double, width: Int, style: TerminalStyle, markNonZero: Bool = false) -> String {
    let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
    let steps = style.unicode ? 8 : 1
    var filled = Int((clamped * Double(width * steps)).rounded())
    if markNonZero && clamped > 0 { filled = max(1, filled) }
    guard style.unicode else { return String(repeating: "#", count: filled) }
    let partial = filled % 8 == 0 ? "" : String(partialBlocks[filled % 8 - 1])
    return String(repeating: "█", count: filled / 8) + partial
}
