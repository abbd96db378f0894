// A Jupyter kernel (messaging protocol 5.3) over one shell session. The main thread serves the
// shell channel and runs the code; a control thread answers interrupts, shutdowns and
// kernel_info while code runs; a heartbeat thread echoes pings. Every request is bracketed by
// busy and idle on iopub, and nothing a front end sends can end the kernel but a shutdown.

import EmberShell
import Foundation
import Synchronization

/// A kernel serving the channels of one connection file.
public final class Kernel {
    let channels: KernelChannels
    let shellHandlers: ShellHandlers
    private let stopping = Atomic<Bool>(false)

    /// Binds the channels of `connection` and makes the session its code runs in.
    public init(connection: ConnectionInfo, seed: UInt64 = 0) throws {
        channels = try KernelChannels(connection: connection)
        shellHandlers = ShellHandlers(channels: channels, seed: seed)
    }

    /// Serves requests until a shutdown request; returns the exit status.
    public func run() -> Int32 {
        // An interrupt stops running code at its next safe point, as Ctrl-C does in the
        // terminal, and never ends the kernel, however often it comes.
        Interrupt.installHandler()
        Interrupt.exitsOnSecondInterrupt = false
        startThread("heartbeat") { [channels] in Kernel.echoHeartbeats(channels.heartbeat) }
        startThread("control") { [self] in serveControl() }
        channels.publishStatus("starting", parent: nil)
        while !stopping.load(ordering: .relaxed) {
            guard let request = channels.receive(on: channels.shell, timeout: 100) else { continue }
            channels.publishStatus("busy", parent: request)
            if request.type == "shutdown_request" {
                shutdown(request, on: channels.shell)
            } else {
                shellHandlers.handle(request)
            }
            channels.publishStatus("idle", parent: request)
        }
        return 0
    }

    private func startThread(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = "ember kernel " + name
        thread.start()
    }

    /// Sends back every ping as it came.
    private static func echoHeartbeats(_ socket: ZMQSocket) {
        while true {
            do {
                guard let ping = try socket.receive() else { continue }
                try socket.send(ping)
            } catch {
                KernelLog.write("heartbeat: \(error)")
                return
            }
        }
    }

    /// The control channel: answered on its own thread, so it works while code runs.
    private func serveControl() {
        while !stopping.load(ordering: .relaxed) {
            guard let request = channels.receive(on: channels.control, timeout: 100) else { continue }
            channels.publishStatus("busy", parent: request)
            switch request.type {
            case "interrupt_request":
                Interrupt.process.raise()
                channels.reply(to: request, "interrupt_reply", ["status": "ok"], on: channels.control)
            case "shutdown_request":
                shutdown(request, on: channels.control)
            case "kernel_info_request":
                channels.reply(to: request, "kernel_info_reply", KernelInfo.content, on: channels.control)
            default:
                KernelLog.write("control: no handler for \(request.type)")
            }
            channels.publishStatus("idle", parent: request)
        }
    }

    /// Answers a shutdown request and stops the kernel; running code is interrupted first.
    private func shutdown(_ request: WireMessage, on socket: ZMQSocket) {
        let restart = request.content["restart"] as? Bool ?? false
        channels.reply(to: request, "shutdown_reply", ["status": "ok", "restart": restart], on: socket)
        if !stopping.exchange(true, ordering: .relaxed) { Interrupt.process.raise() }
    }
}
