// Writing a file so that readers see either the old content or the whole new content, never a
// part: the bytes go to a temporary file in the same folder (so the rename stays on one file
// system), are flushed to disk, and the temporary file is renamed over the target.

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
    let temporary = temporaryPath(beside: path)
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard descriptor >= 0 else { throw fileError(path, "cannot be written") }
    do {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw fileError(path, "cannot be written") }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else { throw fileError(path, "cannot be flushed to disk") }
    } catch {
        close(descriptor)
        unlink(temporary)
        throw error
    }
    close(descriptor)
    try replaceFile(at: path, with: temporary)
}

/// A fresh hidden name in the folder of `path`, for a file that will be renamed to `path`.
func temporaryPath(beside path: String) -> String {
    let url = URL(fileURLWithPath: path)
    return url.deletingLastPathComponent().appendingPathComponent(
        ".\(url.lastPathComponent).\(UUID().uuidString).tmp"
    ).path
}

/// Renames `temporary` over `path` in one step, removing `temporary` if that fails.
func replaceFile(at path: String, with temporary: String) throws {
    guard rename(temporary, path) == 0 else {
        let error = fileError(path, "cannot be replaced")
        unlink(temporary)
        throw error
    }
}

/// An error naming `path`, what failed and the system's reason (`errno`).
private func fileError(_ path: String, _ what: String) -> EmberError {
    EmberError.invalidFile(path: path, message: "\(what): \(String(cString: strerror(errno)))")
}
