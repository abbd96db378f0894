// Starting child processes for the start-up and memory figures: one in a pseudo-terminal, so
// that `ember` believes a person is typing and shows its prompt, and one run to completion
// whose output is collected. Arguments are turned into C strings before forking, because the
// child of a fork may only call async-signal-safe functions until it execs.

import Ember
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// C strings for `execve`, kept alive until `release()`.
struct CStringList {
    private(set) var pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    func release() {
        for pointer in pointers { free(pointer) }
    }
}

/// The environment of this process with `overrides` applied, as `NAME=value` strings.
func environment(overriding overrides: [String: String]) -> [String] {
    ProcessInfo.processInfo.environment.merging(overrides) { $1 }.map { "\($0.key)=\($0.value)" }.sorted()
}

/// The exit status of a child from `waitpid`'s status word, or nil when a signal ended it.
func exitCode(fromWaitStatus status: Int32) -> Int32? {
    status & 0x7F == 0 ? (status >> 8) & 0xFF : nil
}

/// An error about a child process, naming the program.
func launchError(_ program: String, _ message: String) -> EmberError {
    EmberError.invalidArgument(function: "bench", message: "\(program): \(message)")
}

/// Starts `program` with `arguments` in a new pseudo-terminal, waits until its output contains
/// `marker`, then sends `input` and waits for it to exit. Returns the seconds from the fork to
/// the marker's arrival. Throws when the marker does not come within `timeout` seconds, or the
/// program has not closed the terminal `timeout` seconds after the input (a program that
/// dropped the input would otherwise cost every launch the whole wait).
public func timeUntilOutput(
    program: String, arguments: [String], marker: String, thenSend input: String,
    environment overrides: [String: String] = [:], timeout: Double = 20
) throws -> Double {
    let argv = CStringList([program] + arguments)
    let envp = CStringList(environment(overriding: overrides))
    defer {
        argv.release()
        envp.release()
    }
    var terminal: Int32 = -1
    let start = monotonicSeconds()
    let pid = forkpty(&terminal, nil, nil, nil)
    if pid == 0 {
        execve(program, argv.pointers, envp.pointers)
        _exit(127)
    }
    guard pid > 0 else { throw launchError(program, "cannot start it in a terminal (errno \(errno))") }
    defer {
        close(terminal)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
    let found = readUntil(Array(marker.utf8), from: terminal, deadline: start + timeout)
    let elapsed = monotonicSeconds() - start
    guard found else {
        kill(pid, SIGKILL)
        throw launchError(program, "no '\(marker)' within \(Int(timeout)) s")
    }
    _ = input.withCString { write(terminal, $0, strlen($0)) }
    // Drain what the child still writes so that it never blocks on a full terminal.
    guard readUntil(nil, from: terminal, deadline: monotonicSeconds() + timeout) else {
        kill(pid, SIGKILL)
        throw launchError(program, "still running \(Int(timeout)) s after its input")
    }
    return elapsed
}

/// Reads `descriptor` until `marker` has appeared (or, with no marker, until the other end
/// closes) or `deadline` passes; true when what was waited for happened.
private func readUntil(_ marker: [UInt8]?, from descriptor: Int32, deadline: Double) -> Bool {
    var seen: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while case let remaining = deadline - monotonicSeconds(), remaining > 0 {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, Int32(remaining * 1000) + 1) > 0 else { continue }
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        // End of file, or EIO once the child has closed its side of the terminal.
        guard count > 0 else { return marker == nil }
        guard let marker else { continue }
        seen += buffer[0..<count]
        if seen.count >= marker.count,
            (0...seen.count - marker.count).contains(where: { seen[$0..<$0 + marker.count].elementsEqual(marker) })
        {
            return true
        }
    }
    return false
}

/// What a finished child did: its output and wall-clock time.
struct ChildRun {
    var output: String
    var seconds: Double
}

/// Runs `program` with `arguments` to completion, its input on /dev/null, its output collected
/// and its errors on ours; throws when it fails.
func runToCompletion(program: String, arguments: [String]) throws -> ChildRun {
    let argv = CStringList([program] + arguments)
    let envp = CStringList(environment(overriding: [:]))
    defer {
        argv.release()
        envp.release()
    }
    var pipeEnds: [Int32] = [-1, -1]
    guard pipe(&pipeEnds) == 0 else { throw launchError(program, "cannot make a pipe (errno \(errno))") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
    posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
    posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
    var pid: pid_t = 0
    let start = monotonicSeconds()
    let spawned = posix_spawn(&pid, program, &actions, nil, argv.pointers, envp.pointers)
    close(pipeEnds[1])
    defer { close(pipeEnds[0]) }
    guard spawned == 0 else { throw launchError(program, "cannot start it (errno \(spawned))") }
    let output = readAll(pipeEnds[0])
    var status: Int32 = 0
    guard waitpid(pid, &status, 0) == pid else { throw launchError(program, "lost track of the child") }
    let seconds = monotonicSeconds() - start
    guard let code = exitCode(fromWaitStatus: status) else {
        throw launchError(program, "ended by signal \(status & 0x7F)")
    }
    guard code == 0 else { throw launchError(program, "exited with status \(code)") }
    return ChildRun(output: output, seconds: seconds)
}

/// Everything readable from `descriptor` until end of file, as text.
private func readAll(_ descriptor: Int32) -> String {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while case let count = buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }), count != 0 {
        if count < 0 {
            if errno == EINTR { continue }
            break
        }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// The path of the running executable, from /proc/self/exe.
public func currentExecutablePath() -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
