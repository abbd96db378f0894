// What the terminal can show: colour, Unicode block characters and a width. Every renderer takes
// a style and returns a string, so the one place that looks at the process (the environment and
// whether stdout is a terminal) is `detect`; everything else is a pure function of its inputs.

import Ember
import Foundation

/// How pictures, charts and tables are drawn: with or without colour and Unicode, and how wide.
///
/// `.plain` (no escapes, ASCII only, 80 columns) is what pipes, tests and recorded transcripts
/// use: its output depends on nothing but the values drawn. `detect()` picks the style for the
/// terminal the shell runs in.
/// ```swift
/// let style = TerminalStyle.detect()
/// print(try renderImage(image, style: style))
/// ```
public struct TerminalStyle: Sendable, Equatable {
    /// Whether to use 24-bit ANSI colour escapes.
    public var color: Bool
    /// Whether to use Unicode block, Braille and box-drawing characters instead of ASCII.
    public var unicode: Bool
    /// The number of columns available.
    public var width: Int

    /// Makes a style; a width below 20 columns is raised to 20 so that every picture fits.
    public init(color: Bool, unicode: Bool, width: Int = 80) {
        self.color = color
        self.unicode = unicode
        self.width = max(20, width)
    }

    /// No colour, ASCII only, 80 columns: deterministic output for pipes, tests and transcripts.
    public static let plain = TerminalStyle(color: false, unicode: false, width: 80)

    /// The style for the process's standard output.
    ///
    /// - Parameters:
    ///   - environment: the environment variables to read (the process's by default).
    ///   - isTerminal: whether standard output is a terminal (`isatty(1)` by default).
    ///
    /// The rules: not a terminal, or `TERM=dumb`, gives plain ASCII without colour; `NO_COLOR`
    /// set to any value, even empty, turns colour off but keeps Unicode; otherwise a terminal
    /// gets colour and Unicode. `COLUMNS` gives the width when it is a whole number of at least
    /// 20, else 80.
    public static func detect(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        isTerminal: Bool = isatty(1) == 1
    ) -> TerminalStyle {
        let width =
            environment["COLUMNS"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { $0 >= 20 ? $0 : nil } ?? 80
        guard isTerminal, environment["TERM"] != "dumb" else {
            return TerminalStyle(color: false, unicode: false, width: width)
        }
        return TerminalStyle(color: environment["NO_COLOR"] == nil, unicode: true, width: width)
    }
}
