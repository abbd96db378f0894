// Running a script file (`ember FILE`): its lines are gathered into inputs as a session file's
// are, so that a blank line inside a block keeps the block open and `%` commands work as at the
// prompt, and each input's errors name the file and the line where it stands.

import Foundation

/// Runs the inputs of a script in a session, stopping at the first error.
public struct ScriptRunner {
    /// The loop whose `submit` runs `%` commands as at the prompt.
    private let loop: REPL

    /// A runner over `session`.
    public init(session: ShellSession) {
        loop = REPL(session: session)
    }

    /// Runs `text`, read from `path`; returns how the last input that ran ended.
    @discardableResult
    public func run(_ text: String, path: String) -> ShellSession.Outcome {
        // "\r\n" is one Character in Swift: a file written on Windows is split like any other.
        let text = text.replacingOccurrences(of: "\r\n", with: "\n")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var collector = InputCollector(interactive: false)
        // Inputs are the file's lines in order, blank lines between them left out: each starts
        // at the next line that is not blank.
        var nextLine = 0
        func run(_ input: String) -> ShellSession.Outcome {
            while nextLine < lines.count, lines[nextLine].trimmingTrailingSpaces().isEmpty { nextLine += 1 }
            let firstLine = nextLine + 1
            nextLine += input.split(separator: "\n", omittingEmptySubsequences: false).count
            if input.hasPrefix("%") { return loop.submit(input) }
            return loop.session.execute(input, origin: path, firstLine: firstLine, fileText: text)
        }
        for line in lines {
            for input in collector.feed(line) {
                let outcome = run(input)
                if outcome != .success { return outcome }
            }
        }
        guard let last = collector.finish() else { return .success }
        return run(last)
    }
}
