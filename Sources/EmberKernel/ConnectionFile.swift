// The connection file a Jupyter front end writes before it starts a kernel: where the five
// channels listen and the key that signs every message.

import Foundation

/// The addresses and signing key of a kernel, read from its connection file.
public struct ConnectionInfo {
    /// `tcp` (or `ipc`).
    public var transport: String
    /// The address the channels bind to.
    public var ip: String
    /// The ports of the shell, iopub, stdin, control and heartbeat channels.
    public var shellPort, iopubPort, stdinPort, controlPort, heartbeatPort: Int
    /// The HMAC key; empty means messages are not signed.
    public var key: String
    /// `hmac-sha256`, the only scheme supported.
    public var signatureScheme: String

    /// A fault in a connection file, naming the file and what was wrong with it.
    public struct Invalid: Error, CustomStringConvertible {
        /// The file's path.
        public let path: String
        /// What was wrong.
        public let problem: String
        /// `path: problem`.
        public var description: String { "\(path): \(problem)" }
    }

    /// Reads the connection file at `path`.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Invalid(path: path, problem: "cannot read the connection file")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let fields = object as? [String: Any] else {
            throw Invalid(path: path, problem: "not a JSON object")
        }
        func port(_ name: String) throws -> Int {
            guard let value = fields[name] as? Int, (1...65535).contains(value) else {
                throw Invalid(path: path, problem: "\(name) must be a port number from 1 to 65535")
            }
            return value
        }
        transport = fields["transport"] as? String ?? "tcp"
        ip = fields["ip"] as? String ?? "127.0.0.1"
        shellPort = try port("shell_port")
        iopubPort = try port("iopub_port")
        stdinPort = try port("stdin_port")
        controlPort = try port("control_port")
        heartbeatPort = try port("hb_port")
        key = fields["key"] as? String ?? ""
        signatureScheme = fields["signature_scheme"] as? String ?? "hmac-sha256"
        guard signatureScheme == "hmac-sha256" else {
            throw Invalid(path: path, problem: "signature_scheme \(signatureScheme) is not supported; use hmac-sha256")
        }
    }

    /// The ZeroMQ address of a channel's port: `tcp://127.0.0.1:5555` (or `ipc://ip-5555`).
    public func address(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "\(transport)://\(ip):\(port)"
    }
}
