import EmberBenchmarks
import Foundation
import Testing

/// The start-up measurement: a child that ignores what it is sent is an error found at once,
/// not a wait that the figure silently absorbs.
@Suite struct ProcessLaunchTests {
    @Test func aChildThatEndsOnItsInputIsTimed() throws {
        let seconds = try timeUntilOutput(
            program: "/bin/sh", arguments: ["-c", "echo ready; read line"], marker: "ready", thenSend: "\n",
            timeout: 10)
        #expect(seconds > 0 && seconds < 10)
    }

    @Test func aChildThatIgnoresItsInputIsAnError() throws {
        let started = Date()
        #expect(throws: (any Error).self) {
            try timeUntilOutput(
                program: "/bin/sh", arguments: ["-c", "echo ready; sleep 30"], marker: "ready", thenSend: "\n",
                timeout: 1)
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
