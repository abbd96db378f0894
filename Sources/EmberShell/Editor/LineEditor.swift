// The line editor: libedit's readline interface with emacs-style editing, history kept in a
// file across runs (capped), Ctrl-R search, and Tab completion from the live session. Ctrl-C
// while typing abandons the line; Ctrl-D on an empty line ends input.

@preconcurrency import CEditLine
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What one read from the terminal gave.
public enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C: the line typed so far is abandoned.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// Reads lines from a terminal with libedit.
public final class LineEditor {
    private let historyPath: String?
    private let historyLimit: Int

    // libedit calls plain C functions for completion, which cannot capture state: the
    // current completer and its matches live here, one editor per process.
    nonisolated(unsafe) private static var completer: Completer?
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var nextMatch = 0

    /// Sets up libedit with history from `historyPath` (if any) and completion from `completer`.
    public init(historyPath: String?, historyLimit: Int = 1000, completer: Completer) {
        self.historyPath = historyPath
        self.historyLimit = max(historyLimit, 1)
        LineEditor.completer = completer
        rl_catch_signals = 0
        rl_initialize()
        stifle_history(Int32(self.historyLimit))
        if let historyPath { _ = read_history(historyPath) }
        rl_attempted_completion_function = { text, start, end in
            rl_attempted_completion_over = 1
            LineEditor.prepareMatches(text: text.map { String(cString: $0) } ?? "", start: Int(start), end: Int(end))
            return rl_completion_matches(text) { _, state in
                if state == 0 { LineEditor.nextMatch = 0 }
                guard LineEditor.nextMatch < LineEditor.matches.count else { return nil }
                defer { LineEditor.nextMatch += 1 }
                return strdup(LineEditor.matches[LineEditor.nextMatch])
            }
        }
        // Dots and brackets stay inside the word, so `net[0].we` completes as one piece.
        rl_completer_word_break_characters = strdup(" \t\n\"'`@$><=;|&{(,+-*/%")
        rl_completion_append_character = 0
    }

    /// Computes the replacements for libedit's word `text`, from the completer's view of the
    /// line: both words end at the cursor, so they align at their ends.
    private static func prepareMatches(text: String, start: Int, end: Int) {
        guard let completer, let buffer = rl_line_buffer else {
            matches = []
            return
        }
        let line = String(cString: buffer)
        let cursor = line.utf8.prefix(Int(rl_point)).count
        let characterCursor = String(decoding: line.utf8.prefix(cursor), as: UTF8.self).count
        let (wordStart, candidates) = completer.completions(line: line, cursor: characterCursor)
        let ours = characterCursor - wordStart
        matches = candidates.map { candidate in
            if text.count >= ours { return String(text.dropLast(ours)) + candidate }
            return String(candidate.dropFirst(ours - text.count))
        }
    }

    /// Reads one line with `prompt`.
    public func readLine(prompt: String) -> LineInput {
        Interrupt.process.clear()
        guard let raw = readline(prompt) else {
            if Interrupt.process.take() {
                print("")
                return .interrupted
            }
            return .endOfInput
        }
        defer { free(raw) }
        if Interrupt.process.take() { return .interrupted }
        return .line(String(cString: raw))
    }

    /// Adds a line to the history (not blank lines, not a repeat of the previous one).
    public func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        if let last = history_get(history_length)?.pointee.line, String(cString: last) == line { return }
        add_history(line)
    }

    /// Writes the history file, keeping the newest `historyLimit` entries.
    public func saveHistory() {
        guard let historyPath else { return }
        if write_history(historyPath) == 0 { _ = history_truncate_file(historyPath, Int32(historyLimit)) }
    }

    /// Routes SIGINT to the interrupt flag without restarting reads, so that Ctrl-C makes
    /// libedit return at once instead of waiting for Enter.
    public static func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.raise() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        Interrupt.exitsOnSecondInterrupt = true
        Interrupt.unblock()
    }
}
