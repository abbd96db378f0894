// Ctrl-C during a computation: the signal handler only sets a flag, and the interpreter looks at
// it at safe points (each statement, each loop iteration, each training batch), so that an
// interrupted computation leaves every variable consistent.

import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The flag Ctrl-C raises and safe points lower.
public enum Interrupt {
    private static let raised = Atomic<Bool>(false)

    /// Raises the flag (what the SIGINT handler does).
    public static func raise() {
        raised.store(true, ordering: .relaxed)
    }

    /// True once if the flag was raised since the last call; lowers it.
    public static func take() -> Bool {
        raised.exchange(false, ordering: .relaxed)
    }

    /// Lowers the flag without looking.
    public static func clear() {
        raised.store(false, ordering: .relaxed)
    }

    /// True when the flag is raised, leaving it raised.
    public static var isRaised: Bool {
        raised.load(ordering: .relaxed)
    }

    /// Routes SIGINT to `raise()` for the rest of the process.
    public static func installHandler() {
        signal(SIGINT) { _ in Interrupt.raise() }
        unblock()
    }

    /// Unblocks SIGINT: a parent may have started the process with it blocked, and Ctrl-C must
    /// reach the shell whoever launched it.
    static func unblock() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }
}
