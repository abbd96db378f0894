// A thin layer over libzmq: a context, sockets that bind to an address, and multipart messages
// sent and received as byte arrays. Each socket belongs to one thread at a time; the iopub socket,
// which several threads publish on, is guarded by a lock (a full barrier, which is what libzmq
// asks of a socket moved between threads).

import CZMQ
import Foundation

/// A fault of ZeroMQ: the call that failed and libzmq's description of `errno`.
public struct ZMQError: Error, CustomStringConvertible {
    /// The call that failed, with its argument (`bind tcp://127.0.0.1:5555`).
    public let operation: String
    /// libzmq's text for the error number.
    public let reason: String

    init(_ operation: String) {
        self.operation = operation
        reason = String(cString: zmq_strerror(zmq_errno()))
    }

    /// `operation: reason`.
    public var description: String { "\(operation): \(reason)" }
}

/// A ZeroMQ context: it owns the I/O threads of every socket made from it.
public final class ZMQContext {
    let handle: UnsafeMutableRawPointer

    /// A new context.
    public init() throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError("zmq_ctx_new") }
        self.handle = handle
    }
}

/// One ZeroMQ socket.
public final class ZMQSocket {
    /// The kinds of socket the kernel uses.
    public enum Kind {
        case router, publisher, reply

        var code: Int32 {
            switch self {
            case .router: return ZMQ_ROUTER
            case .publisher: return ZMQ_PUB
            case .reply: return ZMQ_REP
            }
        }
    }

    let handle: UnsafeMutableRawPointer
    private let lock = NSLock()

    /// A socket of `kind` in `context`, bound to `address`; pending messages are dropped at
    /// close so that a kernel that exits never hangs on a gone client.
    public init(_ context: ZMQContext, _ kind: Kind, bindingTo address: String) throws {
        guard let handle = zmq_socket(context.handle, kind.code) else { throw ZMQError("zmq_socket") }
        self.handle = handle
        var linger: Int32 = 0
        zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
        guard zmq_bind(handle, address) == 0 else {
            let error = ZMQError("bind \(address)")
            zmq_close(handle)
            throw error
        }
    }

    deinit {
        zmq_close(handle)
    }

    /// Sends `parts` as one multipart message.
    public func send(_ parts: [[UInt8]]) throws {
        lock.lock()
        defer { lock.unlock() }
        for (index, part) in parts.enumerated() {
            let flags = index == parts.count - 1 ? 0 : ZMQ_SNDMORE
            let sent = part.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
            if sent < 0 { throw ZMQError("send") }
        }
    }

    /// Waits up to `timeout` milliseconds (-1: for ever) for a message; nil when none came or
    /// the wait was cut short by a signal.
    public func receive(timeout: Int = -1) throws -> [[UInt8]]? {
        guard try ZMQSocket.poll([self], timeout: timeout).first == true else { return nil }
        lock.lock()
        defer { lock.unlock() }
        var parts: [[UInt8]] = []
        var more = true
        while more {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            if zmq_msg_recv(&message, handle, 0) < 0 {
                if zmq_errno() == EINTR { continue }
                throw ZMQError("receive")
            }
            let size = zmq_msg_size(&message)
            if let data = zmq_msg_data(&message), size > 0 {
                parts.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                parts.append([])
            }
            more = zmq_msg_more(&message) != 0
        }
        return parts
    }

    /// Which of `sockets` have a message waiting, after waiting up to `timeout` milliseconds.
    public static func poll(_ sockets: [ZMQSocket], timeout: Int) throws -> [Bool] {
        var items = sockets.map { zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
        let ready = zmq_poll(&items, Int32(items.count), timeout)
        if ready < 0 {
            if zmq_errno() == EINTR { return sockets.map { _ in false } }
            throw ZMQError("poll")
        }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }
}
