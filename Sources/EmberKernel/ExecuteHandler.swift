// execute_request: the code runs as one input of the session, numbered as the shell numbers
// In/Out; its printed text streams out as it is written, a displayed value is the
// execute_result, and a failure is an `error` with the shell's caret report as traceback.

import EmberShell

extension ShellHandlers {
    func execute(_ request: WireMessage) {
        let code = request.content.string("code")
        let silent = request.content.bool("silent")
        // As in IPython: a silent input, or one not stored, takes no number of its own.
        let recording = !silent && request.content.bool("store_history", otherwise: true)
        let number = recording ? session.nextNumber : session.nextNumber - 1
        output.begin(request, silent: silent)
        if !silent { channels.publish("execute_input", ["code": code, "execution_count": number], parent: request) }
        // An interrupt that came while nothing ran must not stop this input.
        session.interpreter.context.interrupt.clear()
        let outcome: ShellSession.Outcome
        if code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            outcome = .success
        } else if recording || code.hasPrefix("%") {
            outcome = repl.submit(code)
        } else {
            outcome = session.execute(code, recording: false)
        }
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
