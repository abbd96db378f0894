// Writing a file so that readers see either the old content or the whole new content, never a
// part: the bytes go to a temporary file in the same folder as the real target (so the rename
// stays on one file system), are flushed to disk, and the temporary file is renamed over the
// target. A symbolic link is followed, so the file it names is replaced and the link stays; the
// replaced file's permissions are kept. The temporary name carries the writer's process id, so
// a save that was killed leaves a file the next save or load of that path recognises and
// removes.

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes `bytes` to `path` atomically: a crash or an error leaves either the previous file or
/// none, never a partial one.
///
/// ```swift
/// try writeFileAtomically(Array("hello\n".utf8), to: "notes.txt")
/// ```
public func writeFileAtomically(_ bytes: [UInt8], to path: String) throws {
    let target = resolvingSymbolicLinks(path)
    removeStaleTemporaries(beside: target)
    let temporary = temporaryPath(beside: target)
    // A new file gets the usual 0666 less the umask; an existing one keeps its mode and owner.
    var existing = stat()
    let replacing = stat(target, &existing) == 0
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { throw fileError(path, "cannot be written") }
    do {
        if replacing {
            _ = fchown(descriptor, existing.st_uid, existing.st_gid)
            guard fchmod(descriptor, existing.st_mode & 0o7777) == 0 else {
                throw fileError(path, "cannot keep its permissions")
            }
        }
        try writeAll(bytes, to: descriptor, path: path)
        guard fsync(descriptor) == 0 else { throw fileError(path, "cannot be flushed to disk") }
    } catch {
        close(descriptor)
        unlink(temporary)
        throw error
    }
    close(descriptor)
    try replaceFile(at: target, with: temporary, reportedAs: path)
}

/// Writes every byte of `bytes` to `descriptor`, retrying short and interrupted writes.
private func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
    try bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw fileError(path, "cannot be written") }
            offset += written
        }
    }
}

/// The file `path` finally names when it is a symbolic link (even one whose target does not
/// exist yet), or `path` itself. Gives up after 40 links, as the system does.
func resolvingSymbolicLinks(_ path: String) -> String {
    var current = path
    for _ in 0..<40 {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(current, &buffer, buffer.count - 1)
        guard length > 0 else { return current }
        let destination = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        current =
            destination.hasPrefix("/")
            ? destination
            : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(destination).path
    }
    return current
}

/// The marker in every temporary name, between the target's name and the writer's process id.
private let temporaryMarker = ".ember-save-"

/// A fresh hidden name in the folder of `path`, for a file that will be renamed to `path`:
/// `.name.ember-save-<pid>-<random>.tmp`.
func temporaryPath(beside path: String) -> String {
    let url = URL(fileURLWithPath: path)
    let random = UUID().uuidString.prefix(8)
    return url.deletingLastPathComponent().appendingPathComponent(
        ".\(url.lastPathComponent)\(temporaryMarker)\(getpid())-\(random).tmp"
    ).path
}

/// Removes the temporary files of saves to `path` whose process has ended: what a save killed
/// half-way leaves behind. A save still running in another process keeps its file.
func removeStaleTemporaries(beside path: String) {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    let prefix = "." + url.lastPathComponent + temporaryMarker
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
        let rest = name.dropFirst(prefix.count)
        guard let process = rest.split(separator: "-").first.flatMap({ Int32($0) }) else { continue }
        let alive = process == getpid() || kill(process, 0) == 0 || errno == EPERM
        if !alive { unlink(folder + "/" + name) }
    }
}

/// Renames `temporary` over `path` in one step, removing `temporary` if that fails; errors
/// name `shown`, the path the caller gave (by default `path`).
func replaceFile(at path: String, with temporary: String, reportedAs shown: String? = nil) throws {
    guard rename(temporary, path) == 0 else {
        let error = fileError(shown ?? path, "cannot be replaced")
        unlink(temporary)
        throw error
    }
}

/// An error naming `path`, what failed and the system's reason (`errno`).
private func fileError(_ path: String, _ what: String) -> EmberError {
    EmberError.invalidFile(path: path, message: "\(what): \(String(cString: strerror(errno)))")
}
