import EmberShell
import Foundation
import Testing

/// A file runs the same way as a script, on a pipe and as a replay: blank lines inside a block
/// keep it open, and `%` commands work in each.
@Suite struct ScriptInputTests {
    static let script = """
        # A function with a blank line in its body.
        def f(x):
            y = x + 1

            return y * 2

        f(3)
        %time z = f(4)
        for i in range(2):
            print(i)
        # A comment at the margin ends the loop's cell in a replay.
            
        print(z)
        """

    @Test func blankLinesInsideABlockKeepItOpen() {
        var collector = InputCollector(interactive: false)
        var inputs: [String] = []
        for line in ["def f():", "    a = 1", "", "   ", "    # note", "    return a", "", "f()"] {
            inputs += collector.feed(line)
        }
        inputs += collector.finish().map { [$0] } ?? []
        #expect(inputs == ["def f():\n    a = 1\n\n   \n    # note\n    return a", "f()"])
        // At the prompt an empty line still ends the block, as in Python's REPL.
        var prompt = InputCollector()
        #expect(prompt.feed("for i in []:") == [] && prompt.feed("    pass") == [])
        #expect(prompt.feed("") == ["for i in []:\n    pass"])
    }

    @Test func sessionFileCellsKeepBlankLinesOfTheirBlocks() {
        let (cells, _) = SessionFile.split(ScriptInputTests.script)
        #expect(
            cells.map(\.source) == [
                "def f(x):\n    y = x + 1\n\n    return y * 2", "f(3)", "%time z = f(4)",
                "for i in range(2):\n    print(i)", "print(z)",
            ])
        #expect(cells[4].commentary == ["A comment at the margin ends the loop's cell in a replay."])
    }

    @Test func aScriptRunsItsInputsAndMagicsAndNamesTheFileLine() {
        let shell = CapturedSession()
        let outcome = ScriptRunner(session: shell.session).run(ScriptInputTests.script, path: "lesson.ember")
        #expect(outcome == .success)
        #expect(shell.output.hasPrefix("8\n"))
        #expect(shell.output.contains("Wall time: "))
        #expect(shell.output.hasSuffix("0\n1\n10\n"))
        let failing = CapturedSession()
        let result = ScriptRunner(session: failing.session).run(
            "x = 1\n\ndef g():\n\n    return undefined_thing\n\ng()\nprint('not reached')\n", path: "bad.ember")
        #expect(result == .failure)
        #expect(
            failing.output
                == "Traceback (most recent call last):\n  File \"bad.ember\", line 7, in <module>\n"
                + "  File \"bad.ember\", line 5, in g\n"
                + "bad.ember:5:12: NameError: name 'undefined_thing' is not defined\n        return undefined_thing\n"
                + "               ^^^^^^^^^^^^^^^\n")
    }

    @Test func aReplayShowsEachInputOnceBeforeWaiting() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("step-\(UUID()).ember").path
        try Data(ScriptInputTests.script.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let replayer = Replayer(file: try SessionFile(path: path))
        var text = ""
        var seenWhenAsked: [String] = []
        replayer.beforeCell = { number, _ in
            seenWhenAsked.append(text)
            return number < 2
        }
        let failures = replayer.replay { text += $0 }
        #expect(failures == 0)
        // The commentary and the input are shown before the wait, once; the output after it.
        #expect(
            seenWhenAsked[0].hasSuffix(
                "# A function with a blank line in its body.\nIn [1]: def f(x):\n   ...:     y = x + 1\n   ...: \n   ...:     return y * 2\n"
            ))
        #expect(seenWhenAsked[1].hasSuffix("In [2]: f(3)\n"))
        #expect(text.components(separatedBy: "In [2]: f(3)").count == 2)
        // Stopping at the second input leaves its output, and the rest, unrun.
        #expect(!text.contains("Out[2]") && !text.contains("In [3]"))
    }
}
