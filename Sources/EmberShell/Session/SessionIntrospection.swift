// What a front end other than the terminal (a notebook kernel) asks a session about its inputs:
// whether code parses as it stands, and the printout an input displayed.

extension ShellSession {
    /// Whether `source` parses as it stands (complete or not, it has no syntax error).
    public static func parses(_ source: String) -> Bool {
        (try? Parser.parse(source)) != nil
    }

    /// The printout of `Out[number]`, or nil when that input displayed nothing.
    public func outputText(_ number: Int) -> String? {
        guard let entry = outputs.entries.first(where: { if case .int(number) = $0.key { true } else { false } })
        else { return nil }
        return interpreter.repr(entry.value)
    }
}
