// The questions a front end asks while the user types: completions (the shell's Tab
// completer), help on the name under the cursor (the `help` text), whether the input is
// complete (the shell's `...` rule) and the inputs run so far.

import EmberShell

extension ShellHandlers {
    /// complete_reply: the candidates for the word before `cursor` (counted in code points).
    func complete(code: String, cursor: Int) -> JSONObject {
        let place = CursorPlace(code: code, cursor: cursor)
        let (wordStart, candidates) = completer.completions(line: place.line, cursor: place.column)
        let start = place.lineStart + String(place.line.prefix(wordStart)).unicodeScalars.count
        return [
            "status": "ok", "matches": candidates, "cursor_start": start, "cursor_end": place.cursor,
            "metadata": [:] as JSONObject,
        ]
    }

    /// inspect_reply: the `help` text of the name, attribute or call under the cursor.
    func inspect(code: String, cursor: Int) -> JSONObject {
        let place = CursorPlace(code: code, cursor: cursor)
        guard let text = completer.helpText(line: place.line, cursor: place.column) else {
            return ["status": "ok", "found": false, "data": [:] as JSONObject, "metadata": [:] as JSONObject]
        }
        return ["status": "ok", "found": true, "data": ["text/plain": text], "metadata": [:] as JSONObject]
    }

    /// is_complete_reply: incomplete (with the next line's indent) while the shell would show
    /// `...`, invalid for a syntax error more lines cannot mend, complete otherwise.
    func isComplete(_ code: String) -> JSONObject {
        if ShellSession.needsMoreInput(code) {
            let lastLine = code.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            var indent = String(lastLine.prefix { $0 == " " || $0 == "\t" })
            if lastLine.trimmingCharacters(in: .whitespaces).hasSuffix(":") { indent += "    " }
            return ["status": "incomplete", "indent": indent]
        }
        return ["status": ShellSession.parses(code) ? "complete" : "invalid"]
    }

    /// history_reply: `tail` (the last n), `range` (inputs start..<stop) or `search` (a glob
    /// pattern, optionally unique) over the inputs of this session, as (session, line, input)
    /// or (session, line, (input, output)).
    func history(_ request: JSONObject) -> JSONObject {
        var records = session.records
        switch request.string("hist_access_type") {
        case "tail":
            records = Array(records.suffix(max(0, request.int("n", otherwise: 10))))
        case "range":
            let start = request.int("start", otherwise: 1)
            let stop = request.int("stop", otherwise: records.count + 1)
            records = records.filter { $0.number >= start && $0.number < stop }
        case "search":
            let pattern = request.string("pattern")
            records = records.filter { globMatches(pattern, $0.source) }
            if request.bool("unique") {
                var seen = Set<String>()
                records = records.reversed().filter { seen.insert($0.source).inserted }.reversed()
            }
            if let n = request["n"] as? Int, n >= 0 { records = Array(records.suffix(n)) }
        default:
            records = []
        }
        let withOutput = request.bool("output")
        let entries: [[Any]] = records.map { record in
            let input: Any = withOutput ? [record.source, session.outputText(record.number) ?? ""] : record.source
            return [Self.historySession, record.number, input]
        }
        return ["status": "ok", "history": entries]
    }

    /// The session number history entries carry: this kernel keeps only its own inputs.
    static let historySession = 1
}

/// Whether `text` matches the glob `pattern` (`*` any run, `?` one character).
public func globMatches(_ pattern: String, _ text: String) -> Bool {
    let pattern = Array(pattern)
    let text = Array(text)
    // Iterative matching with one backtrack point: linear in practice, no recursion.
    var p = 0
    var t = 0
    var star: Int?
    var resume = 0
    while t < text.count {
        if p < pattern.count, pattern[p] == "*" {
            star = p
            resume = t
            p += 1
        } else if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
            p += 1
            t += 1
        } else if let star {
            p = star + 1
            resume += 1
            t = resume
        } else {
            return false
        }
    }
    while p < pattern.count, pattern[p] == "*" { p += 1 }
    return p == pattern.count
}

/// A cursor given in code points of a whole cell, as the line it is on and a column in it.
struct CursorPlace {
    /// The line the cursor is on.
    let line: String
    /// The cursor's column in `line`, in characters.
    let column: Int
    /// Where `line` starts in the cell, in code points.
    let lineStart: Int
    /// The cursor, clamped to the cell.
    let cursor: Int

    init(code: String, cursor: Int) {
        let scalars = Array(code.unicodeScalars)
        let cursor = min(max(cursor, 0), scalars.count)
        var lineStart = cursor
        while lineStart > 0, scalars[lineStart - 1] != "\n" { lineStart -= 1 }
        var lineEnd = cursor
        while lineEnd < scalars.count, scalars[lineEnd] != "\n" { lineEnd += 1 }
        var before = String.UnicodeScalarView()
        before.append(contentsOf: scalars[lineStart..<cursor])
        var whole = String.UnicodeScalarView()
        whole.append(contentsOf: scalars[lineStart..<lineEnd])
        line = String(whole)
        column = String(before).count
        self.lineStart = lineStart
        self.cursor = cursor
    }
}
