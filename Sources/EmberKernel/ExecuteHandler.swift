// execute_request: the code runs as one input of the session, numbered as the shell numbers
// In/Out; its printed text streams out as it is written, a displayed value is the
// execute_result, and a failure is an `error` with the shell's caret report as traceback.

import EmberShell

extension ShellHandlers {
    func execute(_ request: WireMessage) {
        let code = request.content.string("code")
        let silent = request.content.bool("silent")
        let number = session.nextNumber
        output.begin(request, silent: silent)
        if !silent { channels.publish("execute_input", ["code": code, "execution_count": number], parent: request) }
        // An interrupt that came while nothing ran must not stop this input.
        session.interpreter.context.interrupt.clear()
        let outcome = code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? .success : repl.submit(code)
        output.silent = false
        guard outcome == .failure else {
            reply(
                request, "execute_reply",
                [
                    "status": "ok", "execution_count": number, "user_expressions": [:] as JSONObject,
                    "payload": [] as [Any],
                ])
            return
        }
        let error = output.errorContent(session.lastError)
        if !silent { channels.publish("error", error, parent: request) }
        var content = error
        content["status"] = "error"
        content["execution_count"] = number
        reply(request, "execute_reply", content)
    }
}
