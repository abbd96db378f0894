import EmberShell
import Foundation
import Testing

/// Every session in sessions/ replayed and compared with its recorded transcript, and the
/// round trip from an interactive session through %save to a replay.
@Suite struct SessionTests {
    static var sessionsFolder: URL { EmberBinary.projectRoot.appendingPathComponent("sessions") }

    static func sessionPaths() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sessionsFolder.path)) ?? []
        return names.filter { $0.hasSuffix(".ember") }.sorted().map { sessionsFolder.appendingPathComponent($0).path }
    }

    @Test func thereAreSessions() {
        #expect(SessionTests.sessionPaths().count >= 5)
    }

    @Test(arguments: SessionTests.sessionPaths())
    func sessionReplayMatchesItsTranscript(_ path: String) throws {
        let result = try EmberBinary.run(["replay", "--check", path])
        #expect(result.status == 0, "\(result.output)\(result.error)")
    }

    @Test func savedSessionReplaysTheInteractiveOutputs() throws {
        var interactive = ""
        let session = ShellSession(write: { interactive += $0 })
        let repl = REPL(session: session)
        let inputs = [
            "seed(1)", "x = randn(2, 3)", "x", "y = x.sum(dim=1)", "y * 2", "undefined_name",
            "net = Sequential(Linear(3, 2), ReLU())",
            "net(x)", "for i in range(2):\n    print(i)",
        ]
        var shown: [String] = []
        for input in inputs {
            interactive = ""
            repl.submit(input)
            if !input.contains("undefined") { shown.append(interactive) }
        }
        let path = NSTemporaryDirectory() + "ember-saved-\(UUID().uuidString).ember"
        defer { try? FileManager.default.removeItem(atPath: path) }
        interactive = ""
        #expect(repl.submit("%save \(path)") == .success)
        #expect(interactive == "Saved 8 inputs to \(path)\n")
        let file = try SessionFile(path: path)
        #expect(file.cells.map(\.source) == inputs.filter { !$0.contains("undefined") })
        // Replayed, each input prints what it printed interactively (values after `Out[n]: `).
        for (index, cell) in file.cells.enumerated() {
            var replayed = ""
            let replay = ShellSession(write: { replayed += $0 })
            replay.writeValue = { _, text in replayed += text + "\n" }
            for earlier in file.cells[..<index] { replay.execute(earlier.source) }
            replayed = ""
            replay.execute(cell.source)
            #expect(replayed == shown[index], "input \(index + 1): \(cell.source)")
        }
    }

    @Test func sessionFilesSplitIntoCellsWithTheirCommentary() {
        let (cells, trailing) = SessionFile.split(
            """
            # A lesson.

            x = 1
            for i in range(2):
                x += i
            # Now print it.
            print(x)
            net = Sequential(Linear(2, 2),
                             ReLU())
            # The end.
            """)
        #expect(
            cells.map(\.source) == [
                "x = 1", "for i in range(2):\n    x += i", "print(x)",
                "net = Sequential(Linear(2, 2),\n                 ReLU())",
            ])
        #expect(cells[0].commentary == ["A lesson."])
        #expect(cells[2].commentary == ["Now print it."])
        #expect(trailing == ["The end."])
    }

    @Test func unifiedDiffShowsChangedLines() {
        let diff = unifiedDiff(expected: "a\nb\nc\n", actual: "a\nB\nc\n", expectedName: "old", actualName: "new")
        #expect(diff == "--- old\n+++ new\n@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n ")
        #expect(unifiedDiff(expected: "same", actual: "same", expectedName: "a", actualName: "b") == nil)
    }
}
