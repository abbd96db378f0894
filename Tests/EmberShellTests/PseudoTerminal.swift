import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The `ember` binary running in a pseudo-terminal of its own, so that it believes a person is
/// typing: the tests write keys to it and read the screen's bytes back.
final class PseudoTerminal {
    /// The child's process id.
    let pid: pid_t
    /// The terminal's controlling side.
    private let terminal: Int32
    /// Everything the child has written so far.
    private(set) var output: [UInt8] = []
    private var status: Int32?

    /// Starts `program` (ember unless told) with `arguments`, and `environment` added to this
    /// process's environment.
    init(program: String = EmberBinary.path, arguments: [String] = [], environment: [String: String]) throws {
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        // C strings are made before the fork: the child may only exec.
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var descriptor: Int32 = -1
        let child = forkpty(&descriptor, nil, nil, nil)
        if child == 0 {
            // As a terminal's shell would: no signal blocked (test threads block some).
            var none = sigset_t()
            sigemptyset(&none)
            sigprocmask(SIG_SETMASK, &none, nil)
            execve(program, argv, envp)
            _exit(127)
        }
        guard child > 0 else { throw POSIXError(.EAGAIN) }
        pid = child
        terminal = descriptor
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var ignored: Int32 = 0
            waitpid(pid, &ignored, 0)
        }
        close(terminal)
    }

    /// The output so far as text, line ends as the terminal sends them (CR LF).
    var text: String { String(decoding: output, as: UTF8.self) }

    /// Types `keys`.
    func send(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBytes { write(terminal, $0.baseAddress, $0.count) }
    }

    /// Reads output until `marker` has appeared `occurrences` times in all; false at `timeout`.
    @discardableResult
    func waitFor(_ marker: String, occurrences: Int = 1, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while text.components(separatedBy: marker).count - 1 < occurrences {
            guard Date() < deadline, readSome(until: deadline) else { return false }
        }
        return true
    }

    /// Waits for the child to end, reading what it writes; its wait status, or nil at `timeout`.
    func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while status == nil {
            var word: Int32 = 0
            if waitpid(pid, &word, WNOHANG) == pid {
                status = word
                break
            }
            guard Date() < deadline else { return nil }
            _ = readSome(until: min(deadline, Date().addingTimeInterval(0.05)))
        }
        while readSome(until: Date().addingTimeInterval(0.05)) {}
        return status
    }

    /// Reads what is there before `deadline`; false when nothing more can come.
    private func readSome(until deadline: Date) -> Bool {
        var request = pollfd(fd: terminal, events: Int16(POLLIN), revents: 0)
        let milliseconds = max(Int32(deadline.timeIntervalSinceNow * 1000), 0)
        guard poll(&request, 1, milliseconds) > 0 else { return Date() < deadline }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(terminal, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        output += buffer[0..<count]
        return true
    }
}
