// How `replay --check` compares a replay with its recorded transcript. Exactly, by default where
// Ember's products are reproducible bit for bit; tolerantly elsewhere (another architecture, or
// OpenBLAS's per-CPU kernels chosen for speed), where the last printed digit of a number may
// move: each number then has to agree with the recorded one to the precision it was printed
// with, as doctest's NUMBER option reads numbers, and the text around the numbers must be the
// same. A cell whose output depends on how training went says so in a comment above it.

import Foundation

/// How strictly a replay must match its transcript.
public enum TranscriptComparison: String, Sendable, CaseIterable {
    /// Every character the same.
    case exact
    /// Numbers within one unit of their last printed digit, and cells marked with a
    /// `# replay: …` comment compared as loosely as the mark says.
    case tolerant
}

/// How much of a cell's output may change from machine to machine, as a session declares it
/// with a comment line just above the cell: `# replay: numbers vary` (the text must stay, the
/// numbers may change: a training curve, an accuracy) or `# replay: output varies` (nothing
/// of the output is compared: the classes a model confuses). Only a tolerant check reads it.
public enum CellVariation: String, Sendable, CaseIterable {
    /// The output is compared number by number to its printed precision.
    case none = ""
    /// The output's text is compared, its numbers are not.
    case numbers = "numbers vary"
    /// The output is not compared at all; the input still is.
    case output = "output varies"

    /// The word that starts a directive in a commentary line.
    static let prefix = "replay:"

    /// The variation a commentary line declares, or nil when the line is ordinary commentary.
    public init?(directive line: String) {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix(CellVariation.prefix) else { return nil }
        let value = text.dropFirst(CellVariation.prefix.count).trimmingCharacters(in: .whitespaces)
        guard let variation = CellVariation(rawValue: value), variation != .none else { return nil }
        self = variation
    }

    /// The variation a cell's commentary declares (the last directive wins).
    public static func declared(in commentary: [String]) -> CellVariation {
        commentary.compactMap(CellVariation.init(directive:)).last ?? .none
    }
}

/// How the replay `actual` differs from the transcript `expected` beyond what `comparison`
/// allows, as a report to print; nil when it matches. `variations` are the session's cells in
/// order, as declared in their commentary.
public func transcriptMismatch(
    expected: String, actual: String, comparison: TranscriptComparison, variations: [CellVariation],
    expectedName: String, actualName: String
) -> String? {
    guard expected != actual else { return nil }
    let fullDiff = {
        unifiedDiff(expected: expected, actual: actual, expectedName: expectedName, actualName: actualName)
    }
    guard comparison == .tolerant else { return fullDiff() }
    let expectedCells = transcriptCells(expected)
    let actualCells = transcriptCells(actual)
    // A different number of cells is a change of structure, not of digits: show all of it.
    guard expectedCells.count == actualCells.count else { return fullDiff() }
    var reports: [String] = []
    for (index, (old, new)) in zip(expectedCells, actualCells).enumerated() where old != new {
        // Chunk 0 is what precedes the first input; chunk n is cell n with its output.
        let variation = index == 0 || index > variations.count ? CellVariation.none : variations[index - 1]
        guard let reason = cellMismatch(old, new, variation: variation) else { continue }
        let diff =
            unifiedDiff(
                expected: old.joined(separator: "\n"), actual: new.joined(separator: "\n"),
                expectedName: expectedName, actualName: actualName) ?? ""
        reports.append("cell \(index): \(reason)\n\(diff)")
    }
    return reports.isEmpty ? nil : reports.joined(separator: "\n")
}

/// The lines of a transcript split before each `In [n]:` prompt.
func transcriptCells(_ text: String) -> [[String]] {
    var cells: [[String]] = [[]]
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("In [") { cells.append([]) }
        cells[cells.count - 1].append(String(line))
    }
    return cells
}

/// Why cell `new` does not match `old` under `variation`, or nil when it does.
private func cellMismatch(_ old: [String], _ new: [String], variation: CellVariation) -> String? {
    // The input (its prompt line and `...:` continuations) must always be the same.
    let inputLength = { (lines: [String]) in
        lines.prefix { $0.hasPrefix("In [") || $0.hasPrefix(" ") && $0.contains("...: ") }.count
    }
    let (oldInput, newInput) = (inputLength(old), inputLength(new))
    guard old.prefix(oldInput) == new.prefix(newInput) else { return "the input differs" }
    if variation == .output { return nil }
    let (oldOutput, newOutput) = (old.dropFirst(oldInput), new.dropFirst(newInput))
    guard oldOutput.count == newOutput.count else {
        return "the output has \(newOutput.count) lines instead of \(oldOutput.count)"
    }
    for (a, b) in zip(oldOutput, newOutput) where a != b {
        if let reason = lineMismatch(a, b, compareNumbers: variation == .none) { return reason }
    }
    return nil
}

