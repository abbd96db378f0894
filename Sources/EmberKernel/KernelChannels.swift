// The five channels of a running kernel and the making of messages: every message the kernel
// sends carries a fresh header and its parent's, and is signed with the connection's key.

import Foundation

/// The bound sockets of one kernel and the identity it signs with.
public final class KernelChannels {
    /// Requests to run code and ask about it.
    public let shell: ZMQSocket
    /// Everything broadcast: status, inputs, outputs, displays.
    public let iopub: ZMQSocket
    /// The kernel's requests for a line of input from the front end.
    public let stdin: ZMQSocket
    /// Interrupts, shutdowns and kernel information, served while the shell is busy.
    public let control: ZMQSocket
    /// Echoes pings, so the front end knows the kernel is alive.
    public let heartbeat: ZMQSocket
    let signer: MessageSigner
    /// The kernel's session id, in the header of every message it sends.
    public let session = UUID().uuidString.lowercased()
    private let context: ZMQContext

    /// Binds the channels of `connection`.
    public init(connection: ConnectionInfo) throws {
        context = try ZMQContext()
        shell = try ZMQSocket(context, .router, bindingTo: connection.address(connection.shellPort))
        iopub = try ZMQSocket(context, .publisher, bindingTo: connection.address(connection.iopubPort))
        stdin = try ZMQSocket(context, .router, bindingTo: connection.address(connection.stdinPort))
        control = try ZMQSocket(context, .router, bindingTo: connection.address(connection.controlPort))
        heartbeat = try ZMQSocket(context, .reply, bindingTo: connection.address(connection.heartbeatPort))
        signer = MessageSigner(key: connection.key)
    }

    /// A new header of `type`.
    func header(_ type: String) -> JSONObject {
        [
            "msg_id": UUID().uuidString.lowercased(), "session": session, "username": "ember",
            "date": KernelChannels.timestamp(), "msg_type": type, "version": "5.3",
        ]
    }

    private static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }

    /// Receives the next message on `socket` within `timeout` milliseconds; a message that does
    /// not parse or whose signature is wrong is logged and dropped.
    func receive(on socket: ZMQSocket, timeout: Int) -> WireMessage? {
        do {
            guard let frames = try socket.receive(timeout: timeout) else { return nil }
            return try WireMessage(frames: frames, signer: signer)
        } catch {
            KernelLog.write("dropped a message: \(error)")
            return nil
        }
    }

    /// Sends the reply of `type` to `request` on `socket`, to the identities that sent it.
    func reply(to request: WireMessage, _ type: String, _ content: JSONObject, on socket: ZMQSocket) {
        let message = WireMessage(
            identities: request.identities, header: header(type), parentHeader: request.header, content: content)
        send(message, on: socket)
    }

    /// Broadcasts a message of `type` on iopub, as an effect of `parent`.
    func publish(_ type: String, _ content: JSONObject, parent: WireMessage?, metadata: JSONObject = [:]) {
        let message = WireMessage(
            identities: [Array("kernel.\(session).\(type)".utf8)], header: header(type),
            parentHeader: parent?.header ?? [:], metadata: metadata, content: content)
        send(message, on: iopub)
    }

    /// `status` busy or idle, around every request.
    func publishStatus(_ state: String, parent: WireMessage?) {
        publish("status", ["execution_state": state], parent: parent)
    }

    /// Sends a message whose identities are already set.
    func send(_ message: WireMessage, on socket: ZMQSocket) {
        do {
            try socket.send(message.frames(signer: signer))
        } catch {
            KernelLog.write("could not send \(message.type): \(error)")
        }
    }
}

/// The kernel's log: standard error, which the Jupyter server shows in its own log.
enum KernelLog {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data("ember kernel: \(text)\n".utf8))
    }
}
