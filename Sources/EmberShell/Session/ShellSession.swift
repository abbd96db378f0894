// One shell session: an interpreter with its built-ins, the rule that decides when typed lines
// form a complete input, and the reporting of errors with the source line and a caret. The
// REPL, script runner, replay and tests all drive the shell through this type.

import Ember

/// A shell session: run inputs, see output and errors.
public final class ShellSession {
    /// The interpreter holding the session's variables.
    public let interpreter: Interpreter
    /// Where error reports go.
    public var writeError: (String) -> Void

    /// Makes a session whose output goes to `write` and errors to `writeError`.
    public init(seed: UInt64 = 0, write: @escaping (String) -> Void, writeError: ((String) -> Void)? = nil) {
        let context = ShellContext(seed: seed, write: write)
        interpreter = Interpreter(context: context)
        self.writeError = writeError ?? write
    }

    /// The outcome of running one input.
    public enum Outcome: Equatable {
        case success
        case failure
        /// `exit()` was called.
        case exit
    }

    /// Runs one input (one or more statements). An error is reported with its line, the source
    /// line and a caret, and the session's variables stay as they were after the last statement
    /// that completed.
    @discardableResult
    public func execute(_ source: String, origin: String? = nil) -> Outcome {
        do {
            try interpreter.run(source)
            return .success
        } catch is ExitRequest {
            return .exit
        } catch let error as ShellError {
            writeError(error.report(source: source, origin: origin) + "\n")
        } catch let error as EmberError {
            writeError(ShellError(error).report(source: source, origin: origin) + "\n")
        } catch {
            writeError("Error: \(error)\n")
        }
        Interrupt.clear()
        return .failure
    }

    /// Whether `source`, typed so far, needs more lines: an open bracket or string, a line
    /// ending in `:` or `\`, or a block that has not been closed by an empty line yet.
    public static func needsMoreInput(_ source: String) -> Bool {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let lastLine = lines.last.map(String.init) ?? ""
        if lastLine.hasSuffix("\\") { return true }
        do {
            _ = try Parser.parse(source)
        } catch let error as ShellError where error.atEndOfInput {
            return true
        } catch {
            return false
        }
        // A compound statement continues until an empty line, as in Python's REPL.
        let opensBlock = lines.contains { (line: Substring) -> Bool in
            let trimmed = String(line).trimmingTrailingSpaces()
            return trimmed.hasSuffix(":") && !trimmed.hasPrefix("#")
        }
        return opensBlock && !lastLine.trimmingTrailingSpaces().isEmpty
    }
}
