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

    /// How a displayed value is written: given the input number and the value's printout.
    /// The REPL writes the printout; a notebook replay writes `Out[n]:` before it.
    public var writeValue: (Int, String) -> Void
    /// The inputs run so far, numbered from 1.
    public private(set) var records: [InputRecord] = []
    /// The error that ended the last input, if it failed with one of the shell's errors.
    public private(set) var lastError: ShellError?
    /// `Out[n]`: the value displayed by input n.
    let outputs = DictionaryStorage([])

    /// One input and how it ended.
    public struct InputRecord: Sendable {
        /// The input's number, from 1.
        public let number: Int
        /// The text that ran.
        public let source: String
        /// Whether it ran without error.
        public let succeeded: Bool
    }

    /// Makes a session whose output goes to `write` and errors to `writeError`.
    public init(seed: UInt64 = 0, write: @escaping (String) -> Void, writeError: ((String) -> Void)? = nil) {
        let context = ShellContext(seed: seed, write: write)
        interpreter = Interpreter(context: context)
        self.writeError = writeError ?? write
        writeValue = { _, text in context.writeLine(text) }
        interpreter.display = { [unowned self] value in self.display(value) }
        bindHistoryNames()
    }

    /// The number the next input will get.
    public var nextNumber: Int { records.count + 1 }

    /// Shows a value and keeps it as `_` and `Out[n]`, as IPython does.
    private func display(_ value: Value) {
        if case .none = value { return }
        let number = nextNumber
        outputs.entries.removeAll { if case .int(number) = $0.key { true } else { false } }
        outputs.entries.append((.int(number), value))
        interpreter.globals.define("_", value)
        writeValue(number, interpreter.repr(value))
    }

    /// Binds `Out` (and keeps `_` unset until a value is shown).
    private func bindHistoryNames() {
        interpreter.globals.define("Out", .dictionary(outputs))
    }

    /// Forgets every variable and every kept output (`%reset`).
    public func reset() {
        interpreter.globals.removeAll()
        outputs.entries.removeAll()
        bindHistoryNames()
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
    /// that completed. `firstLine` is the line of `origin` where `source` starts; `fileText`,
    /// the whole text of `origin`, shows the line of an error raised in an earlier input's code
    /// (a function defined above). Unless `recording` is false (a notebook's silent request),
    /// the input is kept in `records` and takes the next number.
    @discardableResult
    public func execute(
        _ source: String, origin: String? = nil, firstLine: Int = 1, fileText: String? = nil, recording: Bool = true
    ) -> Outcome {
        let outcome = run(source, origin: origin, firstLine: firstLine, fileText: fileText)
        if recording {
            records.append(InputRecord(number: records.count + 1, source: source, succeeded: outcome == .success))
        }
        return outcome
    }

    private func run(_ source: String, origin: String?, firstLine: Int, fileText: String?) -> Outcome {
        let context = fileText ?? source
        let contextFirstLine = fileText == nil ? firstLine : 1
        // A Ctrl-C that stopped training lets the assignment finish, then ends the input here.
        defer { interpreter.context.interrupt.clear() }
        lastError = nil
        do {
            // Long library calls (loading a large file) poll the same Ctrl-C flag.
            let flag = interpreter.context.interrupt
            try Cancellation.isRequested.withValue({ flag.isRaised }) {
                try interpreter.run(source, firstLine: firstLine)
            }
            return .success
        } catch is ExitRequest {
            return .exit
        } catch let error as ShellError {
            lastError = error
            writeError(error.report(source: context, origin: origin, firstLine: contextFirstLine) + "\n")
        } catch let error as EmberError {
            lastError = ShellError(error)
            writeError(ShellError(error).report(source: context, origin: origin, firstLine: contextFirstLine) + "\n")
        } catch {
            writeError("Error: \(readableMessage(String(describing: error)))\n")
        }
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
        // A compound statement continues until an empty line, as in Python's REPL: a `:` that
        // ends a line (by tokens, so a comment ending in a colon does not count) opens a block.
        let tokens = (try? Lexer.tokenize(source)) ?? []
        let opensBlock = zip(tokens, tokens.dropFirst()).contains { $0.kind == .symbol(":") && $1.kind == .newline }
        return opensBlock && !lastLine.trimmingTrailingSpaces().isEmpty
    }
}
