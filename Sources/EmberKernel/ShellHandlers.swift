// The requests of the shell channel, each answered by a reply of the matching type: running
// code, and the questions a front end asks while the user types (completion, help, whether
// the input is complete, history).

import EmberShell
import Foundation

/// Answers shell-channel requests with one session.
final class ShellHandlers {
    let channels: KernelChannels
    let output: KernelOutput
    let session: ShellSession
    let repl: REPL
    let completer: Completer

    init(channels: KernelChannels, seed: UInt64) {
        self.channels = channels
        let output = KernelOutput(publish: { channels.publish($0, $1, parent: $2) })
        self.output = output
        session = output.makeSession(seed: seed)
        repl = REPL(session: session)
        completer = Completer(interpreter: session.interpreter)
        session.interpreter.context.readInput = { [unowned self] in try readInput(prompt: $0) }
    }

    /// Answers `request`; unknown types are logged and left unanswered, as the protocol allows.
    func handle(_ request: WireMessage) {
        let content = request.content
        switch request.type {
        case "execute_request": execute(request)
        case "kernel_info_request": reply(request, "kernel_info_reply", KernelInfo.content)
        case "complete_request":
            reply(request, "complete_reply", complete(code: content.string("code"), cursor: content.int("cursor_pos")))
        case "inspect_request":
            reply(request, "inspect_reply", inspect(code: content.string("code"), cursor: content.int("cursor_pos")))
        case "is_complete_request": reply(request, "is_complete_reply", isComplete(content.string("code")))
        case "history_request": reply(request, "history_reply", history(content))
        case "comm_info_request": reply(request, "comm_info_reply", ["status": "ok", "comms": [:] as JSONObject])
        default: KernelLog.write("shell: no handler for \(request.type)")
        }
    }

    func reply(_ request: WireMessage, _ type: String, _ content: JSONObject) {
        channels.reply(to: request, type, content, on: channels.shell)
    }
}

extension JSONObject {
    /// The string member `key`, or empty.
    func string(_ key: String) -> String { self[key] as? String ?? "" }

    /// The integer member `key`, or `otherwise`.
    func int(_ key: String, otherwise: Int = 0) -> Int { self[key] as? Int ?? otherwise }

    /// The boolean member `key`, or `otherwise`.
    func bool(_ key: String, otherwise: Bool = false) -> Bool { self[key] as? Bool ?? otherwise }
}
