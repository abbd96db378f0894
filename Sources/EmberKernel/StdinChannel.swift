// `input()` in a notebook: an input_request on the stdin channel to the front end that sent the
// running code, then a wait for its input_reply, during which an interrupt or a shutdown still
// stops the code.

import EmberShell

extension ShellHandlers {
    /// Reads a line through the stdin channel for the running request.
    func readInput(prompt: String) throws -> String? {
        guard let request = output.parent, request.content.bool("allow_stdin") else {
            throw ShellError(.runtime, "input(): this front end does not take input (allow_stdin is false)")
        }
        let ask = WireMessage(
            identities: request.identities, header: channels.header("input_request"), parentHeader: request.header,
            content: ["prompt": prompt, "password": false])
        channels.send(ask, on: channels.stdin)
        while true {
            try session.interpreter.context.checkInterrupt()
            guard let reply = channels.receive(on: channels.stdin, timeout: 100) else { continue }
            guard reply.type == "input_reply" else {
                KernelLog.write("stdin: ignored a \(reply.type)")
                continue
            }
            return reply.content.string("value")
        }
    }
}
