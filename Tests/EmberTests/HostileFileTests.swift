import Ember
import Foundation
import Synchronization
import Testing

/// Files crafted to crash, stall or exhaust the readers: each must give a clear error naming the
/// file, quickly, without allocating what the file merely claims.
@Suite struct HostileFileTests {
    func idxHeader(type: UInt8 = 0x08, _ dimensions: [UInt32]) -> [UInt8] {
        [0, 0, type, UInt8(dimensions.count)]
            + dimensions.flatMap { d in (0..<4).reversed().map { UInt8((d >> (8 * UInt32($0))) & 0xFF) } }
    }

    /// `bytes` compressed by the system's gzip.
    func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
        let input = try TestData.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-c", "-n", input]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }

    @Test func anEmptyIDXArrayWithHugeAxesIsRefused() throws {
        let bytes = idxHeader([0, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF])
        #expect(bytes.count == 24)
        #expect(
            errorMessage { try IDXArray(parsing: bytes, path: "empty.idx") }
                == "empty.idx: dimensions [0, 4294967295] are too large: even empty, the other dimensions "
                + "multiply past 268435456 elements")
        let path = try TestData.temporaryFile(idxHeader([0, 1 << 31, 1 << 31]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(errorMessage { try IDXArray(contentsOf: path) }.contains("dimensions [0, 2147483648] are too large"))
        // Empty arrays of sizes a tensor can have are read as they are.
        #expect(try IDXArray(parsing: idxHeader([0, 28, 28]), path: "e").shape == [0, 28, 28])
    }

    @Test func gzipIsInflatedOnlyAsFarAsTheIDXHeaderDeclares() throws {
        let declared = idxHeader([16]) + [UInt8](repeating: 7, count: 16)
        let bomb = try gzipped(declared + [UInt8](repeating: 0, count: 64 << 20))
        #expect(bomb.count < 200_000)
        let path = try TestData.temporaryFile(bomb)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let start = Date()
        #expect(
            errorMessage { try IDXArray(contentsOf: path) }
                == "\(path): decompresses to more than the 24 bytes its IDX header declares (uint8 of shape [16])")
        #expect(Date().timeIntervalSince(start) < 2)
        // The same file without the padding reads normally.
        let good = try TestData.temporaryFile(try gzipped(declared))
        defer { try? FileManager.default.removeItem(atPath: good) }
        #expect(try IDXArray(contentsOf: good).payload == [UInt8](repeating: 7, count: 16))
    }

    @Test func gzipLargerThanOneInputPieceIsStreamed() throws {
        var generator = SystemRandomNumberGenerator()
        let original = (0..<(3 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let compressed = try gzipped(original)
        #expect(compressed.count > 2 << 20)
        #expect(try Gzip.decompress(compressed, path: "random") == original)
        #expect(
            errorMessage { try Gzip.decompress(compressed, path: "random", limit: 1 << 20) }
                == "random: decompresses to more than 1048576 bytes")
    }

    /// A safetensors file for `Linear(1, 1)` whose weight entry carries `extra` JSON.
    func linearCheckpoint(extra: String) -> [UInt8] {
        let header =
            #"{"bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
            + #""weight":{"dtype":"F32","shape":[1,1],"data_offsets":[4,8],"extra":"# + extra + "}}"
        var bytes = Array(header.utf8)
        bytes += [UInt8](repeating: 0x20, count: (8 - bytes.count % 8) % 8)
        let length = (0..<8).map { UInt8((bytes.count >> (8 * $0)) & 0xFF) }
        return length + bytes + [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]  // bias 1, weight 2
    }

    @Test func aLargeHeaderOfNumbersLoadsInLinearTime() throws {
        let numbers = "[" + (0..<150_000).map { "\($0 % 1000).5e1" }.joined(separator: ",") + "]"
        let path = try TestData.temporaryFile(linearCheckpoint(extra: numbers), suffix: ".safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let layer = try Linear(1, 1)
        let start = Date()
        try load(into: layer, from: path)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(layer.weight.value.scalars == [2] && layer.bias?.value.scalars == [1])
    }

    @Test func deepHeadersAreRefusedWithoutDeepRecursion() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let path = try TestData.temporaryFile(linearCheckpoint(extra: deep))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(errorMessage { try load(into: try Linear(1, 1), from: path) }.contains("nested more than 64 deep"))
    }

    @Test func cancellationStopsALoadAndLeavesTheModel() throws {
        let path = try TestData.temporaryFile(linearCheckpoint(extra: "0"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let layer = try Linear(1, 1)
        let before = layer.weight.value
        Cancellation.isRequested.withValue({ true }) {
            #expect(errorMessage { try load(into: layer, from: path) } == "reading \(path): interrupted")
        }
        #expect(layer.weight.value == before)
    }

    @Test func aLoadTooLargeForMemoryIsAnError() throws {
        let path = try TestData.temporaryFile(linearCheckpoint(extra: "0"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        MemoryBudget.limit.withValue(4) {
            #expect(errorMessage { try load(into: try Linear(1, 1), from: path) }.contains("not enough memory for"))
        }
    }

    @Test func npyShapesThatCannotBeTensorsAreFileErrors() throws {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 1099511627776, 1099511627776), }"
        header += String(repeating: " ", count: 63 - (header.utf8.count + 10) % 64) + "\n"
        let length = header.utf8.count
        let bytes: [UInt8] =
            [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
        let path = try TestData.temporaryFile(bytes, suffix: ".npy")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            errorMessage { try loadTensor(from: path) }.hasPrefix(
                "\(path): shape [0, 1099511627776, 1099511627776] is too large"))
    }

    @Test func npyHeadersOfGigabytesAreRefusedBeforeReading() throws {
        let bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [2, 0, 0xFF, 0xFF, 0xFF, 0x7F] + Array("{".utf8)
        let path = try TestData.temporaryFile(bytes, suffix: ".npy")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            errorMessage { try loadTensor(from: path) }
                == "\(path): the header length 2147483647 is more than the 1048576 bytes allowed")
    }

    @Test func cancellationStopsAReadPartWay() throws {
        // 40 MB of data, read in five pieces with a poll before each (after one poll for each
        // of the three small reads of the magic number and the header): stopped at the third.
        let path = try TestData.temporaryFile(idxHeader([40 << 20]) + [UInt8](repeating: 1, count: 40 << 20))
        defer { try? FileManager.default.removeItem(atPath: path) }
        final class Polls: Sendable { let count = Atomic<Int>(0) }
        let polls = Polls()
        Cancellation.isRequested.withValue({ polls.count.add(1, ordering: .relaxed).newValue > 5 }) {
            #expect(errorMessage { try IDXArray(contentsOf: path) } == "reading \(path): interrupted")
        }
        #expect(polls.count.load(ordering: .relaxed) == 6)
    }
}
