// A tiny HTTP/1.1 server on 127.0.0.1 for the download tests: POSIX sockets, an ephemeral port,
// one background thread answering one request per connection from a fixed table of routes.
// It serves only this machine and stops when the test stops it.

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

final class TestHTTPServer: @unchecked Sendable {
    /// What the server answers for one path.
    enum Response {
        /// 200 with these bytes.
        case file([UInt8])
        /// Announces all the bytes, sends the first `sent`, then closes the connection.
        case cutOff([UInt8], sent: Int)
    }

    private let listener: Int32
    /// The port the server listens on.
    let port: UInt16
    private let routes: [String: Response]
    private let lock = NSLock()
    private var stopped = false
    private var requested: [String] = []
    private let finished = DispatchSemaphore(value: 0)

    /// Starts a server answering `routes` (paths such as `/a/file.gz`); other paths get 404.
    init(routes: [String: Response]) throws {
        self.routes = routes
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 16) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        listener = descriptor
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// The base URL of `folder` on this server: `http://127.0.0.1:PORT/folder/`.
    func url(_ folder: String) -> String {
        "http://127.0.0.1:\(port)/\(folder)/"
    }

    /// The paths requested so far, in order.
    var requests: [String] { lock.withLock { requested } }

    /// Stops accepting connections and waits for the serving thread to end.
    func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        finished.wait()
    }

    private func serve() {
        defer { finished.signal() }
        while true {
            let connection = accept(listener, nil, nil)
            if lock.withLock({ stopped }) {
                if connection >= 0 { close(connection) }
                return
            }
            guard connection >= 0 else { continue }
            answer(connection)
            close(connection)
        }
    }

    private func answer(_ connection: Int32) {
        var request: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        // Read the request head (bounded, as every test request is small).
        while request.count < 65536, !String(decoding: request, as: UTF8.self).contains("\r\n\r\n") {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return }
            request += chunk[0..<count]
        }
        let line = String(decoding: request, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let parts = line.split(separator: " ")
        let path = parts.count > 1 ? String(parts[1]) : "/"
        lock.withLock { requested.append(path) }
        switch routes[path] {
        case .file(let bytes)?:
            send(connection, head(status: "200 OK", length: bytes.count) + bytes)
        case .cutOff(let bytes, let sent)?:
            send(connection, head(status: "200 OK", length: bytes.count) + bytes.prefix(sent))
        case nil:
            let body = Array("not found\n".utf8)
            send(connection, head(status: "404 Not Found", length: body.count) + body)
        }
    }

    private func head(status: String, length: Int) -> [UInt8] {
        Array(
            "HTTP/1.1 \(status)\r\nContent-Length: \(length)\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
                .utf8)
    }

    private func send(_ connection: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes {
                Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { return }
            offset += count
        }
    }
}
