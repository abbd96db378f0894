import EmberShell
import Foundation
import Testing

/// The language's golden scripts: each `Golden/NAME.ember` is run input by input, as a file is
/// at the prompt, errors and all, and what it prints must equal `Golden/NAME.expected` exactly.
/// After a deliberate change, the expected output is remade with `EMBER_GOLDEN_UPDATE=1`.
@Suite struct GoldenTests {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    static func scripts() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".ember") }.map { String($0.dropLast(6)) }.sorted()
    }

    /// What the script prints: each input's output, an error's report included, and the rest
    /// of the script runs after an error.
    static func output(of name: String, text: String) -> String {
        var output = ""
        let session = ShellSession(write: { output += $0 })
        session.interpreter.context.write = { output += $0 }
        session.writeError = { output += $0 }
        // Times and speeds vary from run to run; the expected output leaves them out.
        session.interpreter.context.stableOutput = true
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var collector = InputCollector(interactive: false)
        var nextLine = 0
        func run(_ input: String) {
            while nextLine < lines.count, lines[nextLine].trimmingCharacters(in: .whitespaces).isEmpty {
                nextLine += 1
            }
            let firstLine = nextLine + 1
            nextLine += input.split(separator: "\n", omittingEmptySubsequences: false).count
            session.execute(input, origin: name + ".ember", firstLine: firstLine, fileText: text)
        }
        for line in lines {
            for input in collector.feed(line) { run(input) }
        }
        if let last = collector.finish() { run(last) }
        return output
    }

    @Test func thereIsAScriptForEveryConstruct() {
        #expect(GoldenTests.scripts().count >= 10)
    }

    @Test(arguments: GoldenTests.scripts())
    func scriptPrintsItsExpectedOutput(_ name: String) throws {
        let script = GoldenTests.folder.appendingPathComponent(name + ".ember")
        let expected = GoldenTests.folder.appendingPathComponent(name + ".expected")
        let output = GoldenTests.output(of: name, text: try String(contentsOf: script, encoding: .utf8))
        if ProcessInfo.processInfo.environment["EMBER_GOLDEN_UPDATE"] == "1" {
            try output.write(to: expected, atomically: true, encoding: .utf8)
        }
        #expect(output == (try String(contentsOf: expected, encoding: .utf8)))
    }
}
