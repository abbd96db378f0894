// gzip decompression through zlib, streamed: compressed input is fed in pieces (zlib counts
// its input in 32 bits, so a file over 4 GiB cannot be handed over whole) and output is produced
// as far as the reader asks, so a small file that expands to gigabytes is stopped at the size
// its content declares. Foundation on Linux has no public gzip API, and the MNIST files are
// distributed as .gz; a file may hold several concatenated gzip members.

import CZlib

/// Decompression of gzip (and zlib) data.
public enum Gzip {
    /// The output refused by default when nothing says how large the content should be.
    public static let defaultLimit = 1 << 32

    /// True when `bytes` starts with the gzip magic number 1f 8b.
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed content of `bytes`; `path` names the source in errors. Output beyond
    /// `limit` bytes is refused, so a hostile file cannot exhaust memory.
    public static func decompress(_ bytes: [UInt8], path: String, limit: Int = defaultLimit) throws -> [UInt8] {
        var position = 0
        let stream = try GzipStream(path: path) { buffer in
            let count = Swift.min(buffer.count, bytes.count - position)
            bytes.withUnsafeBytes { source in
                guard let base = source.baseAddress, count > 0 else { return }
                buffer.copyMemory(from: UnsafeRawBufferPointer(start: base + position, count: count))
            }
            position += count
            return count
        }
        return try stream.readToEnd(limit: limit)
    }
}

/// A gzip stream being inflated: compressed bytes come from `source` a piece at a time, and
/// `read` produces as many decompressed bytes as asked, or fewer at the end.
final class GzipStream {
    private var stream = z_stream()
    private let path: String
    /// Fills the buffer with the next compressed bytes; returns how many, 0 at the end.
    private let source: (UnsafeMutableRawBufferPointer) throws -> Int
    /// The compressed piece zlib is reading; its own memory, so its address stays fixed.
    private let input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var ended = false
    private static let pieceSize = 1 << 20

    /// Starts inflating what `source` gives; `path` names it in errors.
    init(path: String, source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        self.path = path
        self.source = source
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: GzipStream.pieceSize, alignment: 16)
        // 15 + 32: the largest window, and detect a gzip or zlib header automatically.
        let status = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            input.deallocate()
            throw EmberError.invalidFile(path: path, message: "zlib could not start (code \(status))")
        }
    }

    /// Inflates the file `file` holds.
    convenience init(file: FileReader) throws {
        var offset = 0
        try self.init(path: file.path) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            let count = try file.readSome(into: base, count: Swift.min(buffer.count, file.size - offset), at: offset)
            offset += count
            return count
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    /// Up to `count` decompressed bytes: exactly `count` unless the data ends first. The
    /// memory is checked before the buffer is made.
    func read(_ count: Int) throws -> [UInt8] {
        try MemoryBudget.check(count: count, size: 1, for: "decompressing \(path)")
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = try fill(UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// Everything left, refusing more than `limit` bytes.
    func readToEnd(limit: Int) throws -> [UInt8] {
        var output: [UInt8] = []
        while !ended {
            let piece = try read(Swift.min(16 << 20, limit - output.count + 1))
            // Growing the output copies it: the old and the new buffer exist together.
            try MemoryBudget.check(count: 2 * output.count + piece.count, size: 1, for: "decompressing \(path)")
            output += piece
            guard output.count <= limit else {
                throw EmberError.invalidFile(path: path, message: "decompresses to more than \(limit) bytes")
            }
        }
        return output
    }

    /// True when nothing is left to decompress (reading one more byte gives none).
    func isAtEnd() throws -> Bool {
        if ended { return true }
        return try read(1).isEmpty
    }

    /// Fills `buffer` with decompressed bytes; returns how many, fewer than its size only at
    /// the end of the data.
    private func fill(_ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        var filled = 0
        while filled < buffer.count && !ended {
            try Cancellation.check("decompressing \(path)")
            if stream.avail_in == 0 && !inputEnded { try refill() }
            stream.next_out = base + filled
            let room = UInt32(Swift.min(buffer.count - filled, 1 << 30))
            stream.avail_out = room
            let code = inflate(&stream, Z_NO_FLUSH)
            filled += Int(room - stream.avail_out)
            switch code {
            case Z_STREAM_END:
                // Another gzip member may follow the one that just ended.
                if stream.avail_in == 0 && !inputEnded { try refill() }
                if stream.avail_in == 0 { ended = true } else { inflateReset(&stream) }
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.avail_in == 0 && inputEnded:
                throw EmberError.invalidFile(
                    path: path, message: "the gzip stream is truncated (it ends before its last block)")
            case Z_BUF_ERROR:
                continue
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "code \(code)"
                throw EmberError.invalidFile(path: path, message: "corrupt gzip data: \(reason)")
            }
        }
        return filled
    }

    /// The next piece of compressed input.
    private func refill() throws {
        let count = try source(input)
        if count == 0 { inputEnded = true }
        stream.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.avail_in = UInt32(count)
    }
}
