// Gathers typed or piped lines into complete inputs, as Python's REPL does: brackets and
// strings left open continue, a block continues until an empty line, and a line that starts
// again at the left margin after a block ends the block (so piped scripts need no blank lines).

/// Turns lines into complete inputs.
public struct InputCollector {
    private var pending: [String] = []

    /// A collector with nothing pending.
    public init() {}

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
            completed.append(pendingText)
            pending.removeAll()
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

    /// Abandons the pending lines (Ctrl-C).
    public mutating func discard() {
        pending.removeAll()
    }

    /// True when `text` parses, so only an open block (no bracket, no string) waits for more.
    private func blockOnlyIncomplete(_ text: String) -> Bool {
        (try? Parser.parse(text)) != nil
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var result = self
        while result.last == "\n" || result.last == " " { result.removeLast() }
        return result
    }
}
