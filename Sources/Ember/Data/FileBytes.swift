// Reading files: a file is opened once, its size known before anything is read, so that a
// reader can check a header against the size and refuse a file before allocating for it. Large
// reads go in pieces that poll the cancellation check, and every buffer is checked against the
// memory left first.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of the file at `path`, decompressed first when it is gzip.
public func readFileBytes(_ path: String, inflatingGzip: Bool = true) throws -> [UInt8] {
    let file = try FileReader(path: path)
    if inflatingGzip, try file.isGzip() {
        let stream = try GzipStream(file: file)
        return try stream.readToEnd(limit: Gzip.defaultLimit)
    }
    return try file.read(at: 0, count: file.size)
}

/// A regular file open for reading; it closes when the reader is released.
final class FileReader {
    /// The path, as given; errors name it.
    let path: String
    /// The size in bytes when opened.
    let size: Int
    private let descriptor: Int32
    /// Bytes read per call, between two polls of the cancellation check.
    static let pieceSize = 8 << 20

    /// Opens `path`, refusing what is missing, unreadable or not a regular file.
    init(path: String) throws {
        self.path = path
        // Non-blocking, so that opening a FIFO returns at once and is refused below.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let reason = errno
            switch reason {
            case ENOENT, ENOTDIR: throw EmberError.invalidFile(path: path, message: "no such file")
            case EACCES: throw EmberError.invalidFile(path: path, message: "cannot be read (check its permissions)")
            default:
                throw EmberError.invalidFile(
                    path: path, message: "cannot be opened: \(String(cString: strerror(reason)))")
            }
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            throw EmberError.invalidFile(path: path, message: "cannot be read (fstat failed)")
        }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(descriptor)
            throw EmberError.invalidFile(
                path: path, message: type == S_IFDIR ? "is a directory, not a file" : "is not a regular file")
        }
        self.descriptor = descriptor
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    /// True when the file starts with the gzip magic number 1f 8b.
    func isGzip() throws -> Bool {
        try size >= 2 && Gzip.isCompressed(read(at: 0, count: 2))
    }

    /// `count` bytes from `offset`, which must lie inside the file as opened; the memory is
    /// checked first and the read polls the cancellation check between pieces.
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw EmberError.invalidFile(
                path: path, message: "is too short: \(count) bytes at offset \(offset) go past its \(size) bytes")
        }
        try MemoryBudget.check(count: count, size: 1, for: "reading \(path)")
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            var done = 0
            while done < count {
                try Cancellation.check("reading \(path)")
                let piece = Swift.min(count - done, FileReader.pieceSize)
                let got = try readSome(into: UnsafeMutableRawPointer(base + done), count: piece, at: offset + done)
                guard got > 0 else {
                    throw EmberError.invalidFile(path: path, message: "ended while being read (was it truncated?)")
                }
                done += got
                initialized = done
            }
        }
    }

    /// Up to `count` bytes at `offset` into `buffer`; 0 at the end of the file.
    func readSome(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws -> Int {
        while true {
            let got = pread(descriptor, buffer, count, off_t(offset))
            if got >= 0 { return got }
            guard errno == EINTR else {
                throw EmberError.invalidFile(path: path, message: "cannot be read: \(String(cString: strerror(errno)))")
            }
        }
    }
}
