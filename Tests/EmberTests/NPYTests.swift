import Ember
import Foundation
import Testing

@Suite struct NPYTests {
    /// Ember's .npy files are byte-identical to numpy.save's for the same float32 arrays.
    @Test func writesTheBytesNumPyWrites() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tensors: [(String, Tensor)] = [
            ("expected_scalar.npy", Tensor(3.5)),
            ("expected_vector.npy", Tensor([1, 2, 3])),
            ("expected_images.npy", try (try Tensor.arange(0, 32) / 32).reshape([2, 1, 4, 4])),
        ]
        for (name, tensor) in tensors {
            try save(tensor, to: directory + "/" + name)
            #expect(try readFileBytes(directory + "/" + name) == readFileBytes(fixture(name)), "\(name)")
        }
    }

    @Test func readsWhatNumPyWrote() throws {
        let floats = try loadTensor(from: fixture("numpy_f4.npy"))
        #expect(floats.shape == [2, 3, 4])
        #expect(floats.scalars == (0..<24).map { Float($0) / 8 - 1 })
        let fortran = try loadTensor(from: fixture("numpy_f8_fortran.npy"))
        #expect(fortran == (try Tensor(shape: [2, 3], scalars: [0, 0.5, 1, 1.5, 2, 2.5])))
        #expect(try loadTensor(from: fixture("numpy_i8.npy")) == Tensor([-3, 0, 5, 1_099_511_627_776]))
        #expect(try loadTensor(from: fixture("numpy_big_endian.npy")) == Tensor([1.5, -2.25]))
        #expect(
            try loadTensor(from: fixture("numpy_bool.npy"))
                == (try Tensor(shape: [2, 2], scalars: [1, 0, 0, 1])))
    }

    @Test func aRoundTripIsBitExact() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tensor = try Tensor.randn([3, 5, 7], generator: Generator(seed: 8))
        try save(tensor, to: directory + "/x.npy")
        let loaded = try loadTensor(from: directory + "/x.npy")
        #expect(loaded.shape == tensor.shape)
        #expect(loaded.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern))
        // Data starts at a multiple of 64 bytes, as NumPy aligns it.
        #expect(try readFileBytes(directory + "/x.npy").count == 128 + 4 * 105)
    }

    @Test func malformedFilesGiveClearErrors() throws {
        let good = try readFileBytes(fixture("expected_vector.npy"))
        func header(_ dict: String) -> [UInt8] {
            let text = Array((dict + "\n").utf8)
            return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(text.count), 0] + text
        }
        let cases: [([UInt8], String)] = [
            (Array("PK\u{3}\u{4}".utf8) + good, "not a .npy file: it does not start with \\x93NUMPY"),
            (Array(good.dropLast(2)), "shape [3] of <f4 needs 12 bytes of data, the file has 10"),
            (Array(good.prefix(60)), "the header length 118 goes beyond the end of the file (60 bytes)"),
            (
                header("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }") + [
                    0, 0, 0, 0, 0, 0, 0, 0,
                ],
                "unsupported .npy dtype '<c8' (Ember reads float, integer and bool arrays)"
            ),
            (
                header("{'descr': '<f4', 'shape': (1,), }") + [0, 0, 0, 0],
                "the .npy header lacks descr, fortran_order or shape"
            ),
            (
                header("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"),
                "shape [4294967296, 4294967296] needs more data than the file's 0 bytes"
            ),
            (header("not a dict"), "the .npy header is not a Python dict"),
        ]
        for (bytes, message) in cases {
            let path = try TestData.temporaryFile(bytes, suffix: ".npy")
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                _ = try loadTensor(from: path)
                Issue.record("expected an error: \(message)")
            } catch {
                #expect("\(error)" == "\(path): \(message)")
            }
        }
    }
}
