// `input(prompt)`: a line from the user. Where the line comes from is the front end's business
// (standard input for the terminal, the stdin channel for a notebook kernel), so the built-in
// only asks the session's context.

enum InputBuiltins {
    static func make() -> [String: Value] {
        Dictionary(uniqueKeysWithValues: [
            builtin(
                "input", [ParameterSpec("prompt", .string(""))],
                doc: "Shows the prompt and returns the line the user types, without its newline."
            ) {
                arguments, context in
                let prompt = try arguments.string("prompt")
                let line: String?
                if let readInput = context.readInput {
                    line = try readInput(prompt)
                } else {
                    context.write(prompt)
                    line = readLine(strippingNewline: true)
                }
                guard let line else {
                    throw ShellError(.runtime, "input(): the input ended before a line was read")
                }
                return .string(line)
            }
        ])
    }
}
