// The traceback of an error raised inside functions: one line per call it passed through,
// outermost first and innermost last, as Python prints it, before the report of the fault.

/// The exception object a `raise` threw, carried by the error until an `except` binds it.
public final class RaisedException: @unchecked Sendable {
    /// The exception object (an instance of an exception class).
    public let value: Value
    /// Its class name, which the report prints (`ValueError`, `ShapeError`).
    public let typeName: String

    /// Carries `value`, an exception of class `typeName`.
    public init(_ value: Value, typeName: String) {
        self.value = value
        self.typeName = typeName
    }
}

extension ShellError {
    /// Records that the error left a call of `function` made at `location`.
    public mutating func addFrame(calling function: String, at location: SourceLocation) {
        frames.append((location, function))
    }

    /// `Traceback (most recent call last):` and a line per frame, or nothing for an error
    /// raised outside every function.
    func traceback(origin: String?, sourceLines: [Substring], firstLine: Int) -> [String] {
        guard !frames.isEmpty else { return [] }
        let file = origin.map { "File \"\($0)\", " } ?? ""
        // The outermost call stands in the session's own code; each call runs the function
        // named by the frame outside it; the innermost function holds the fault.
        var lines = ["Traceback (most recent call last):"]
        var function = "<module>"
        for frame in frames.reversed() {
            lines.append("  \(file)line \(frame.location.line), in \(function)")
            function = frame.function
        }
        if let location { lines.append("  \(file)line \(location.line), in \(function)") }
        return lines
    }
}
