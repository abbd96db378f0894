import Ember
import Foundation
import Testing

@Suite struct IDXTests {
    func header(type: UInt8 = 0x08, dimensions: [UInt32]) -> [UInt8] {
        [0, 0, type, UInt8(dimensions.count)]
            + dimensions.flatMap { d in (0..<4).reversed().map { UInt8((d >> (8 * UInt32($0))) & 0xFF) } }
    }

    func expectError(_ bytes: [UInt8], contains text: String) {
        do {
            _ = try IDXArray(parsing: bytes, path: "file.idx")
            Issue.record("expected an error containing \(text)")
        } catch {
            #expect("\(error)".contains(text), "\(error)")
            #expect("\(error)".hasPrefix("file.idx: "))
        }
    }

    @Test func readsTheRealMNISTTestSplit() throws {
        let labels = try IDXArray(contentsOf: TestData.mnistDirectory + "/t10k-labels-idx1-ubyte.gz")
        #expect(labels.shape == [10000])
        #expect(labels.floats().prefix(10) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
        let images = try IDXArray(contentsOf: TestData.mnistDirectory + "/t10k-images-idx3-ubyte.gz")
        #expect(images.shape == [10000, 28, 28])
        #expect(images.dataType == .uint8)
        #expect(images.payload.count == 7_840_000)
    }

    @Test func parsesEveryElementType() throws {
        let shorts = try IDXArray(parsing: header(type: 0x0B, dimensions: [2]) + [0xFF, 0xFE, 0x01, 0x00], path: "s")
        #expect(shorts.floats() == [-2, 256])
        let floats = try IDXArray(parsing: header(type: 0x0D, dimensions: [1]) + [0x3F, 0xC0, 0, 0], path: "f")
        #expect(floats.floats() == [1.5])
    }

    @Test func malformedFilesGiveClearErrors() {
        expectError([1, 2], contains: "too short for an IDX header")
        expectError([0x1F, 0x8B, 0x08, 0x01, 0, 0, 0, 1], contains: "wrong magic number (1f 8b 8 1)")
        expectError([0, 0, 0x08, 2, 0, 0], contains: "truncated IDX header")
        expectError(
            header(dimensions: [2, 3]) + [1, 2, 3], contains: "need 6 bytes of data, the file has 3 (truncated)")
        expectError(header(dimensions: [2]) + [1, 2, 3], contains: "need 2 bytes of data, the file has 3")
        expectError(
            header(dimensions: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF]), contains: "need more data than the file's")
    }

    @Test func truncatedGzipIsReported() throws {
        let original = try readFileBytes(TestData.mnistDirectory + "/t10k-labels-idx1-ubyte.gz", inflatingGzip: false)
        let path = try TestData.temporaryFile(Array(original.prefix(original.count / 2)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try IDXArray(contentsOf: path)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "\(path): the gzip stream is truncated (it ends before its last block)")
        }
    }

    @Test func corruptGzipAndMissingFilesAreReported() throws {
        let path = try TestData.temporaryFile([0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF])
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: EmberError.self) { try IDXArray(contentsOf: path) }
        do {
            _ = try IDXArray(contentsOf: "/nonexistent/file.idx")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "/nonexistent/file.idx: no such file")
        }
    }

    @Test func concatenatedGzipMembersAreJoined() throws {
        let original = try readFileBytes(TestData.mnistDirectory + "/t10k-labels-idx1-ubyte.gz", inflatingGzip: false)
        let doubled = try Gzip.decompress(original + original, path: "twice")
        #expect(doubled.count == 2 * 10_008)
    }
}
