import Foundation
import Testing

/// Runs the built `ember` binary, as a user or a script would.
enum EmberBinary {
    /// The `ember` executable built beside the test bundle.
    static var path: String {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return directory.appendingPathComponent("ember").path
    }

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs ember with `arguments`, feeding `input` on a pipe.
    static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        variables["EMBER_HISTORY"] = ""
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let error = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            error: String(decoding: error, as: UTF8.self))
    }

    static var projectRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }
}

@Suite struct BinaryTests {
    @Test func runsCodeGivenWithC() throws {
        let result = try EmberBinary.run(["-c", "1 + 1"])
        #expect(result.output == "2\n")
        #expect(result.status == 0)
    }

    @Test func pipedInputHasNoPromptsOrEscapes() throws {
        let result = try EmberBinary.run([], input: "x = randn(3)\nfor i in range(2):\n    print(i)\nx.shape\n")
        #expect(result.output == "0\n1\ntorch.Size([3])\n")
        #expect(!result.output.contains("\u{1B}"))
        #expect(result.status == 0)
    }

    @Test func scriptStopsAtTheFirstErrorNamingTheLine() throws {
        let path = NSTemporaryDirectory() + "ember-script-\(UUID().uuidString).ember"
        try "print('before')\nx = Linear(320, 120)(zeros(8, 500))\nprint('after')\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try EmberBinary.run([path])
        #expect(result.status == 1)
        #expect(result.output == "before\n")
        #expect(
            result.error.hasPrefix(
                "\(path):2:5: RuntimeError: Linear(320 → 120): expected input [N, 320], got [8, 500]"))
    }

    @Test func versionAndHelp() throws {
        #expect(try EmberBinary.run(["--version"]).output == "ember 0.1.0\n")
        #expect(try EmberBinary.run(["--help"]).output.contains("replay"))
    }

    @Test func replayWritesMarkdownAndStepsOnEnter() throws {
        let session = EmberBinary.projectRoot.appendingPathComponent("sessions/backprop-by-hand.ember").path
        let markdown = try EmberBinary.run(["replay", "--markdown", session])
        #expect(markdown.status == 0)
        #expect(
            markdown.output.hasPrefix("Backpropagation by hand: a two-layer network learns XOR, one call at a time."))
        #expect(
            markdown.output.contains("```python\nnet[0].weight\n```\n\n```\nParameter containing:\n"),
            "\(markdown.output)")
        let stepped = try EmberBinary.run(["replay", "--step", session], input: "\n\nq\n")
        #expect(stepped.output.contains("In [2]: set_printoptions(precision=4)"))
        // Each input is shown once, before Enter runs it; q quits before the next.
        #expect(
            stepped.output.contains(
                "In [3]: x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]])\n(Enter runs it; q quits) "))
        #expect(stepped.output.components(separatedBy: "In [3]: x =").count == 2)
        #expect(!stepped.output.contains("In [4]"))
    }

    @Test func lineEditorWorksInATerminal() throws {
        guard FileManager.default.fileExists(atPath: "/usr/bin/tmux") else {
            Issue.record(
                "tmux is not installed: the line-editor test cannot run (scripts/install-dependencies installs it)")
            return
        }
        let script = EmberBinary.projectRoot.appendingPathComponent("Tests/EmberShellTests/Interactive/line-editor.sh")
            .path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script, EmberBinary.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
