// Tab completion: names in scope and built-ins, attributes after a dot (read from the live
// value), and keyword arguments inside a call. Only chains of names, attributes and integer
// subscripts are evaluated to find the live value, so pressing Tab never runs a computation.

import Ember

/// What Tab offers for a line.
public struct Completer {
    private let interpreter: Interpreter

    /// A completer reading names and values from `interpreter`.
    public init(interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    /// The completions of the word ending at `cursor`: where the word starts (a character
    /// offset in the line) and the words that could replace it.
    public func completions(line: String, cursor: Int) -> (wordStart: Int, candidates: [String]) {
        let characters = Array(line.prefix(cursor))
        var start = characters.count
        while start > 0,
            characters[start - 1].isLetter || characters[start - 1].isNumber || characters[start - 1] == "_"
        {
            start -= 1
        }
        let word = String(characters[start...])
        // After a dot: the attributes of the value before it.
        if start > 0, characters[start - 1] == "." {
            let objectText = String(characters[..<(start - 1)]).trailingChain()
            guard let object = safeValue(objectText) else { return (start, []) }
            return (start, interpreter.attributeNames(of: object).filter { $0.hasPrefix(word) && !$0.hasPrefix("_") })
        }
        var candidates: [String] = []
        if let callee = enclosingCallee(characters[..<start]), case .function(let callable)? = safeValue(callee) {
            candidates += callable.signature.parameters.map { $0.name + "=" }.filter { $0.hasPrefix(word) }
        }
        let names = interpreter.globals.visibleNames.union(interpreter.builtins.keys)
            .union(Keyword.allCases.map(\.rawValue))
        candidates += names.filter { $0.hasPrefix(word) && !$0.hasPrefix("_") }.sorted()
        return (start, candidates)
    }

    /// The `help` text of the name or attribute chain under `cursor` (`net[0].weight`), or of
    /// the call the cursor is in (`Conv2d(1, |`); nil when there is neither.
    public func helpText(line: String, cursor: Int) -> String? {
        let characters = Array(line)
        let cursor = min(max(cursor, 0), characters.count)
        var end = cursor
        while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" {
            end += 1
        }
        var chain = String(characters[..<end]).trailingChain()
        if chain.isEmpty, let callee = enclosingCallee(characters[..<cursor]) { chain = callee }
        guard let value = safeValue(chain) else { return nil }
        return HelpText.render(value, interpreter: interpreter)
    }

    /// The value of `text` if it is a chain such as `net[0].weight`, nil otherwise.
    private func safeValue(_ text: String) -> Value? {
        guard !text.isEmpty, text.isSafeChain else { return nil }
        guard let statements = try? Parser.parse(text), statements.count == 1,
            case .expression(let expression) = statements[0].kind
        else { return nil }
        return try? interpreter.evaluate(expression, in: interpreter.globals)
    }

    /// The callee of the innermost call still open before the cursor: `Conv2d` in `Conv2d(1, ke`.
    private func enclosingCallee(_ characters: ArraySlice<Character>) -> String? {
        var depth = 0
        var index = characters.endIndex
        while index > characters.startIndex {
            index -= 1
            switch characters[index] {
            case ")", "]": depth += 1
            case "[": depth -= 1
            case "(":
                if depth == 0 { return String(characters[characters.startIndex..<index]).trailingChain() }
                depth -= 1
            default: break
            }
        }
        return nil
    }
}

extension String {
    /// The longest suffix made of name characters, dots and brackets: `net[0].weight` in
    /// `x = net[0].weight`.
    fileprivate func trailingChain() -> String {
        var result: [Character] = []
        var depth = 0
        for character in reversed() {
            if character == "]" { depth += 1 }
            if character == "[" { depth -= 1 }
            let allowed =
                character.isLetter || character.isNumber || character == "_" || character == "."
                || character == "[" || character == "]" || (depth > 0 && character == "-")
            guard allowed, depth >= 0 else { break }
            result.append(character)
        }
        return String(result.reversed())
    }

    /// True for `name(.name | [integer])*`: nothing that could compute.
    fileprivate var isSafeChain: Bool {
        var characters = self[...]
        func name() -> Bool {
            guard let first = characters.first, first.isLetter || first == "_" else { return false }
            while let c = characters.first, c.isLetter || c.isNumber || c == "_" { characters.removeFirst() }
            return true
        }
        guard name() else { return false }
        while let c = characters.first {
            characters.removeFirst()
            if c == "." {
                guard name() else { return false }
            } else if c == "[" {
                if characters.first == "-" { characters.removeFirst() }
                guard let digit = characters.first, digit.isNumber else { return false }
                while let d = characters.first, d.isNumber { characters.removeFirst() }
                guard characters.first == "]" else { return false }
                characters.removeFirst()
            } else {
                return false
            }
        }
        return true
    }
}
