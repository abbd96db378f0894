// Gathers typed or piped lines into complete inputs, as Python's REPL does: brackets and
// strings left open continue, a block continues until an empty line, and a line that starts
// again at the left margin after a block ends the block (so piped scripts need no blank lines).

/// Turns lines into complete inputs.
public struct InputCollector {
    private var pending: [String] = []
    /// True at a prompt, where an empty line ends a block as in Python's REPL; false for files
    /// and pipes, where blank and comment lines never end a block and only a line back at the
    /// margin does, as when Python runs a file.
    private let interactive: Bool

    /// A collector with nothing pending; `interactive` is false for files and pipes.
    public init(interactive: Bool = true) {
        self.interactive = interactive
    }

    /// True while an input is incomplete (the prompt should be `...`).
    public var isContinuing: Bool { !pending.isEmpty }

    /// The lines gathered so far.
    public var pendingText: String { pending.joined(separator: "\n") }

    /// Takes one line; returns the inputs it completes, in order (usually none or one).
    public mutating func feed(_ line: String) -> [String] {
        var completed: [String] = []
        let startsAtMargin = !(line.first?.isWhitespace ?? true)
        let continuesBlock = ["else", "elif", "except", "finally"].contains { line.hasPrefix($0) }
        if !pending.isEmpty, startsAtMargin, !continuesBlock, blockOnlyIncomplete(pendingText) {
            completed.append(pendingText.trimmingTrailingNewlines())
            pending.removeAll()
        }
        let trimmed = line.trimmingTrailingSpaces().drop(while: { $0 == " " || $0 == "\t" })
        if !interactive, !pending.isEmpty, trimmed.isEmpty || trimmed.hasPrefix("#") {
            pending.append(line)
            return completed
        }
        if pending.isEmpty && line.trimmingTrailingSpaces().isEmpty { return completed }
        pending.append(line)
        if !ShellSession.needsMoreInput(pendingText) {
            completed.append(pendingText.trimmingTrailingNewlines())
            pending.removeAll()
        }
        return completed
    }

    /// Ends input: whatever is pending, even if incomplete.
    public mutating func finish() -> String? {
        defer { pending.removeAll() }
        let text = pendingText.trimmingTrailingNewlines()
        return text.trimmingTrailingSpaces().isEmpty ? nil : text
    }

    /// Ends a block left open, as a line at the margin would; returns the input it completes.
    public mutating func endBlock() -> [String] {
        guard !pending.isEmpty, blockOnlyIncomplete(pendingText) else { return [] }
        defer { pending.removeAll() }
        return [pendingText.trimmingTrailingNewlines()]
    }

    /// Abandons the pending lines (Ctrl-C).
    public mutating func discard() {
        pending.removeAll()
    }

    /// True when `text` parses, so only an open block (no bracket, no string) waits for more.
    private func blockOnlyIncomplete(_ text: String) -> Bool {
        do {
            _ = try Parser.parse(text)
            return true
        } catch let error as ShellError {
            // A `try` waits for its `except`; any other line at the margin ends it (in error).
            return error.message.hasPrefix(Parser.missingHandlerMessage)
        } catch {
            return false
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var result = self
        while result.last == "\n" || result.last == " " { result.removeLast() }
        return result
    }
}
