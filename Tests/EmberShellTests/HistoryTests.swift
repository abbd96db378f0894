import EmberShell
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A history file in a fresh temporary folder, removed afterwards.
private func withHistoryPath(_ body: (String) throws -> Void) throws {
    let folder = NSTemporaryDirectory() + "ember-history-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try body(folder + "/history")
}

private func fileText(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}

/// The history file: written entry by entry, shared by sessions, trimmed without losing entries.
@Suite struct HistoryFileTests {
    @Test func entriesOfSeveralLinesComeBackWhole() throws {
        try withHistoryPath { path in
            let file = HistoryFile(path: path)
            try file.append("x = 1")
            try file.append("for i in range(2):\n    print(i)")
            try file.append("s = 'a\\nb'  # a backslash-n stays as typed")
            #expect(
                try file.load() == [
                    "x = 1", "for i in range(2):\n    print(i)", "s = 'a\\nb'  # a backslash-n stays as typed",
                ])
            #expect(
                fileText(path)
                    == "x = 1\nfor i in range(2):\r\n    print(i)\ns = 'a\\nb'  # a backslash-n stays as typed\n")
        }
    }

    @Test func twoWritersInterleaveTheirEntries() throws {
        try withHistoryPath { path in
            let (first, second) = (HistoryFile(path: path), HistoryFile(path: path))
            try first.append("a = 1")
            try second.append("b = 2")
            try first.append("a = 3")
            #expect(try HistoryFile(path: path).load() == ["a = 1", "b = 2", "a = 3"])
        }
    }

    @Test func trimmingKeepsTheNewestEntriesOfEveryWriter() throws {
        try withHistoryPath { path in
            let (first, second) = (HistoryFile(path: path, limit: 10), HistoryFile(path: path, limit: 10))
            for i in 0..<15 { try (i % 2 == 0 ? first : second).append("line \(i)") }
            // 15 entries: still under half as many again as the cap, so nothing is rewritten.
            #expect(try HistoryFile(path: path, limit: 100).load().count == 15)
            try second.append("line 15")
            #expect(try HistoryFile(path: path, limit: 100).load() == (6...15).map { "line \($0)" })
            try first.append("line 16")
            #expect(try first.load() == (7...16).map { "line \($0)" })
        }
    }

    @Test func libeditsOwnFormatIsRead() throws {
        try withHistoryPath { path in
            try "_HiStOrY_V2_\na\\040b\\011c\\134d\nnext\\040\\012line\n".write(
                toFile: path, atomically: true, encoding: .utf8)
            #expect(try HistoryFile(path: path).load() == ["a b\tc\\d", "next \nline"])
        }
    }

    @Test func aFileInLibeditsFormatBecomesPlainTextWhenAddedTo() throws {
        try withHistoryPath { path in
            try "_HiStOrY_V2_\nold\\040line\n".write(toFile: path, atomically: true, encoding: .utf8)
            try HistoryFile(path: path).append("print('\\101')")
            #expect(fileText(path) == "old line\nprint('\\101')\n")
            #expect(try HistoryFile(path: path).load() == ["old line", "print('\\101')"])
        }
    }

    @Test func aFileThatCannotBeWrittenIsNamed() throws {
        try withHistoryPath { path in
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            #expect(throws: HistoryFileError(path: path, message: "cannot write it (Is a directory)")) {
                try HistoryFile(path: path).append("x")
            }
        }
    }
}

/// The shell writes each line as it is entered: a session ended by a signal loses nothing, and
/// two sessions at once keep each other's lines.
@Suite struct ShellHistoryTests {
    private func session(_ path: String) throws -> PseudoTerminal {
        let shell = try PseudoTerminal(environment: ["EMBER_HISTORY": path, "NO_COLOR": "1"])
        #expect(shell.waitFor(">>> "))
        return shell
    }

    @Test(arguments: [SIGTERM, SIGHUP])
    func linesSurviveASignal(_ signal: Int32) throws {
        try withHistoryPath { path in
            let shell = try session(path)
            shell.send("answer = 42\n")
            shell.send("for i in range(2):\n    answer += i\n\n")
            #expect(shell.waitFor(">>> ", occurrences: 3))
            kill(shell.pid, signal)
            #expect(shell.waitForExit() != nil)
            #expect(fileText(path) == "answer = 42\nfor i in range(2):\r\n    answer += i\n")
        }
    }

    @Test func twoSessionsAtOnceKeepEachOthersLines() throws {
        try withHistoryPath { path in
            try "older = 1\n".write(toFile: path, atomically: true, encoding: .utf8)
            let (first, second) = (try session(path), try session(path))
            first.send("a = 1\n")
            #expect(first.waitFor(">>> ", occurrences: 2))
            second.send("b = 2\n")
            #expect(second.waitFor(">>> ", occurrences: 2))
            first.send("a = 3\n\u{04}")
            #expect(first.waitForExit() == 0)
            second.send("\u{04}")
            #expect(second.waitForExit() == 0)
            #expect(fileText(path) == "older = 1\na = 1\nb = 2\na = 3\n")
        }
    }

    @Test func upRecallsALineOfTheFile() throws {
        try withHistoryPath { path in
            try "recalled = 7\n".write(toFile: path, atomically: true, encoding: .utf8)
            let shell = try session(path)
            shell.send("\u{1B}[A\n")
            #expect(shell.waitFor(">>> ", occurrences: 2))
            shell.send("recalled\n\u{04}")
            #expect(shell.waitForExit() == 0)
            #expect(shell.text.contains("\r\n7\r\n"), "\(shell.text)")
        }
    }
}
