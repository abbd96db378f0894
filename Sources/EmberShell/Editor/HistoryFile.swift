// The shell's history file, written as each entry is made rather than at a clean exit, so that
// a killed or crashed session loses nothing, and appended to rather than replaced, so that
// sessions running at once interleave their entries. The file is plain text, one entry a line;
// the inner line breaks of an entry of several lines (a `for` block) are kept as CR LF, so the
// entry comes back whole. The cap is applied by rewriting the file with its newest entries,
// re-read under a lock, and only once it holds half as many again: rarely, and never dropping
// an entry that another session has just added. Files in libedit's own format are read too.

#if canImport(Glibc)
    import Glibc
#endif

/// A fault reading or writing the history file, naming the file.
public struct HistoryFileError: Error, Equatable, CustomStringConvertible {
    /// The history file.
    public var path: String
    /// What went wrong.
    public var message: String

    /// A fault with the history file at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// The error as the shell prints it.
    public var description: String { "history file \(path): \(message)" }
}

/// The entries of one history file, shared by every session that uses it.
public struct HistoryFile {
    /// Where the entries are kept.
    public let path: String
    /// How many entries a rewrite keeps.
    public let limit: Int

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    /// The first line of a file that libedit's `write_history` wrote.
    private static let libeditHeader = "_HiStOrY_V2_"

    /// The history kept at `path`, capped at `limit` entries.
    public init(path: String, limit: Int = 1000) {
        self.path = path
        self.limit = max(limit, 1)
    }

    /// The newest `limit` entries, oldest first; none when the file does not exist yet.
    public func load() throws -> [String] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return [] }
            throw fault("cannot read it (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        return Array(try entries(in: descriptor).suffix(limit))
    }

    /// Adds `entry` at the end of the file, and trims the file when it has grown well past the cap.
    public func append(_ entry: String) throws {
        // A session that trims replaces the file: one that opened the old file meanwhile
        // finds out once it holds the lock, and opens the new one.
        for _ in 0..<16 {
            let descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw fault("cannot write it (\(String(cString: strerror(errno))))") }
            defer { close(descriptor) }
            guard flock(descriptor, LOCK_EX) == 0 else { throw fault("cannot lock it") }
            guard isStillAtPath(descriptor) else { continue }
            // A file in libedit's format becomes plain text before a plain line is added to it.
            if startsWithLibeditHeader(descriptor) {
                try rewrite(with: Array((try entries(in: descriptor) + [entry]).suffix(limit)), like: descriptor)
                return
            }
            try writeAll(Array((Self.encode(entry) + "\n").utf8), to: descriptor)
            let all = try entries(in: descriptor)
            if all.count > limit + limit / 2 { try rewrite(with: Array(all.suffix(limit)), like: descriptor) }
            return
        }
        throw fault("it keeps being replaced")
    }

    /// `entry` as one line of the file: inner line breaks become CR LF.
    static func encode(_ entry: String) -> String {
        let lines = entry.utf8.split(separator: newline, omittingEmptySubsequences: false)
        return String(decoding: Array(lines.joined(separator: [carriageReturn, newline])), as: UTF8.self)
    }

    /// The entries that the file's `text` holds, oldest first. (Lines are split as bytes:
    /// to Swift's `String`, CR LF is one character.)
    static func decode(_ text: String) -> [String] {
        var lines = text.utf8.split(separator: newline, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        let strings = lines.map { String(decoding: $0, as: UTF8.self) }
        if strings.first == libeditHeader { return strings.dropFirst().map(unvis).filter { !$0.isEmpty } }
        var entries: [String] = []
        var pending: [String] = []
        for line in lines {
            if line.last == carriageReturn {
                pending.append(String(decoding: line.dropLast(), as: UTF8.self))
                continue
            }
            entries.append((pending + [String(decoding: line, as: UTF8.self)]).joined(separator: "\n"))
            pending = []
        }
        if !pending.isEmpty { entries.append(pending.joined(separator: "\n")) }
        return entries.filter { !$0.isEmpty }
    }

    /// A line of libedit's format with its octal escapes (`\040` for a space) decoded.
    private static func unvis(_ line: String) -> String {
        var bytes: [UInt8] = []
        var rest = Array(line.utf8)[...]
        while let byte = rest.popFirst() {
            let digits = rest.prefix(3)
            if byte == UInt8(ascii: "\\"), digits.count == 3, digits.allSatisfy({ (48...55).contains($0) }),
                case let value = digits.reduce(0, { $0 * 8 + Int($1 - 48) }), value < 256
            {
                bytes.append(UInt8(value))
                rest = rest.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The entries in the file open at `descriptor`.
    private func entries(in descriptor: Int32) throws -> [String] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress, $0.count, off_t(bytes.count))
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw fault("cannot read it (\(String(cString: strerror(errno))))") }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return Self.decode(String(decoding: bytes, as: UTF8.self))
    }

    /// True when the file open at `descriptor` begins with libedit's header line.
    private func startsWithLibeditHeader(_ descriptor: Int32) -> Bool {
        let header = Array((Self.libeditHeader + "\n").utf8)
        var start = [UInt8](repeating: 0, count: header.count)
        let count = start.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return count == header.count && start == header
    }

    /// Replaces the file with one holding `entries`, atomically, keeping the permissions of
    /// the file open at `descriptor`.
    private func rewrite(with entries: [String], like descriptor: Int32) throws {
        let temporary = path + ".\(getpid()).tmp"
        let output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw fault("cannot trim it (\(String(cString: strerror(errno))))") }
        var status = stat()
        if fstat(descriptor, &status) == 0 { _ = fchmod(output, status.st_mode & 0o7777) }
        do {
            try writeAll(Array(entries.map { Self.encode($0) + "\n" }.joined().utf8), to: output)
            guard fsync(output) == 0 else { throw fault("cannot trim it (\(String(cString: strerror(errno))))") }
        } catch {
            close(output)
            unlink(temporary)
            throw error
        }
        close(output)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw fault("cannot trim it (\(String(cString: strerror(errno))))")
        }
    }

    /// True when the file open at `descriptor` is still the one at `path`.
    private func isStillAtPath(_ descriptor: Int32) -> Bool {
        var open = stat()
        var named = stat()
        guard fstat(descriptor, &open) == 0, stat(path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    /// Writes every byte of `bytes`, through short writes and interruptions.
    private func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw fault("cannot write it (\(String(cString: strerror(errno))))") }
            written += count
        }
    }

    private func fault(_ message: String) -> HistoryFileError {
        HistoryFileError(path: path, message: message)
    }
}
