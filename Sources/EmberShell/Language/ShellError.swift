// Errors of the shell, named with Python's exception names so that a PyTorch user recognises
// them, and printed with the position, the source line and a caret under the fault.

import Ember

/// An error raised while reading or running shell code.
public struct ShellError: Error, CustomStringConvertible, Sendable {
    /// The kind of fault, printed with Python's exception name.
    public enum Kind: String, Sendable {
        case syntax = "SyntaxError"
        case name = "NameError"
        case type = "TypeError"
        case value = "ValueError"
        case index = "IndexError"
        case key = "KeyError"
        case attribute = "AttributeError"
        case zeroDivision = "ZeroDivisionError"
        case runtime = "RuntimeError"
        case file = "OSError"
        case interrupted = "KeyboardInterrupt"
        case stopIteration = "StopIteration"
        case recursion = "RecursionError"
        case overflow = "OverflowError"
        case memory = "MemoryError"
    }

    /// The kind of fault.
    public var kind: Kind
    /// What went wrong, in a sentence.
    public var message: String
    /// Where the fault is, when known.
    public var location: SourceLocation?
    /// How many characters the caret spans.
    public var length: Int
    /// True for a syntax error at the end of the input: more lines may complete it.
    public var atEndOfInput: Bool

    /// An error of `kind` saying `message`, pointing at `location` when it is known.
    public init(
        _ kind: Kind, _ message: String, at location: SourceLocation? = nil, length: Int = 1,
        atEndOfInput: Bool = false
    ) {
        self.kind = kind
        self.message = message
        self.location = location
        self.length = max(length, 1)
        self.atEndOfInput = atEndOfInput
    }

    /// Wraps a library error with Python's closest exception name.
    public init(_ error: EmberError, at location: SourceLocation? = nil, length: Int = 1) {
        let kind: Kind
        switch error.innermost {
        case .indexOutOfRange: kind = .index
        case .invalidArgument: kind = .value
        case .invalidFile: kind = .file
        case .outOfMemory: kind = .memory
        case .cancelled: kind = .interrupted
        default: kind = .runtime
        }
        self.init(kind, error.description, at: location, length: length)
    }

    /// `Kind: message`, as Python's last traceback line (just `KeyboardInterrupt` for Ctrl-C).
    public var description: String { kind == .interrupted ? kind.rawValue : "\(kind.rawValue): \(message)" }

    /// The full report: `origin:line:col: Kind: message`, the source line, and a caret under the
    /// fault. `source` is the text that was run; `origin` names it (a file name) or is nil.
    public func report(source: String, origin: String? = nil) -> String {
        guard let location else { return description }
        let place = (origin.map { $0 + ":" } ?? "") + location.description
        var lines = ["\(place): \(description)"]
        let sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false)
        if location.line >= 1, location.line <= sourceLines.count {
            let text = String(sourceLines[location.line - 1])
            lines.append("    " + text)
            let start = min(max(location.column - 1, 0), text.count)
            let width = max(1, min(length, max(text.count - start, 1)))
            lines.append("    " + String(repeating: " ", count: start) + String(repeating: "^", count: width))
        }
        return lines.joined(separator: "\n")
    }
}
