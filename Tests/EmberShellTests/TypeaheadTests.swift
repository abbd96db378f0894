import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Keys typed at any moment of start-up reach the shell: a Ctrl-D sent as soon as the first
/// prompt shows, and lines typed before it shows. Each check launches ember many times, a few
/// at once, because the fault it guards against struck about one start in four.
@Suite struct TypeaheadTests {
    /// Runs `launch` `count` times, `parallel` at a time; returns the failures' descriptions.
    private func launches(_ count: Int, parallel: Int = 8, _ launch: @escaping @Sendable () -> String?) -> [String] {
        let failures = Mutex<[String]>([])
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: parallel) { _ in
            while next.add(1, ordering: .relaxed).oldValue < count {
                if let failure = launch() { failures.withLock { $0.append(failure) } }
            }
        }
        return failures.withLock { $0 }
    }

    @Test func ctrlDAsSoonAsThePromptShowsEndsTheShell() throws {
        let failures = launches(200) {
            guard let shell = try? PseudoTerminal(environment: ["EMBER_HISTORY": ""]) else { return "cannot start" }
            guard shell.waitFor(">>> ", timeout: 20) else { return "no prompt: \(shell.text)" }
            shell.send("\u{04}")
            guard let status = shell.waitForExit(timeout: 10) else { return "still running: \(shell.text)" }
            return status == 0 ? nil : "status \(status)"
        }
        #expect(failures.isEmpty, "\(failures.count) of 200 launches: \(failures.prefix(3))")
    }

    @Test func linesTypedBeforeThePromptRun() throws {
        let failures = launches(100) {
            guard let shell = try? PseudoTerminal(environment: ["EMBER_HISTORY": "", "NO_COLOR": "1"]) else {
                return "cannot start"
            }
            shell.send("1+1\n")
            guard shell.waitFor("\r\n2\r\n", timeout: 20) else { return "no 2: \(shell.text)" }
            shell.send("\u{04}")
            return shell.waitForExit(timeout: 10) == nil ? "still running: \(shell.text)" : nil
        }
        #expect(failures.isEmpty, "\(failures.count) of 100 launches: \(failures.prefix(3))")
    }

    @Test func ctrlDTypedBeforeThePromptEndsTheShell() throws {
        let failures = launches(100) {
            guard let shell = try? PseudoTerminal(environment: ["EMBER_HISTORY": ""]) else { return "cannot start" }
            shell.send("2*3\n\u{04}")
            guard let status = shell.waitForExit(timeout: 20) else { return "still running: \(shell.text)" }
            guard shell.text.contains("\r\n6\r\n") else { return "no 6: \(shell.text)" }
            return status == 0 ? nil : "status \(status)"
        }
        #expect(failures.isEmpty, "\(failures.count) of 100 launches: \(failures.prefix(3))")
    }

    @Test func keysTypedDuringAComputationReachTheNextPrompt() throws {
        let shell = try PseudoTerminal(environment: ["EMBER_HISTORY": "", "NO_COLOR": "1"])
        #expect(shell.waitFor(">>> "))
        shell.send("s = sum(range(300000))\n")
        shell.send("s\n\u{04}")
        #expect(shell.waitForExit() == 0)
        #expect(shell.text.contains("\r\n44999850000\r\n"), "\(shell.text)")
    }

    @Test func nonASCIITextIsKeptInTheCLocale() throws {
        let shell = try PseudoTerminal(environment: ["EMBER_HISTORY": "", "NO_COLOR": "1", "LANG": "C", "LC_ALL": ""])
        #expect(shell.waitFor(">>> "))
        shell.send("len('é→')\n\u{04}")
        #expect(shell.waitForExit() == 0)
        #expect(shell.text.contains("\r\n2\r\n"), "\(shell.text)")
    }

    /// The terminal's settings as `stty` prints them after ember ended in the way `end` says.
    private func settingsAfter(_ end: (PseudoTerminal, pid_t) -> Void) throws -> String {
        let shell = try PseudoTerminal(
            program: "/bin/sh", arguments: ["-c", "'\(EmberBinary.path)'; stty -a"], environment: ["EMBER_HISTORY": ""])
        #expect(shell.waitFor(">>> "))
        let children =
            (try? String(contentsOfFile: "/proc/\(shell.pid)/task/\(shell.pid)/children", encoding: .utf8)) ?? ""
        let ember = pid_t(children.split(separator: " ").first.flatMap { Int32($0) } ?? 0)
        // Never signal pid 0: that would be this test process's whole group.
        try #require(ember > 0, "no ember child under the shell: \(children)")
        end(shell, ember)
        #expect(shell.waitForExit() == 0)
        return shell.text
    }

    @Test func theTerminalGetsItsSettingsBackAtCtrlDAndSIGTERM() throws {
        for end in ["Ctrl-D", "SIGTERM"] {
            let settings = try settingsAfter { shell, ember in
                if end == "Ctrl-D" { shell.send("\u{04}") } else { kill(ember, SIGTERM) }
            }
            #expect(settings.contains(" icanon "), "\(end): \(settings)")
            #expect(settings.contains(" echo "), "\(end): \(settings)")
            #expect(settings.contains("eof = ^D"), "\(end): \(settings)")
        }
    }
}
