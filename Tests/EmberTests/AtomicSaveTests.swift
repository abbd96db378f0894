import Ember
import Foundation
import Testing

/// `save` replaces the file a path names, keeping its permissions, through symbolic links, and
/// without leaving temporary files behind, even after a save that was killed.
@Suite struct AtomicSaveTests {
    func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func replacingAFileKeepsItsPermissions() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/w.npy"
        try save(Tensor([1, 2]), to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try save(Tensor([3, 4]), to: path)
        #expect(try mode(path) == 0o600)
        #expect(try loadTensor(from: path).scalars == [3, 4])
    }

    @Test func aSymbolicLinkStaysAndItsTargetIsReplaced() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/real", withIntermediateDirectories: true)
        let link = directory + "/latest.npy"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real/model.npy")
        // The link dangles until the first save creates its target.
        try save(Tensor([1]), to: link)
        try save(Tensor([5, 6]), to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real/model.npy")
        #expect(try loadTensor(from: directory + "/real/model.npy").scalars == [5, 6])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/real") == ["model.npy"])
    }

    @Test func aKilledSavesTemporaryFileIsRemovedByTheNextSaveOrLoad() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A process id no process has: the save that wrote this file has ended.
        let dead = try #require((100_000..<4_000_000).first { kill(Int32($0), 0) != 0 && errno == ESRCH })
        let stale = directory + "/.net.npy.ember-save-\(dead)-0A1B2C3D.tmp"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: stale))
        let other = directory + "/.other.ember-save-\(dead)-0A1B2C3D.tmp"
        try Data([1]).write(to: URL(fileURLWithPath: other))
        try save(Tensor([1]), to: directory + "/net.npy")
        #expect(!FileManager.default.fileExists(atPath: stale))
        // Only the temporaries of the path saved are touched.
        #expect(FileManager.default.fileExists(atPath: other))
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: stale))
        _ = try loadTensor(from: directory + "/net.npy")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == [
                ".other.ember-save-\(dead)-0A1B2C3D.tmp", "net.npy",
            ])
    }
}