/// Why line `b` does not match `a`, or nil when their text is the same and, if
/// `compareNumbers`, each number of `b` lies within the printed precision of `a`'s.
func lineMismatch(_ a: String, _ b: String, compareNumbers: Bool) -> String? {
    let (old, new) = (PrintedNumbers(a), PrintedNumbers(b))
    guard old.text == new.text, old.numbers.count == new.numbers.count else {
        return "the text differs: \"\(b)\" instead of \"\(a)\""
    }
    guard compareNumbers else { return nil }
    for (x, y) in zip(old.numbers, new.numbers) where !x.matches(y) {
        return "\(y.spelling) differs from \(x.spelling) by more than its printed precision"
    }
    return nil
}

/// A line split into its numbers and the text around them.
struct PrintedNumbers {
    /// A number as printed: its spelling, value and the size of one unit of its last digit.
    struct Number {
        let spelling: String
        let value: Double
        let unit: Double

        /// Whether the two agree within one unit of the coarser of their last digits.
        func matches(_ other: Number) -> Bool {
            if spelling == other.spelling { return true }
            return abs(value - other.value) <= Swift.max(unit, other.unit) * (1 + 1e-9)
        }
    }

    /// The text with each number replaced by `#`.
    private(set) var text = ""
    private(set) var numbers: [Number] = []

    init(_ line: String) {
        let characters = Array(line.unicodeScalars)
        var index = 0
        while index < characters.count {
            if let (number, end) = PrintedNumbers.number(in: characters, at: index) {
                numbers.append(number)
                text += "#"
                index = end
            } else {
                text.unicodeScalars.append(characters[index])
                index += 1
            }
        }
    }

    /// The number starting at `start`, if one does: digits (with `,` between groups of three),
    /// a fraction, an exponent; a sign belongs to it only where no word or number precedes.
    private static func number(in s: [Unicode.Scalar], at start: Int) -> (Number, Int)? {
        func isDigit(_ i: Int) -> Bool { i < s.count && ("0"..."9").contains(s[i]) }
        func isWordCharacter(_ i: Int) -> Bool {
            i >= 0 && i < s.count && (s[i].properties.isAlphabetic || s[i] == "_" || isDigit(i) || s[i] == ".")
        }
        var i = start
        if s[i] == "-", isDigit(i + 1), !isWordCharacter(i - 1) { i += 1 }
        guard isDigit(i), !isWordCharacter(start - 1) else { return nil }
        var digits = ""
        while isDigit(i) {
            digits.unicodeScalars.append(s[i])
            i += 1
            // A thousands separator: a comma followed by exactly three digits.
            if i < s.count, s[i] == ",", isDigit(i + 1), isDigit(i + 2), isDigit(i + 3), !isDigit(i + 4) {
                i += 1
            }
        }
        var decimals = 0
        if i < s.count, s[i] == ".", isDigit(i + 1) {
            digits += "."
            i += 1
            while isDigit(i) {
                digits.unicodeScalars.append(s[i])
                decimals += 1
                i += 1
            }
        }
        var exponent = 0
        if i < s.count, s[i] == "e" || s[i] == "E" {
            var j = i + 1
            var sign = 1
            if j < s.count, s[j] == "-" || s[j] == "+" {
                sign = s[j] == "-" ? -1 : 1
                j += 1
            }
            if isDigit(j) {
                var value = 0
                while isDigit(j), value < 10_000 {
                    value = value * 10 + Int(s[j].value - 48)
                    j += 1
                }
                exponent = sign * value
                i = j
            }
        }
        let negative = s[start] == "-"
        guard let magnitude = Double(digits) else { return nil }
        let scale = pow(10, Double(exponent))
        let spelling = String(String.UnicodeScalarView(s[start..<i]))
        let number = Number(
            spelling: spelling, value: (negative ? -magnitude : magnitude) * scale,
            unit: pow(10, Double(-decimals)) * scale)
        return (number, i)
    }
}

extension TranscriptComparison {
    /// Exact where Ember computes its products with its own fixed-order kernels on x86-64, the
    /// machines its transcripts are promised on; tolerant with OpenBLAS's per-CPU kernels
    /// (`EMBER_BLAS=openblas`) and on other architectures.
    public static var standard: TranscriptComparison {
        #if arch(x86_64)
            return BLAS.backend == .ember ? .exact : .tolerant
        #else
            return .tolerant
        #endif
    }
}
