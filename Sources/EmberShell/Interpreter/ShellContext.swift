// The state every built-in may need: the session's random generator, print options, where output
// goes and how pictures are drawn, and a way back into the interpreter to call user functions.

import Ember

/// The shared state of one shell session.
public final class ShellContext {
    /// Every random draw of the session (weights, `randn`, dropout, shuffles) comes from here,
    /// so that `seed(n)` makes the rest of the session reproducible.
    public let generator: Generator
    /// How tensors print (`set_printoptions`).
    public var printOptions = PrintOptions()
    /// How pictures are drawn: colour and Unicode on a terminal, plain text otherwise.
    public var style: TerminalStyle = .plain
    /// The flag Ctrl-C raises: the process's, unless the session was given its own.
    public var interrupt: InterruptFlag = Interrupt.process
    /// True when standard output is a terminal, so progress can be redrawn in place.
    public var isTerminal = false
    /// True when output is recorded to be compared later: what varies from run to run (times,
    /// speeds, progress redraws) is left out.
    public var stableOutput = false
    /// Where printed text goes, exactly as given (newlines included).
    public var write: (String) -> Void
    /// Where pictures go when the front end draws them (a notebook); unset, their text is written.
    public var showPicture: ((ShellPicture) -> Void)?
    /// Where training progress goes when the front end keeps a live display (a notebook): the
    /// current line, then nil when training ends. Unset, a terminal redraws its line in place.
    public var showProgress: ((String?) -> Void)?
    /// Shows a prompt and reads a line for `input()` (nil at the end of input); unset, the
    /// prompt is written and the line read from standard input. A notebook kernel asks its
    /// front end.
    public var readInput: ((String) throws -> String?)?
    /// Calls a value (function, layer …) with arguments; set by the interpreter.
    var invoke: (Value, [Value], [(String, Value)]) throws -> Value = { _, _, _ in .none }

    /// Makes a context writing with `write` and drawing from a generator seeded with `seed`.
    public init(seed: UInt64 = 0, write: @escaping (String) -> Void) {
        generator = Generator(seed: seed)
        self.write = write
    }

    /// Writes `text` and a newline.
    public func writeLine(_ text: String) {
        write(text + "\n")
    }

    /// Throws KeyboardInterrupt when Ctrl-C was pressed since the last check.
    public func checkInterrupt() throws {
        if interrupt.take() { throw ShellError(.interrupted, "interrupted") }
    }

    /// Calls `callee` with positional and keyword arguments.
    public func call(_ callee: Value, _ arguments: [Value], keywords: [(String, Value)] = []) throws -> Value {
        try invoke(callee, arguments, keywords)
    }
}
