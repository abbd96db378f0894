// Line charts of training curves, `plot(history)` and `plot(h1, h2, labels=[…])`: the series on
// one canvas, a y axis with tick labels, an x axis with the first and last index, and a legend.
// All series share the x axis (point i of every series at the same column) and the y range.

import Ember

/// Draws one or more series of numbers, such as the loss per epoch, as lines on one chart.
///
/// - Parameters:
///   - series: the values of each series; point `i` is drawn at x = `i`, the x axis running from
///     0 to the last index of the longest series. NaN and infinite points are left out, leaving
///     a gap in the line; a series of one point draws a dot.
///   - labels: a name per series for the legend, or none: then one series gets no legend and
///     several are called `series 1`, `series 2`, ….
///   - style: Unicode draws with Braille dots (2 × 4 per character cell), each series in its own
///     colour; without colour, several series need telling apart, so they are drawn, as in plain
///     mode, one character per point with the markers `*`, `o`, `+`, `x`, `#`, `@`.
///   - width: the plot area's width in columns; by default what fits the style's width, at most 60.
///   - height: the plot area's height in lines (at least 2).
///
/// The y axis spans the finite values (widened by 10 %, or by 1 around zero, when they are all
/// equal) with 3 to 5 ticks (2 under 5 lines), evenly spaced when the height allows it, written
/// compactly.
/// Throws when there is no finite value, for a label count that differs from the series count,
/// and for a width or height under 2.
public func renderLineChart(
    _ series: [[Double]], labels: [String] = [], style: TerminalStyle, width: Int? = nil,
    height: Int = 13
) throws -> String {
    guard labels.isEmpty || labels.count == series.count else {
        throw EmberError.invalidArgument(
            function: "plot", message: "expected \(series.count) labels, one per series, got \(labels.count)")
    }
    for (name, size) in [("height", height), ("width", width ?? 2)] where size < 2 {
        throw EmberError.invalidArgument(function: "plot", message: "\(name) must be at least 2, got \(size)")
    }
    let finite = series.joined().filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else {
        throw EmberError.invalidArgument(function: "plot", message: "no finite values to draw")
    }
    let pad = low < high ? 0 : low == 0 ? 1 : abs(low) * 0.1
    let range = (low: low - pad, high: high + pad)
    let ticks = tickRows(height: height).map { row in
        let value = range.high - Double(row) / Double(height - 1) * (range.high - range.low)
        return (row: row, text: formatNumber(value, compact: true))
    }
    let labelWidth = ticks.map(\.text.count).max() ?? 0
    let plotWidth = width ?? max(10, min(60, style.width - labelWidth - 2))
    var canvas = ChartCanvas(
        columns: plotWidth, rows: height, braille: style.unicode && (style.color || series.count == 1))
    let length = series.map(\.count).max() ?? 0
    for (index, values) in series.enumerated() {
        draw(values, series: index, length: length, range: range, on: &canvas)
    }
    let markers: [Character] = ["*", "o", "+", "x", "#", "@"]
    var lines = axisLines(
        canvas.lines(markers: markers, style: style), ticks: ticks, labelWidth: labelWidth,
        plotWidth: plotWidth, style: style)
    lines.append(String(repeating: " ", count: labelWidth + 2) + xLabels(length: length, width: plotWidth))
    if !labels.isEmpty || series.count > 1 {
        let names = labels.isEmpty ? series.indices.map { "series \($0 + 1)" } : labels
        let keys = names.indices.map { index -> String in
            let key = canvas.braille ? "━" : String(markers[index % markers.count])
            return ANSI.paint(key, seriesPalette[index % seriesPalette.count], style: style) + " " + names[index]
        }
        lines.append(String(repeating: " ", count: labelWidth + 2) + keys.joined(separator: "  "))
    }
    return joinLines(lines)
}

/// Draws one series: a line between consecutive finite points, a dot for a point alone.
private func draw(
    _ values: [Double], series: Int, length: Int, range: (low: Double, high: Double),
    on canvas: inout ChartCanvas
) {
    let xScale = length > 1 ? Double(canvas.dotWidth - 1) / Double(length - 1) : 0
    let span = range.high - range.low
    var previous: (x: Int, y: Int)?
    for (index, value) in values.enumerated() {
        guard value.isFinite else {
            previous = nil
            continue
        }
        // The share of the y range above the value, clamped in case the range overflowed to inf.
        let depth = (range.high - value) / span
        let clamped = depth.isFinite ? min(1, max(0, depth)) : 0
        let point = (
            x: Int((Double(index) * xScale).rounded()),
            y: Int((clamped * Double(canvas.dotHeight - 1)).rounded())
        )
        canvas.line(from: previous ?? point, to: point, series: series)
        previous = point
    }
}

/// The rows that carry a tick: top, bottom and 1 to 3 between, evenly spaced if the height
/// allows it (13 rows give 0, 3, 6, 9, 12), else as close to even as rounding gets.
private func tickRows(height: Int) -> [Int] {
    let span = height - 1
    let intervals = [4, 3, 2].first { span % $0 == 0 && span / $0 >= 2 } ?? min(4, max(1, span / 2))
    return (0...intervals).map { Int((Double($0) * Double(span) / Double(intervals)).rounded()) }
}

/// The canvas rows behind the y axis: tick labels right-aligned, `┤` or `+` at a tick, `│` or
/// `|` elsewhere, then the x axis.
private func axisLines(
    _ rows: [String], ticks: [(row: Int, text: String)], labelWidth: Int, plotWidth: Int,
    style: TerminalStyle
) -> [String] {
    let (tick, bar, corner, rule) = style.unicode ? ("┤", "│", "└", "─") : ("+", "|", "+", "-")
    var lines = rows.enumerated().map { row, cells in
        let label = ticks.first { $0.row == row }
        return padLeftToWidth(label?.text ?? "", labelWidth) + " " + (label == nil ? bar : tick) + cells
    }
    let indent = String(repeating: " ", count: labelWidth + 1)
    lines.append(indent + corner + String(repeating: rule, count: plotWidth))
    return lines
}

/// `0` under the first column and the last index under the last, when there is room for both.
private func xLabels(length: Int, width: Int) -> String {
    let last = String(max(0, length - 1))
    guard length > 1, width >= last.count + 2 else { return "0" }
    return "0" + String(repeating: " ", count: width - 1 - last.count) + last
}
