// The distribution of a tensor's values as horizontal bars, one line per bin: how a student sees
// weights spread at initialisation, gradients vanish, or activations pile up at zero after ReLU.
// Only finite values are binned; NaN and Inf are counted in the header instead, where they stand
// out rather than stretch the bins to infinity.

import Ember

/// Draws a histogram of `tensor`'s finite values, one line per bin, under a header line with the
/// count, min, max, mean and std.
///
/// - Parameters:
///   - tensor: any shape; every element counts.
///   - bins: the number of equal-width bins between the smallest and largest finite value
///     (one bin when they are equal). Each bin is `[low, high)` except the last, `[low, high]`.
///   - style: Unicode draws bars of `█` with eighth blocks for the fraction; plain uses `#`.
///     Bars are scaled to the fullest bin, and a bin with any value gets at least the smallest
///     mark.
///
/// NaN and infinite values are not binned; the header counts them. Throws when `bins < 1`.
/// ```swift
/// try renderHistogram(Tensor([0, 1, 1, 3]), bins: 3, style: TerminalStyle(color: false, unicode: false, width: 29))
/// // count 4  min 0.000  max 3.000  mean 1.250  std 1.258
/// // [0.000, 1.000)  #####      1
/// // [1.000, 2.000)  ########## 2
/// // [2.000, 3.000]  #####      1
/// ```
public func renderHistogram(_ tensor: Tensor, bins: Int = 20, style: TerminalStyle) throws -> String {
    guard bins >= 1 else {
        throw EmberError.invalidArgument(function: "hist", message: "bins must be positive, got \(bins)")
    }
    let stats = TensorStatistics(tensor)
    var header = [
        "count " + formatCount(stats.count), "min " + formatNumber(stats.minimum),
        "max " + formatNumber(stats.maximum), "mean " + formatNumber(stats.mean),
        "std " + formatNumber(stats.standardDeviation),
    ]
    if stats.nanCount > 0 || stats.infinityCount > 0 {
        header.append(
            "nan \(formatCount(stats.nanCount))  inf \(formatCount(stats.infinityCount)) (not binned)")
    }
    let headerLine = header.joined(separator: "  ")
    guard stats.finiteCount > 0 else { return joinLines([headerLine, "no finite values to bin"]) }
    let counts = histogramCounts(tensor, stats: stats, bins: bins)
    return joinLines([headerLine] + binLines(counts, low: stats.minimum, high: stats.maximum, style: style))
}

/// The counts of the bins `renderHistogram` draws (one bin when every finite value is equal).
func histogramCounts(_ tensor: Tensor, stats: TensorStatistics, bins: Int) -> [Int] {
    let binCount = stats.minimum < stats.maximum ? bins : 1
    return binCounts(tensor.scalars, low: stats.minimum, high: stats.maximum, bins: binCount)
}

/// How many finite values fall in each of `bins` equal-width bins from `low` to `high`.
private func binCounts(_ values: [Float], low: Double, high: Double, bins: Int) -> [Int] {
    var counts = [Int](repeating: 0, count: bins)
    let scale = high > low ? Double(bins) / (high - low) : 0
    for value in values where value.isFinite {
        let bin = Int((Double(value) - low) * scale)
        counts[min(bins - 1, max(0, bin))] += 1
    }
    return counts
}

/// One line per bin: the range, the bar, the count.
private func binLines(_ counts: [Int], low: Double, high: Double, style: TerminalStyle) -> [String] {
    let bins = counts.count
    let edges = (0...bins).map { $0 == bins ? high : low + (high - low) * Double($0) / Double(bins) }
    let lefts = edges.dropLast().map { formatNumber($0) }
    let rights = edges.dropFirst().map { formatNumber($0) }
    let leftWidth = lefts.map(\.count).max() ?? 0
    let rightWidth = rights.map(\.count).max() ?? 0
    let countTexts = counts.map(formatCount)
    let countWidth = countTexts.map(\.count).max() ?? 0
    let rangeWidth = leftWidth + rightWidth + 4
    let barWidth = min(40, max(10, style.width - rangeWidth - countWidth - 4))
    let fullest = Double(counts.max() ?? 1)
    return (0..<bins).map { bin in
        let range =
            "[" + padLeftToWidth(lefts[bin], leftWidth) + ", " + padLeftToWidth(rights[bin], rightWidth)
            + (bin == bins - 1 ? "]" : ")")
        let bar = horizontalBar(
            fraction: Double(counts[bin]) / fullest, width: barWidth, style: style, markNonZero: true)
        return range + "  " + padToWidth(ANSI.paint(bar, seriesPalette[0], style: style), barWidth)
            + " " + padLeftToWidth(countTexts[bin], countWidth)
    }
}
