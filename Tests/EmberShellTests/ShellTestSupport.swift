import EmberShell

/// A session whose output and errors are collected as text.
final class CapturedSession {
    private(set) var output = ""
    let session: ShellSession

    init(seed: UInt64 = 0) {
        var sink = ""
        session = ShellSession(seed: seed, write: { sink += $0 })
        session.interpreter.context.write = { [unowned self] in self.output += $0 }
        session.writeError = { [unowned self] in self.output += $0 }
        _ = sink
    }

    /// Runs `source` and returns what it printed.
    @discardableResult
    func run(_ source: String) -> String {
        let start = output.endIndex
        session.execute(source)
        return String(output[start...])
    }
}
