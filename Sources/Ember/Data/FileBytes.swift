// Reading a whole file, transparently inflating gzip, with errors that name the file.

import Foundation

/// The bytes of the file at `path`, decompressed first when it is gzip.
public func readFileBytes(_ path: String, inflatingGzip: Bool = true) throws -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw EmberError.invalidFile(path: path, message: "no such file")
    }
    guard !isDirectory.boolValue else {
        throw EmberError.invalidFile(path: path, message: "is a directory, not a file")
    }
    let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
    guard type == nil || type == .typeRegular else {
        throw EmberError.invalidFile(path: path, message: "is not a regular file")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw EmberError.invalidFile(path: path, message: "cannot be read (check its permissions)")
    }
    let bytes = [UInt8](data)
    if inflatingGzip && Gzip.isCompressed(bytes) {
        return try Gzip.decompress(bytes, path: path)
    }
    return bytes
}
