// The one way numbers are written in pictures, charts, tables and summaries: four significant
// digits, switching to scientific notation for tiny and huge magnitudes so that a gradient of
// 2e-5 never shows as 0.0000. Durations and rates for progress lines live here too.

import Ember
import Foundation

/// A number with four significant digits, in the manner of PyTorch's printouts.
///
/// - Parameters:
///   - value: the number.
///   - compact: drop trailing zeros after the point (`0.5` rather than `0.5000`), for axis ticks.
///
/// The rules: a magnitude (after rounding to four digits) from 1e-4 up to but not including 1e4
/// is written in fixed notation with as many decimals as four significant digits need; smaller
/// or larger magnitudes use scientific notation with three decimals; zero is `0.000`; NaN and
/// infinities are `nan`, `inf` and `-inf`.
/// ```swift
/// formatNumber(0.1234567)   // "0.1235"
/// formatNumber(2e-5)        // "2.000e-05"
/// formatNumber(12345.6)     // "1.235e+04"
/// formatNumber(1.5, compact: true)   // "1.5"
/// ```
public func formatNumber(_ value: Double, compact: Bool = false) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    // Zero and negative zero print alike.
    let number = value == 0 ? 0 : value
    // The exponent after rounding to four digits, read from the scientific form so that a value
    // such as 9999.7, which rounds to 1.000e+04, is placed by the number actually printed.
    let scientific = String(format: "%.3e", number)
    let exponent = scientific.split(separator: "e").last.flatMap { Int($0) } ?? 0
    let text: String
    if number == 0 || (-4..<4).contains(exponent) {
        text = String(format: "%.\(max(0, 3 - exponent))f", number)
    } else {
        text = scientific
    }
    return compact ? trimmingZeros(text) : text
}

/// `text` without trailing zeros after the decimal point (and without the point if nothing is
/// left after it), keeping any exponent.
private func trimmingZeros(_ text: String) -> String {
    let parts = text.split(separator: "e", maxSplits: 1)
    var mantissa = Substring(parts.first ?? "")
    guard mantissa.contains(".") else { return text }
    while mantissa.last == "0" { mantissa.removeLast() }
    if mantissa.last == "." { mantissa.removeLast() }
    if mantissa == "-0" { mantissa = "0" }
    return parts.count > 1 ? mantissa + "e" + parts[1] : String(mantissa)
}

/// A duration as a clock: `0:12`, `12:34`, `1:02:03`; negative or non-finite is `-:--`.
///
/// Seconds are rounded to the nearest whole second.
/// ```swift
/// formatDuration(3723)   // "1:02:03"
/// ```
public func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0, seconds < Double(Int.max / 2) else { return "-:--" }
    let total = Int(seconds.rounded())
    let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
    let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
    if hours > 0 { return "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" }
    return "\(minutes):\(twoDigits(secs))"
}

/// A rate with its unit: whole numbers with thousands separators from 100 up, one decimal below.
///
/// ```swift
/// formatRate(5210.4, unit: "img/s")   // "5,210 img/s"
/// formatRate(3.26, unit: "batch/s")   // "3.3 batch/s"
/// ```
public func formatRate(_ perSecond: Double, unit: String) -> String {
    guard perSecond.isFinite, abs(perSecond) < 1e15 else { return "- " + unit }
    if abs(perSecond) >= 100 { return formatCount(Int(perSecond.rounded())) + " " + unit }
    return String(format: "%.1f", perSecond) + " " + unit
}

/// A fraction as a percentage with one decimal: `0.8734` → `87.3%`.
func formatPercent(_ fraction: Double) -> String {
    guard fraction.isFinite else { return fraction.isNaN ? "nan%" : fraction < 0 ? "-inf%" : "inf%" }
    return String(format: "%.1f%%", fraction * 100)
}
