// gzip decompression through zlib. Foundation on Linux has no public gzip API, and the MNIST
// files are distributed as .gz; a file may hold several concatenated gzip members.

import CZlib

/// Decompression of gzip (and zlib) data.
public enum Gzip {
    /// True when `bytes` starts with the gzip magic number 1f 8b.
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed content of `bytes`; `path` names the source in errors. Output beyond
    /// `limit` bytes is refused, so a hostile file cannot exhaust memory.
    public static func decompress(_ bytes: [UInt8], path: String, limit: Int = 1 << 32) throws -> [UInt8] {
        var stream = z_stream()
        // 15 + 32: the largest window, and detect a gzip or zlib header automatically.
        let status = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw EmberError.invalidFile(path: path, message: "zlib could not start (code \(status))")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(bytes.count * 4, limit))
        let chunkSize = 1 << 20
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        try bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while true {
                let (code, produced) = chunk.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(chunkSize)
                    let code = inflate(&stream, Z_NO_FLUSH)
                    return (code, chunkSize - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[0..<produced])
                guard output.count <= limit else {
                    throw EmberError.invalidFile(
                        path: path, message: "decompresses to more than \(limit) bytes")
                }
                switch code {
                case Z_STREAM_END:
                    // Another gzip member may follow the one that just ended.
                    guard stream.avail_in > 0 else { return }
                    inflateReset(&stream)
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw EmberError.invalidFile(
                        path: path, message: "the gzip stream is truncated (it ends before its last block)")
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "code \(code)"
                    throw EmberError.invalidFile(path: path, message: "corrupt gzip data: \(reason)")
                }
            }
        }
        return output
    }
}
