// Whether ops record onto the tape. Both the scoped mode (`withGradEnabled`) and the default
// that `setEnabled` changes belong to the calling thread (not a task-local value: see
// ThreadScoped), so a shell that turns recording off leaves other threads recording.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The switch between recording ops for backward and computing values only (PyTorch's
/// `torch.no_grad()` and `torch.set_grad_enabled`).
public enum GradMode {
    /// The mode bound by the innermost `withGradEnabled` running on this thread.
    private static let scoped = ThreadScoped<Bool>()
    /// This thread's default: unset means on; the marker address 1 means off. No allocation,
    /// so nothing is left behind when a thread ends.
    private static let defaultKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
    private static var offMarker: UnsafeRawPointer? { UnsafeRawPointer(bitPattern: 1) }

    /// True when ops record onto the tape.
    public static var isEnabled: Bool {
        scoped.value ?? (pthread_getspecific(defaultKey).map(UnsafeRawPointer.init) != offMarker)
    }

    /// Sets this thread's mode for code outside any `withGradEnabled` block.
    public static func setEnabled(_ enabled: Bool) {
        pthread_setspecific(defaultKey, enabled ? nil : offMarker)
    }

    /// Runs `body` with recording switched on or off, then restores the previous mode.
    public static func withGradEnabled<R>(_ enabled: Bool, _ body: () throws -> R) rethrows -> R {
        try scoped.withValue(enabled, body)
    }
}
