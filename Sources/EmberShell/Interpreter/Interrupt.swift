// Ctrl-C during a computation: the signal handler only sets a flag, and the interpreter looks at
// it at safe points (each statement, each loop iteration, each training batch), so that an
// interrupted computation leaves every variable consistent.

import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A flag that Ctrl-C (or a test) raises and safe points lower. The process has one, which
/// SIGINT raises; a session can be given its own, so that sessions run side by side (as tests
/// do) never stop each other.
public final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    /// A lowered flag.
    public init() {}

    /// Raises the flag; returns whether it was already up.
    @discardableResult
    public func raise() -> Bool {
        raised.exchange(true, ordering: .relaxed)
    }

    /// True once if the flag was raised since the last call; lowers it.
    public func take() -> Bool {
        raised.exchange(false, ordering: .relaxed)
    }

    /// Lowers the flag without looking.
    public func clear() {
        raised.store(false, ordering: .relaxed)
    }

    /// True when the flag is raised, leaving it raised.
    public var isRaised: Bool {
        raised.load(ordering: .relaxed)
    }
}

/// The process's flag, which SIGINT raises.
public enum Interrupt {
    /// The flag the signal handler raises, and every session uses unless given its own.
    public static let process = InterruptFlag()
    /// Raises the flag (what the SIGINT handler does). A second Ctrl-C while the flag is still
    /// up means a computation without a safe point (one huge kernel call) is stuck: the process
    /// ends, since nothing else could stop it.
    public static func raise() {
        if process.raise() && exitsOnSecondInterrupt {
            // Only async-signal-safe calls here: write and _exit, and a static string.
            let message: StaticString = "\nKeyboardInterrupt: a second Ctrl-C before a safe point ends ember\n"
            message.withUTF8Buffer { _ = write(2, $0.baseAddress, $0.count) }
            _exit(130)
        }
    }

    /// Whether a second Ctrl-C ends the process; set by the command line, not by tests.
    nonisolated(unsafe) public static var exitsOnSecondInterrupt = false

    /// Routes SIGINT to `raise()` for the rest of the process.
    public static func installHandler() {
        exitsOnSecondInterrupt = true
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
