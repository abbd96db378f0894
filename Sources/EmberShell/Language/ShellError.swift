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
        case assertion = "AssertionError"
        case moduleNotFound = "ModuleNotFoundError"
        case notImplemented = "NotImplementedError"
        case exception = "Exception"
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
    /// The exception object `raise` threw, when the code raised one itself.
    public var raised: RaisedException?
    /// The calls the error passed through, innermost first: where each call stood and the name
    /// of the function it called.
    public var frames: [(location: SourceLocation, function: String)] = []

    /// An error of `kind` saying `message`, pointing at `location` when it is known.
    public init(
        _ kind: Kind, _ message: String, at location: SourceLocation? = nil, length: Int = 1,
        atEndOfInput: Bool = false
    ) {
        self.kind = kind
        // Messages quote names and text from the user and from files: they must stay short
        // and must not reach the terminal as control sequences.
        self.message = readableMessage(message)
        self.location = location
        self.length = max(length, 1)
        self.atEndOfInput = atEndOfInput
        self.raised = nil
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
    public var description: String {
        let name = raised?.typeName ?? kind.rawValue
        return kind == .interrupted || message.isEmpty ? name : "\(name): \(message)"
    }

    /// The full report: `origin:line:col: Kind: message`, the source line, and a caret under the
    /// fault. `source` is the text that was run, from line `firstLine` of `origin` (a file
    /// name) when it is not nil.
    public func report(source: String, origin: String? = nil, firstLine: Int = 1) -> String {
        guard let location else { return description }
        let place = (origin.map { $0 + ":" } ?? "") + location.description
        let sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var lines = traceback(origin: origin, sourceLines: sourceLines, firstLine: firstLine)
        lines.append("\(place): \(description)")
        let index = location.line - firstLine
        if index >= 0, index < sourceLines.count {
            lines += ShellError.sourceExcerpt(String(sourceLines[index]), column: location.column, length: length)
        }
        return lines.joined(separator: "\n")
    }

    /// The widest source excerpt a report shows, in characters.
    static let excerptWidth = 100

    /// The source line (indented by four) and a caret line under `length` characters from
    /// `column`. A long line shows a window around the fault, marked `…` where it is cut;
    /// control characters are escaped and tabs shown as spaces, with the caret kept under the
    /// characters it points at.
    static func sourceExcerpt(_ line: String, column: Int, length: Int) -> [String] {
        let characters = Array(line)
        let start = min(max(column - 1, 0), characters.count)
        let width = max(1, min(length, max(characters.count - start, 1)))
        // The window keeps some context before the fault and at most `excerptWidth` in all.
        let windowStart =
            characters.count <= excerptWidth ? 0 : max(0, min(start - 20, characters.count - excerptWidth))
        let windowEnd = min(characters.count, windowStart + excerptWidth)
        var shown = windowStart > 0 ? "…" : ""
        var caretOffset = shown.count
        var caretWidth = 0
        for index in windowStart..<windowEnd {
            let piece = characters[index] == "\t" ? " " : escapingControlCharacters(String(characters[index]))
            if index < start { caretOffset += piece.count }
            if index >= start, index < start + width { caretWidth += piece.count }
            shown += piece
        }
        if windowEnd < characters.count { shown += "…" }
        if start >= windowEnd { caretOffset = shown.count }
        let caret = String(repeating: " ", count: caretOffset) + String(repeating: "^", count: max(caretWidth, 1))
        return ["    " + shown, "    " + caret]
    }
}
