// A way for long operations (loading a large file, parsing a header) to stop when the user asks.
// The core knows nothing of signals or terminals: whoever runs it installs a check, the shell
// its Ctrl-C flag, and long loops poll it every few megabytes, which costs nothing measurable.

/// The cancellation check long operations poll.
public enum Cancellation {
    /// True when the running operation should stop; unbound (the default) never stops. The
    /// shell binds it to its interrupt flag with `Cancellation.isRequested.withValue(...)`.
    public static let isRequested = ThreadScoped<@Sendable () -> Bool>()

    /// Throws `EmberError.cancelled` naming `operation` when a stop has been requested.
    public static func check(_ operation: String) throws {
        if let requested = isRequested.value, requested() { throw EmberError.cancelled(operation: operation) }
    }
}
