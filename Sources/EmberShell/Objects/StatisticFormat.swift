import Foundation

/// A statistic with four significant digits, in scientific notation when tiny or huge.
func formatStatistic(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    let magnitude = abs(value)
    if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5) { return String(format: "%.3e", value) }
    return String(format: "%.4g", value)
}
