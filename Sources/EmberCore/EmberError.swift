// The one error type of the library. Each case carries the data of the fault, so callers can
// inspect it, and `description` turns it into the sentence a user reads.

/// An error raised by a tensor operation, a layer, a loss, an optimizer or a file reader.
///
/// The message always names the operation or layer at fault and the values involved, e.g.
/// `Linear(320 → 120): expected input [N, 320], got [64, 500]`.
public enum EmberError: Error, CustomStringConvertible, Sendable {
    /// An input whose shape is not what the operation needs: `expected` describes the shape
    /// it accepts (`[N, 320]`), `got` is the shape it received.
    case shapeMismatch(operation: String, expected: String, got: [Int])
    /// Two shapes that cannot be combined, such as operands that do not broadcast.
    case incompatibleShapes(operation: String, first: [Int], second: [Int], reason: String)
    /// An index outside `-size ..< size` along `axis`.
    case indexOutOfRange(operation: String, index: Int, axis: Int, size: Int)
    /// An argument with a value the function cannot accept.
    case invalidArgument(function: String, message: String)
    /// A file that is missing, unreadable or malformed.
    case invalidFile(path: String, message: String)
    /// A backward call with nothing to differentiate, such as backward before forward.
    case noForwardPass(operation: String)
    /// A buffer of `bytes` that would not fit in the `available` bytes the system has left.
    case outOfMemory(operation: String, bytes: Int, available: Int)
    /// An operation stopped because its caller asked it to (Ctrl-C in the shell).
    case cancelled(operation: String)
    /// An error raised by the layer at `index` of a container, with that layer's description.
    indirect case inLayer(index: Int, layer: String, underlying: EmberError)

    /// The sentence a user reads.
    public var description: String {
        switch self {
        case .shapeMismatch(let operation, let expected, let got):
            return "\(operation): expected \(expected), got \(formatShape(got))"
        case .incompatibleShapes(let operation, let first, let second, let reason):
            return "\(operation): shapes \(formatShape(first)) and \(formatShape(second)) \(reason)"
        case .indexOutOfRange(let operation, let index, let axis, let size):
            return "\(operation): index \(index) is out of range for axis \(axis) of size \(size)"
        case .invalidArgument(let function, let message):
            return "\(function): \(message)"
        case .invalidFile(let path, let message):
            return "\(path): \(message)"
        case .noForwardPass(let operation):
            return "\(operation): backward called before forward"
        case .outOfMemory(let operation, let bytes, let available):
            let size = bytes == Int.max ? "more than \(formatByteCount(Int.max))" : formatByteCount(bytes)
            return "\(operation): not enough memory for \(size) (\(formatByteCount(available)) available)"
        case .cancelled(let operation):
            return "\(operation): interrupted"
        case .inLayer(let index, let layer, let underlying):
            // The layer's own message starts with its description; say it once.
            var inner = underlying.description
            if inner.hasPrefix(layer + ": ") { inner.removeFirst(layer.count + 2) }
            return "in layer \(index), \(layer): \(inner)"
        }
    }

    /// The error without the layer context that containers add around it.
    public var innermost: EmberError {
        if case .inLayer(_, _, let underlying) = self { return underlying.innermost }
        return self
    }
}

/// Formats a shape the way every message and printout shows it: `[64, 1, 28, 28]`.
public func formatShape(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
