// Which backend the ops call. Ember's tensors have one kind of storage today, host memory, so
// one backend is current for a whole call rather than chosen per operand: once a tensor's
// storage carries its device, the ops will pick the backend from their operands' device and
// this binding will only choose among backends for the same memory (as a test's wrapper does).

/// The backend the op functions call: the CPU one unless `withBackend` binds another.
public enum ActiveBackend {
    /// A backend bound on this thread by `withBackend`.
    private static let bound = ThreadScoped<any Backend>()

    /// The backend that the ops on this thread call now.
    public static var current: any Backend { bound.value ?? CPUBackend() }

    /// Runs `body` with `backend` doing every op's arithmetic on this thread, then restores the
    /// one before.
    ///
    /// ```swift
    /// try ActiveBackend.withBackend(CPUBackend()) { try net(images) }
    /// ```
    public static func withBackend<R>(_ backend: any Backend, _ body: () throws -> R) rethrows -> R {
        try bound.withValue(backend, body)
    }
}
