// The line editor: libedit's readline interface with emacs-style editing, history kept in a
// file across runs (each entry written as it is made), Ctrl-R search, and Tab completion from
// the live session. Ctrl-C while typing abandons the line; Ctrl-D on an empty line ends input.
// The terminal is set up before the first prompt and given back by `close()`.

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
    private let history: HistoryFile?
    /// Lines typed while the shell was starting, read back before libedit reads the terminal.
    private var typedAhead: [TypedAhead]
    /// Whether a fault with the history file was reported (once is enough).
    private var reportedHistoryFault = false

    // libedit calls plain C functions for completion, which cannot capture state: the
    // current completer and its matches live here, one editor per process.
    nonisolated(unsafe) private static var completer: Completer?
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var nextMatch = 0

    /// Sets up the terminal, then libedit with history from `historyPath` (if any, keeping
    /// the newest `historyLimit` entries) and completion from `completer`.
    public init(historyPath: String?, historyLimit: Int = 1000, completer: Completer) {
        history = historyPath.map { HistoryFile(path: $0, limit: historyLimit) }
        LineEditor.completer = completer
        TerminalMode.hold()
        // libedit decodes keys with the C library's multibyte functions: in the "C" locale it
        // drops every non-ASCII byte, and the shell's text is UTF-8 whatever the locale says.
        if setlocale(LC_CTYPE, "") == nil || String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
        rl_catch_signals = 0
        rl_initialize()
        typedAhead = TerminalMode.readCookedInput()
        // libedit's "execute" mode, which it enters after each line, is canonical by default;
        // keeping it raw means no key is ever cooked (see TerminalMode).
        _ = rl_parse_and_bind("setty -x -icanon -echo -iexten")
        stifle_history(Int32(clamping: max(historyLimit, 1)))
        if let history {
            do {
                for entry in try history.load() { add_history(entry) }
            } catch {
                report(error)
            }
        }
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
        if !typedAhead.isEmpty {
            switch typedAhead.removeFirst() {
            case .endOfInput: return .endOfInput
            case .line(let line):
                print(prompt + line)
                return .line(line)
            }
        }
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

    /// Adds an input to the history, and to the history file at once (not blank inputs, not
    /// a repeat of the previous one).
    public func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        if let last = history_get(history_length)?.pointee.line, String(cString: last) == line { return }
        add_history(line)
        guard let history else { return }
        do {
            try history.append(line)
        } catch {
            report(error)
        }
    }

    /// Gives the terminal back its settings; call when the session ends.
    public func close() {
        TerminalMode.restore()
    }

    /// Tells the user, once, that the history file cannot be used; the session goes on.
    private func report(_ error: Error) {
        guard !reportedHistoryFault else { return }
        reportedHistoryFault = true
        FileHandle.standardError.write(Data("ember: \(error); history is kept for this session only\n".utf8))
    }

    /// Routes SIGINT to the interrupt flag without restarting reads, so that Ctrl-C makes
    /// libedit return at once instead of waiting for Enter.
    public static func installInterruptHandler() {
        var action = sigaction()
        // A second Ctrl-C ends the process at once: the terminal gets its settings back first.
        action.__sigaction_handler.sa_handler = { _ in
            if Interrupt.exitsOnSecondInterrupt && Interrupt.process.isRaised { TerminalMode.restoreFromSignal() }
            Interrupt.raise()
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        Interrupt.exitsOnSecondInterrupt = true
        Interrupt.unblock()
    }
}
