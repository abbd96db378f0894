// The printout of a tensor, in PyTorch's manner: one width for every value, fixed notation with
// four decimals unless the values span too many orders of magnitude (then scientific, so that a
// gradient of 2e-5 never prints as 0.0000), whole numbers as `3.`, and big tensors summarised
// with their first and last items around `…`. The shape follows the values.

import Foundation

/// How tensors print: PyTorch's `set_printoptions`.
public struct PrintOptions: Sendable, Equatable {
    /// Digits after the decimal point (in scientific notation, of the mantissa).
    public var precision: Int = 4
    /// `true` forces scientific notation, `false` forbids it, `nil` decides from the values.
    public var scientific: Bool? = nil
    /// Tensors with more elements than this are summarised.
    public var threshold: Int = 1000
    /// Items shown at each end of a summarised axis.
    public var edgeItems: Int = 3
    /// Characters per line before a row wraps.
    public var lineWidth: Int = 80

    /// PyTorch's defaults.
    public init() {}
}

extension Tensor: CustomStringConvertible {
    /// The printout with default options: `tensor([[1.0000, 2.5000]], shape=[1, 2])`.
    public var description: String { formatted() }

    /// The printout with `options`, each value shown as `style` says.
    public func formatted(_ options: PrintOptions = PrintOptions(), style: ScalarStyle = .real) -> String {
        let summarise = count > options.threshold
        let formatter = ValueFormatter(
            values: visibleValues(summarise: summarise, options), options: options, style: style)
        let prefix = "tensor("
        if rank == 0 {
            return prefix + formatter.format(scalars.first ?? 0) + ")"
        }
        // As PyTorch prints it; walking the axes of an empty tensor would print one `[]` per
        // position of its other axes, which can number 2²⁸.
        if count == 0 { return prefix + "[], shape=" + formatShape(shape) + ")" }
        let body = formatBlock(
            axis: 0, offset: 0, indent: prefix.count, summarise: summarise,
            formatter: formatter, options: options)
        return prefix + body + ", shape=" + formatShape(shape) + ")"
    }

    /// The values that will be shown, so that a summary's width is set by what is visible.
    private func visibleValues(summarise: Bool, _ options: PrintOptions) -> [Float] {
        guard summarise else { return scalars }
        var values: [Float] = []
        func collect(axis: Int, offset: Int) {
            if axis == rank {
                values.append(scalars[offset])
                return
            }
            let stride = shape[(axis + 1)...].reduce(1, *)
            for index in shownIndices(size: shape[axis], summarise: true, options).compactMap({ $0 }) {
                collect(axis: axis + 1, offset: offset + index * stride)
            }
        }
        collect(axis: 0, offset: 0)
        return values
    }

    private func formatBlock(
        axis: Int, offset: Int, indent: Int, summarise: Bool, formatter: ValueFormatter,
        options: PrintOptions
    ) -> String {
        let stride = shape[(axis + 1)...].reduce(1, *)
        let indices = shownIndices(size: shape[axis], summarise: summarise, options)
        if axis == rank - 1 {
            let items = indices.map { index in
                index.map { formatter.format(scalars[offset + $0]) } ?? "…"
            }
            return "[" + wrap(items, indent: indent + 1, options: options) + "]"
        }
        let separator =
            "," + String(repeating: "\n", count: rank - axis - 1)
            + String(repeating: " ", count: indent + 1)
        let blocks = indices.map { index -> String in
            guard let index else { return "…" }
            return formatBlock(
                axis: axis + 1, offset: offset + index * stride, indent: indent + 1,
                summarise: summarise, formatter: formatter, options: options)
        }
        return "[" + blocks.joined(separator: separator) + "]"
    }

    /// Row items joined by ", ", broken into lines that fit the line width.
    private func wrap(_ items: [String], indent: Int, options: PrintOptions) -> String {
        let itemWidth = (items.map(\.count).max() ?? 1) + 2
        let perLine = Swift.max(1, (options.lineWidth - indent) / itemWidth)
        var lines: [String] = []
        var start = 0
        while start < items.count {
            let end = Swift.min(start + perLine, items.count)
            lines.append(items[start..<end].joined(separator: ", "))
            start = end
        }
        return lines.joined(separator: ",\n" + String(repeating: " ", count: indent))
    }
}

/// The indices shown along an axis; `nil` marks the `…` of a summary.
private func shownIndices(size: Int, summarise: Bool, _ options: PrintOptions) -> [Int?] {
    guard summarise, size > 2 * options.edgeItems else { return Array(0..<size) }
    return Array(0..<options.edgeItems) + [nil]
        + Array((size - options.edgeItems)..<size)
}

/// How the values of a tensor read: as real numbers (`1.5000`, `3.`), as integers (`3`) or as
/// truth values (`True`), for the shell's float32, int64 and bool tensors.
public enum ScalarStyle: Sendable {
    /// Real numbers, in PyTorch's fixed or scientific notation.
    case real
    /// Whole numbers without a decimal point.
    case integer
    /// `True` for non-zero values, `False` for zero.
    case boolean
}

/// Formats numbers with one notation and width chosen from all values shown together.
struct ValueFormatter {
    private enum Mode { case integer, fixed, scientific, wholeNumber, boolean }
    private let mode: Mode
    private let width: Int
    private let precision: Int

    init(values: [Float], options: PrintOptions, style: ScalarStyle = .real) {
        precision = options.precision
        if style != .real {
            // Integers and truth values are never summarised by notation: every one is exact.
            mode = style == .integer ? .wholeNumber : .boolean
            width =
                values.map { ValueFormatter.plain($0, style == .integer ? .wholeNumber : .boolean, 0).count }
                .max() ?? 1
            return
        }
        let finite = values.filter(\.isFinite)
        let magnitudes = finite.map(Swift.abs).filter { $0 > 0 }
        let largest = magnitudes.max() ?? 0
        let smallest = magnitudes.min() ?? 0
        let spread = smallest > 0 && largest / smallest > 1000
        let integral = finite.allSatisfy { $0 == $0.rounded() }
        let automatic: Mode
        if integral {
            automatic = spread || largest > 1e8 ? .scientific : .integer
        } else {
            automatic = spread || largest > 1e8 || smallest < 1e-4 ? .scientific : .fixed
        }
        switch options.scientific {
        case .some(true): mode = .scientific
        case .some(false): mode = integral ? .integer : .fixed
        case .none: mode = automatic
        }
        // As in PyTorch, the width comes from the non-zero finite values; nan and inf may stick
        // out of the column rather than widen it.
        var widest = 1
        for value in finite where value != 0 {
            widest = Swift.max(widest, ValueFormatter.plain(value, mode, precision).count)
        }
        width = widest
    }

    func format(_ value: Float) -> String {
        let text = ValueFormatter.plain(value, mode, precision)
        return String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }

    private static func plain(_ value: Float, _ mode: Mode, _ precision: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        switch mode {
        case .wholeNumber: return String(format: "%.0f", Double(value) + 0)
        case .boolean: return value != 0 ? "True" : "False"
        case .integer: return String(format: "%.0f.", Double(value))
        case .fixed: return String(format: "%.\(precision)f", Double(value))
        case .scientific: return String(format: "%.\(precision)e", Double(value))
        }
    }
}
