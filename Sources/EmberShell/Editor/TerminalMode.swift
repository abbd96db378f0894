// The terminal's settings while the shell reads from it. libedit switches the terminal between
// its editing mode and an "execute" mode around every line, and by default its execute mode is
// the terminal's canonical mode, in which the kernel cooks keys as they arrive: a Ctrl-D turns
// into an end-of-file mark that reads as a NUL byte once libedit enters editing mode (libedit
// then waits for a quoted character, so neither that Ctrl-D nor the next one ends the shell),
// and keys are echoed by the kernel and again by libedit. libedit draws the prompt before it
// switches, so a key typed as soon as the prompt appears fell in that gap. Here the terminal
// leaves canonical mode once, before the first prompt, and stays out of it until the shell
// ends: keys typed at any moment, even during a computation, reach libedit as typed. Keys typed
// while the shell was starting were cooked already; they are read off first as whole lines.
// Every switch waits for output to drain and none flushes input.

#if canImport(Glibc)
    import Glibc
#endif

/// What was typed before the shell took the terminal, read back as the kernel cooked it.
enum TypedAhead: Equatable {
    /// A line ended by Enter (or by Ctrl-D after some text).
    case line(String)
    /// Ctrl-D on an empty line.
    case endOfInput
}

/// Takes the terminal out of canonical mode for the shell's lifetime and gives it back.
enum TerminalMode {
    /// The settings the terminal had before the shell changed them.
    nonisolated(unsafe) private static var original = termios()
    /// Whether `original` holds settings to give back.
    nonisolated(unsafe) private static var isHeld = false
    /// The actions that the restoring signal handler replaced, one per signal number.
    nonisolated(unsafe) private static var replacedActions = UnsafeMutablePointer<sigaction>.allocate(
        capacity: Int(NSIG))
    /// Signals that end the process: each gives the terminal back first.
    private static let endingSignals = [SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP]

    /// Keeps the terminal's settings and stops it from turning Ctrl-D into an end-of-file mark
    /// from now on. Call before libedit starts: libedit keeps the settings it finds. Returns
    /// false when standard input is not a terminal.
    @discardableResult
    static func hold() -> Bool {
        guard !isHeld, tcgetattr(0, &original) == 0 else { return isHeld }
        isHeld = true
        var settings = original
        withUnsafeMutableBytes(of: &settings.c_cc) { $0[Int(VEOF)] = 0 }  // 0 is _POSIX_VDISABLE
        _ = tcsetattr(0, TCSADRAIN, &settings)
        installRestoringHandlers()
        return true
    }

    /// The lines and ends of input that the kernel completed before `hold()`: in canonical mode
    /// only those are readable; a line still being typed stays queued and reaches libedit once
    /// the terminal leaves canonical mode. Stops at the first end of input.
    static func readCookedInput() -> [TypedAhead] {
        var typed: [TypedAhead] = []
        var line: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var request = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, 0) > 0, request.revents & Int16(POLLIN) != 0 else { break }
            let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                if count == 0 { typed.append(.endOfInput) }
                break
            }
            line += buffer[0..<count]
            // A read shorter than the buffer ends at a line's end or at an end-of-file mark.
            if line.last == UInt8(ascii: "\n") || count < buffer.count {
                if line.last == UInt8(ascii: "\n") { line.removeLast() }
                typed.append(.line(String(decoding: line, as: UTF8.self)))
                line = []
            }
        }
        if !line.isEmpty { typed.append(.line(String(decoding: line, as: UTF8.self))) }
        return typed
    }

    /// Gives the terminal its settings back, waiting for output to drain.
    static func restore() {
        guard isHeld else { return }
        isHeld = false
        _ = tcsetattr(0, TCSADRAIN, &original)
        for signal in endingSignals { sigaction(signal, replacedActions + Int(signal), nil) }
    }

    /// Gives the terminal its settings back from a signal handler (async-signal-safe).
    static func restoreFromSignal() {
        guard isHeld else { return }
        _ = tcsetattr(0, TCSANOW, &original)
    }

    /// Makes each ending signal give the terminal back, then do what it did before: the old
    /// action is put back and the signal raised again (a fault simply happens again).
    private static func installRestoringHandlers() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            TerminalMode.restoreFromSignal()
            sigaction(signal, TerminalMode.replacedActions + Int(signal), nil)
            raise(signal)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for signal in endingSignals {
            sigaction(signal, &action, replacedActions + Int(signal))
            sigaddset(&blocked, signal)
        }
        // A parent may have started the process with them blocked; they must reach it.
        pthread_sigmask(SIG_UNBLOCK, &blocked, nil)
    }
}
