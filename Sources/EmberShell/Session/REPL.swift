// The read-eval-print loop: a terminal gets libedit with prompts, history and completion; a
// pipe gets plain lines with no prompts and no escape codes, so `ember < script` works.

import Foundation

/// Runs a session from standard input.
public final class REPL {
    /// The session the inputs run in.
    public let session: ShellSession
    private let magics: MagicCommands

    /// A loop over `session`.
    public init(session: ShellSession) {
        self.session = session
        magics = MagicCommands(session: session)
    }

    /// Runs one complete input: a `%` command or code.
    @discardableResult
    public func submit(_ input: String) -> ShellSession.Outcome {
        if input.hasPrefix("%") { return magics.run(input) }
        return session.execute(input)
    }

    /// The interactive loop on a terminal; returns the exit status.
    public func runInteractive(historyPath: String?, banner: String) -> Int32 {
        let editor = LineEditor(historyPath: historyPath, completer: Completer(interpreter: session.interpreter))
        LineEditor.installInterruptHandler()
        print(banner)
        var collector = InputCollector()
        defer { editor.close() }
        while true {
            switch editor.readLine(prompt: collector.isContinuing ? "... " : ">>> ") {
            case .endOfInput:
                if let last = collector.finish(), submit(last) == .exit { return 0 }
                print("")
                return 0
            case .interrupted:
                collector.discard()
                print("KeyboardInterrupt")
            case .line(let line):
                for input in collector.feed(line) {
                    editor.remember(input)
                    if submit(input) == .exit { return 0 }
                }
            }
        }
    }

    /// Reads plain lines until the end of input; returns 1 if any input failed.
    public func runPiped() -> Int32 {
        Interrupt.installHandler()
        var collector = InputCollector(interactive: false)
        var failed = false
        func run(_ input: String) -> Bool {
            let outcome = submit(input)
            if outcome == .failure { failed = true }
            return outcome == .exit
        }
        while let line = readLine(strippingNewline: true) {
            for input in collector.feed(line) where run(input) { return failed ? 1 : 0 }
        }
        if let last = collector.finish() { _ = run(last) }
        return failed ? 1 : 0
    }
}
