// Replaying a session as a notebook: each input under a numbered `In [n]:` prompt, its printed
// output under it, and values as `Out[n]:`. The same replay feeds the terminal, the recorded
// transcript that `--check` compares against, and a Markdown notebook.

import Ember
import Foundation

/// Replays session files.
public final class Replayer {
    /// How the replay is written.
    public enum Format {
        /// `In [n]:` / `Out[n]:` text, as in the transcripts.
        case notebook
        /// A Markdown notebook: commentary as prose, code blocks, output blocks.
        case markdown
    }

    private let file: SessionFile
    private let format: Format
    private let style: TerminalStyle
    /// Whether output that varies from run to run (times, speeds, progress bars) is left out,
    /// as it must be for a transcript.
    private let stable: Bool
    /// Whether standard output is a terminal, where training redraws a progress bar.
    private let isTerminal: Bool
    /// Called when a cell's commentary and input have been written, before it runs, with its
    /// number and source; returns false to stop there (the `--step` mode waits for Enter here).
    public var beforeCell: (Int, String) -> Bool = { _, _ in true }

    /// A replayer of `file`, writing in `format` and drawing pictures in `style`; `stable`
    /// leaves out what varies from run to run, and `isTerminal` lets training redraw its bar.
    public init(
        file: SessionFile, format: Format = .notebook, style: TerminalStyle = .plain, stable: Bool = true,
        isTerminal: Bool = false
    ) {
        self.file = file
        self.format = format
        self.style = style
        self.stable = stable
        self.isTerminal = isTerminal
    }

    /// The path of the transcript recorded beside a session file.
    public static func transcriptPath(for sessionPath: String) -> String {
        let stem = sessionPath.hasSuffix(".ember") ? String(sessionPath.dropLast(6)) : sessionPath
        return stem + ".transcript"
    }

    /// Runs every cell in a new session, writing the replay through `write`; returns the
    /// number of cells that failed.
    @discardableResult
    public func replay(seed: UInt64 = 0, write: @escaping (String) -> Void) -> Int {
        var pendingOutput = ""
        let session = ShellSession(seed: seed, write: { pendingOutput += $0 })
        session.interpreter.context.style = style
        session.interpreter.context.stableOutput = stable
        session.interpreter.context.isTerminal = isTerminal
        // A printout of several lines starts on its own line, as IPython does it; Markdown
        // shows values as plain output.
        let format = self.format
        session.writeValue = { number, text in
            guard format == .notebook else {
                pendingOutput += text + "\n"
                return
            }
            pendingOutput += "Out[\(number)]:" + (text.contains("\n") ? "\n" : " ") + text + "\n"
        }
        // `%` commands run as at the prompt, so a session file may use them as a script does.
        let loop = REPL(session: session)
        var failures = 0
        for cell in file.cells {
            let number = session.nextNumber
            write(renderInput(number: number, cell: cell))
            guard beforeCell(number, cell.source) else { return failures }
            let outcome = loop.submit(cell.source)
            if outcome == .failure { failures += 1 }
            write(renderOutput(pendingOutput))
            pendingOutput = ""
            if outcome == .exit { break }
        }
        if !file.trailingCommentary.isEmpty { write(renderCommentary(file.trailingCommentary)) }
        return failures
    }

    private func renderCommentary(_ lines: [String]) -> String {
        switch format {
        case .notebook: return lines.map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n") + "\n"
        case .markdown: return lines.joined(separator: "\n") + "\n\n"
        }
    }

    private func renderInput(number: Int, cell: SessionFile.Cell) -> String {
        // `# replay: …` lines tell a tolerant check how to compare; they are not for reading.
        let lines = cell.commentary.filter { CellVariation(directive: $0) == nil }
        let commentary = lines.isEmpty ? "" : renderCommentary(lines)
        switch format {
        case .notebook:
            let prompt = "In [\(number)]: "
            let continuation = String(repeating: " ", count: prompt.count - 5) + "...: "
            let lines = cell.source.split(separator: "\n", omittingEmptySubsequences: false)
            let body = lines.enumerated().map { ($0.offset == 0 ? prompt : continuation) + $0.element }
            return (commentary.isEmpty ? "\n" : "\n" + commentary) + body.joined(separator: "\n") + "\n"
        case .markdown:
            return commentary + "```python\n" + cell.source + "\n```\n\n"
        }
    }

    private func renderOutput(_ output: String) -> String {
        guard !output.isEmpty else { return "" }
        switch format {
        case .notebook: return output
        case .markdown: return "```\n" + output + (output.hasSuffix("\n") ? "" : "\n") + "```\n\n"
        }
    }
}
