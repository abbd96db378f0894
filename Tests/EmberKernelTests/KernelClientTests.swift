// The kernel driven by the real Jupyter client: each test runs one scenario of
// Python/kernel_session.py (or jupyter_kernel_test's conformance suite) with the interpreter of
// scripts/test-tools against the `ember` built beside the tests. Without EMBER_TEST_PYTHON the
// tests are skipped on a developer's machine; with CI=true its absence is a failure.

import Foundation
import Testing

enum JupyterClient {
    static let interpreter: String? = ProcessInfo.processInfo.environment["EMBER_TEST_PYTHON"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// True where the scenarios must run: with an interpreter, or in CI.
    static let enabled = interpreter != nil || ProcessInfo.processInfo.environment["CI"] == "true"

    /// The `ember` executable built beside the test bundle.
    static var ember: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ember").path
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "CI=true but EMBER_TEST_PYTHON is unset: the Jupyter client tests cannot run" }
    }

    /// Runs `script` with the ember binary and `arguments`; returns its status and everything it printed.
    static func run(_ script: String, _ arguments: [String] = []) throws -> (status: Int32, output: String) {
        guard let interpreter else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python")
        process.arguments = [folder.appendingPathComponent(script).path, ember] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

@Suite(
    .enabled(
        if: JupyterClient.enabled,
        "EMBER_TEST_PYTHON is unset: run scripts/test, or set it to the python of scripts/test-tools"))
struct KernelClientTests {
    @Test(
        arguments: [
            "execute", "block", "error", "complete", "inspect", "is_complete", "interrupt", "signal", "stdin",
            "robustness", "image", "fit", "restart",
        ])
    func scenarioPassesWithJupyterClient(_ scenario: String) throws {
        let (status, output) = try JupyterClient.run("kernel_session.py", [scenario])
        #expect(status == 0, "\(output)")
        #expect(output.contains("\(scenario): passed"), "\(output)")
    }

    @Test func jupyterKernelTestConformanceSuitePasses() throws {
        let (status, output) = try JupyterClient.run("conformance.py")
        #expect(status == 0, "\(output)")
        #expect(output.contains("\nOK"), "\(output)")
    }
}

@Suite(
    .enabled(
        if: JupyterClient.enabled,
        "EMBER_TEST_PYTHON is unset: run scripts/test, or set it to the python of scripts/test-tools"))
struct NotebookTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(arguments: ["backprop-by-hand", "optimizers", "filters", "tutorial-cnn", "fashion"])
    func sessionNotebookValidatesAndReplaysToItsOutputs(_ name: String) throws {
        let session = NotebookTests.root.appendingPathComponent("sessions/\(name).ember").path
        let (status, output) = try JupyterClient.run("notebooks.py", [session])
        #expect(status == 0, "\(output)")
    }

    @Test func nbclientRunsTheTutorialNotebookWithTheKernel() throws {
        let session = NotebookTests.root.appendingPathComponent("sessions/tutorial-cnn.ember").path
        let (status, output) = try JupyterClient.run("notebooks.py", [session, "--execute"])
        #expect(status == 0, "\(output)")
    }
}
