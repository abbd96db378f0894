// Whether ops record onto the tape. Bound per thread (not task-local: see ThreadScoped), so a
// `no_grad` block in one thread leaves others recording.

/// The switch between recording ops for backward and computing values only (PyTorch's
/// `torch.no_grad()` and `torch.set_grad_enabled`).
public enum GradMode {
    /// The mode bound by the innermost `withGradEnabled` running on this thread.
    private static let scoped = ThreadScoped<Bool>()
    /// The process-wide default, changed by `setEnabled` (the shell's `set_grad_enabled`).
    nonisolated(unsafe) private static var defaultEnabled = true

    /// True when ops record onto the tape.
    public static var isEnabled: Bool { scoped.value ?? defaultEnabled }

    /// Sets the default mode for code outside any `withGradEnabled` block.
    public static func setEnabled(_ enabled: Bool) { defaultEnabled = enabled }

    /// Runs `body` with recording switched on or off, then restores the previous mode.
    public static func withGradEnabled<R>(_ enabled: Bool, _ body: () throws -> R) rethrows -> R {
        try scoped.withValue(enabled, body)
    }
}
