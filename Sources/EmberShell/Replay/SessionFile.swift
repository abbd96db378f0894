// A session file: a script of shell inputs. Its lines split into cells exactly as the REPL
// splits typed lines into inputs; comment lines before a cell are its commentary, shown above
// it in a replay, so a session reads like a lesson.

import Ember
import Foundation

/// The cells of a session file.
public struct SessionFile {
    /// One input with the comment lines written above it.
    public struct Cell: Sendable, Equatable {
        /// The comment lines before the input, without their `#`.
        public var commentary: [String]
        /// The input as it is run.
        public var source: String
    }

    /// The file the cells came from.
    public let path: String
    /// The inputs, in order.
    public let cells: [Cell]
    /// Comment lines after the last input.
    public let trailingCommentary: [String]

    /// Reads and splits the file at `path`.
    public init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw ShellError(.file, "\(path): no such session file, or it cannot be read as UTF-8 text")
        }
        (cells, trailingCommentary) = SessionFile.split(text)
    }

    /// The cells of session text that came from `path` (a notebook's cells, say).
    public init(path: String, text: String) {
        self.path = path
        (cells, trailingCommentary) = SessionFile.split(text)
    }

    /// Splits session text into cells.
    public static func split(_ text: String) -> (cells: [Cell], trailing: [String]) {
        var cells: [Cell] = []
        var commentary: [String] = []
        // A blank line inside a block keeps it open: the file runs the same as a script.
        var collector = InputCollector(interactive: false)
        func take(_ inputs: [String]) {
            for input in inputs {
                // Blank lines between a comment and its code are spacing, not commentary.
                while commentary.last == "" { commentary.removeLast() }
                cells.append(Cell(commentary: commentary, source: input))
                commentary = []
            }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // A comment at the margin ends an open block, as a new statement would.
            if collector.isContinuing, line.hasPrefix("#") { take(collector.endBlock()) }
            if !collector.isContinuing, trimmed.hasPrefix("#") {
                // One space after the # is the comment's margin; more is indentation, kept.
                var text = trimmed.dropFirst()
                if text.first == " " { text = text.dropFirst() }
                commentary.append(String(text).trimmingTrailingSpaces())
                continue
            }
            if !collector.isContinuing, trimmed.isEmpty, !commentary.isEmpty {
                commentary.append("")
                continue
            }
            take(collector.feed(line))
        }
        if let last = collector.finish() { take([last]) }
        while commentary.last == "" { commentary.removeLast() }
        return (cells, commentary)
    }

    /// Writes `inputs` as a session file, atomically (a temporary file renamed into place).
    public static func write(inputs: [String], to path: String) throws {
        let text = inputs.map { $0.contains("\n") ? $0 + "\n" : $0 }.joined(separator: "\n") + "\n"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ShellError(.file, "\(path): cannot be written (\(error.localizedDescription))")
        }
    }
}
