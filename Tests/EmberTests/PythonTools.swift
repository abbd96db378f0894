// Running the Python checkers in Tests/EmberTests/Python with the interpreter of the virtual
// environment scripts/test-tools makes (onnx, onnxruntime, numpy, safetensors), found through
// EMBER_TEST_PYTHON. Without it the checks are skipped on a developer's machine, but CI must
// run them, so there its absence is a failure.

import Foundation
import Testing

enum PythonTools {
    /// The interpreter scripts/test exports, if any.
    static let interpreter: String? = ProcessInfo.processInfo.environment["EMBER_TEST_PYTHON"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// True where the checks must run: with an interpreter, or in CI, where a missing one fails.
    static let enabled = interpreter != nil || ProcessInfo.processInfo.environment["CI"] == "true"

    /// The reason shown when the checks are skipped.
    static let skipReason: Comment =
        "EMBER_TEST_PYTHON is unset: run scripts/test, or set it to the python of scripts/test-tools"

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "CI=true but EMBER_TEST_PYTHON is unset: the Python interoperability checks cannot run"
        }
    }

    /// The path of a checker script.
    static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/" + name).path
    }

    /// Runs `script` with `arguments`; returns its exit status and what it printed (both streams).
    static func run(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        guard let interpreter else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = [self.script(script)] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
