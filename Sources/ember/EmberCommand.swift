// The `ember` command: parses flags and starts the shell, a script, a replay or the benchmark.

import ArgumentParser
import EmberShell
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Options every way of running code shares.
struct ShellOptions: ParsableArguments {
    @Option(name: .long, help: "Seed the random generator (the default is 0).")
    var seed: UInt64 = 0

    @Flag(name: .long, help: "Draw without colours, as NO_COLOR does.")
    var noColor = false

    /// A new session writing to standard output and standard error; errors are red on a
    /// terminal that takes colour.
    func makeSession() -> ShellSession {
        var style = TerminalStyle.detect()
        if noColor { style.color = false }
        let red = style.color && isatty(2) == 1
        let session = ShellSession(
            seed: seed, write: { FileHandle.standardOutput.write(Data($0.utf8)) },
            writeError: { text in
                FileHandle.standardError.write(Data((red ? "\u{1B}[31m" + text + "\u{1B}[0m" : text).utf8))
            })
        // The terminal knows its width even when COLUMNS is not exported.
        var size = winsize()
        if isatty(1) == 1, ProcessInfo.processInfo.environment["COLUMNS"] == nil,
            ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20
        {
            style.width = Int(size.ws_col)
        }
        session.interpreter.context.style = style
        session.interpreter.context.isTerminal = isatty(1) == 1
        return session
    }
}

@main
struct Ember: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ember",
        abstract: "A small deep-learning library with a Python-flavoured shell for seeing backpropagation work.",
        version: "ember 0.1.0",
        subcommands: [Run.self, Replay.self, Bench.self, Export.self, KernelCommand.self],
        defaultSubcommand: Run.self)

    /// Tunes the allocator for training, then parses the command line and runs.
    static func main() {
        AllocatorTuning.reuseLargeBlocks()
        main(nil)
    }
}

/// `ember`, `ember FILE`, `ember -c CODE`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the interactive shell, run a script, or run code given with -c.")

    @Argument(help: "A script to run; it stops at the first error, with exit status 1.")
    var file: String?

    @Option(name: .customShort("c"), help: "Code to run instead of a script.")
    var code: String?

    @OptionGroup var options: ShellOptions

    func run() throws {
        let session = options.makeSession()
        if let code {
            try finish(session.execute(code, origin: "-c"))
        } else if let file {
            try runScript(file, session)
        } else if isatty(0) == 1 {
            let history =
                ProcessInfo.processInfo.environment["EMBER_HISTORY"]
                ?? (FileManager.default.homeDirectoryForCurrentUser.path + "/.ember_history")
            let status = REPL(session: session).runInteractive(
                historyPath: history.isEmpty ? nil : history,
                banner: "Ember 0.1.0: help() lists what you can type; Ctrl-D leaves.")
            throw ExitCode(status)
        } else {
            throw ExitCode(REPL(session: session).runPiped())
        }
    }

    private func runScript(_ path: String, _ session: ShellSession) throws {
        guard let data = FileManager.default.contents(atPath: path), let source = String(data: data, encoding: .utf8)
        else {
            FileHandle.standardError.write(Data("ember: cannot read \(path)\n".utf8))
            throw ExitCode(1)
        }
        Interrupt.installHandler()
        try finish(ScriptRunner(session: session).run(source, path: path))
    }

    private func finish(_ outcome: ShellSession.Outcome) throws {
        if outcome == .failure { throw ExitCode(1) }
    }
}

extension TranscriptComparison: EnumerableFlag {}

/// `ember replay FILE`.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a session as a notebook, check it against its transcript, or write it as Markdown.")

    @Argument(help: "The session file (sessions/*.ember).")
    var file: String

    @Flag(help: "Present it live: show each input with its commentary, run it on Enter; q and Enter quits.")
    var step = false

    @Flag(help: "Compare with the recorded transcript; print a diff and exit 1 on a difference.")
    var check = false

    @Flag(help: "Rewrite the recorded transcript.")
    var update = false

    @Flag(
        help: ArgumentHelp(
            "How --check compares: exactly, or with numbers within their printed precision and the cells "
                + "marked '# replay: numbers vary' or '# replay: output varies' compared loosely.",
            discussion: "The default is exact where Ember's own kernels make results reproducible (x86-64), "
                + "tolerant elsewhere and with EMBER_BLAS=openblas."))
    var comparison: TranscriptComparison?

    @Flag(help: "Write the replay as a Markdown notebook.")
    var markdown = false

    @Flag(help: "Write the replay as a Jupyter notebook (nbformat 4.5) with its outputs.")
    var ipynb = false

    @Option(name: .long, help: "Seed the random generator (the default is 0).")
    var seed: UInt64 = 0

    func run() throws {
        if ipynb || file.hasSuffix(".ipynb") { return try replayNotebook() }
        let sessionFile: SessionFile
        do {
            sessionFile = try SessionFile(path: file)
        } catch {
            FileHandle.standardError.write(Data("ember: \(error)\n".utf8))
            throw ExitCode(1)
        }
        Interrupt.installHandler()
        if check || update {
            try record(sessionFile)
            return
        }
        let style = markdown ? TerminalStyle.plain : TerminalStyle.detect()
        // Shown rather than recorded, a replay includes times and speeds; a Markdown notebook
        // is a record, so it leaves them out.
        let replayer = Replayer(
            file: sessionFile, format: markdown ? .markdown : .notebook, style: style, stable: markdown,
            isTerminal: !markdown && isatty(1) == 1)
        if step { replayer.beforeCell = { _, _ in Replay.waitForPresenter() } }
        let failures = replayer.replay(seed: seed) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// `--step`: waits under the input just shown; true for Enter, false for `q` and Enter or
    /// the end of input. On a terminal the hint is erased once answered, so the output follows
    /// the input directly.
    private static func waitForPresenter() -> Bool {
        let terminal = isatty(1) == 1 && isatty(0) == 1
        FileHandle.standardOutput.write(Data("(Enter runs it; q quits) ".utf8))
        guard let answer = readLine() else {
            FileHandle.standardOutput.write(Data("\n".utf8))
            return false
        }
        // A terminal echoed the Enter; elsewhere the line still needs its end.
        FileHandle.standardOutput.write(Data((terminal ? "\u{1B}[1A\r\u{1B}[K" : "\n").utf8))
        return answer.trimmingCharacters(in: .whitespaces).lowercased() != "q"
    }

    /// `--check` and `--update`: the plain replay against the transcript beside the session.
    private func record(_ sessionFile: SessionFile) throws {
        var text = ""
        Replayer(file: sessionFile).replay(seed: seed) { text += $0 }
        let transcript = Replayer.transcriptPath(for: file)
        if update {
            try Data(text.utf8).write(to: URL(fileURLWithPath: transcript), options: .atomic)
            print("Updated \(transcript)")
            return
        }
        guard let data = FileManager.default.contents(atPath: transcript),
            let recorded = String(data: data, encoding: .utf8)
        else {
            FileHandle.standardError.write(
                Data("ember: no transcript at \(transcript); record one with --update\n".utf8))
            throw ExitCode(1)
        }
        let comparison = self.comparison ?? .standard
        if let report = transcriptMismatch(
            expected: recorded, actual: text, comparison: comparison,
            variations: sessionFile.cells.map { CellVariation.declared(in: $0.commentary) },
            expectedName: transcript, actualName: "replay of \(file)")
        {
            print(report)
            throw ExitCode(1)
        }
        let how =
            comparison == .exact || text == recorded ? "" : " (tolerantly: numbers within their printed precision)"
        print("\(file): the replay matches \(transcript)\(how)")
    }
}
