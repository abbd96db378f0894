import Ember
import Foundation
import Testing

/// The files in `Tests/EmberTests/Fixtures` (see the README there for how they were made).
func fixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/" + name)
        .path
}

/// Every parameter and buffer value of `module` as bit patterns, and its BatchNorm counts.
func state(_ module: Sequential) -> [[UInt32]] {
    module.allParameters().map { $0.value.scalars.map(\.bitPattern) }
        + module.namedBuffers().map { $0.buffer.value.scalars.map(\.bitPattern) }
        + [module.layers.compactMap { ($0 as? BatchNorm).map { UInt32($0.batchesTracked) } }]
}

/// The model of `small_python.safetensors`, with `width` hidden features (2 in the file).
func smallModel(width: Int = 2, extra: [any Module] = []) throws -> Sequential {
    Sequential(
        [try Linear(3, width), try BatchNorm1d(width), ReLU(), try Linear(width, 1)] + extra)
}

/// The model of `conv_python.safetensors`.
func convModel(seed: UInt64) throws -> Sequential {
    let generator = Generator(seed: seed)
    return Sequential(
        try Conv2d(1, 2, kernelSize: 3, generator: generator), try BatchNorm2d(2), ReLU(), Flatten(),
        try Linear(8, 3, generator: generator))
}

@Suite struct CheckpointTests {
    @Test func saveThenLoadIsBitExact() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let trained = try convModel(seed: 1)
        // Training-mode forwards move the running statistics and the batch count.
        for _ in 0..<3 { _ = try trained(try Tensor.randn([4, 1, 4, 4], generator: Generator(seed: 2))) }
        let fresh = try convModel(seed: 99)
        #expect(state(fresh) != state(trained))
        try save(trained, to: directory + "/model.safetensors")
        try load(into: fresh, from: directory + "/model.safetensors")
        #expect(state(fresh) == state(trained))
        #expect((fresh.layers[1] as? BatchNorm)?.batchesTracked == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["model.safetensors"])
    }

    @Test func readsWhatPythonWrote() throws {
        let net = try smallModel()
        try load(into: net, from: fixture("small_python.safetensors"))
        let values =
            net.namedParameters().map { ($0.name, $0.parameter.value.scalars) }
            + net.namedBuffers().map { ($0.name, $0.buffer.value.scalars) }
        let expected: [(String, [Float])] = [
            ("0.weight", [-0.5, -0.25, 0, 0.25, 0.5, 0.75]), ("0.bias", [0.1, -0.2]),
            ("1.weight", [1.5, -2]),
            ("1.bias", [0, 3.25]), ("3.weight", [1e-3, -7]), ("3.bias", [123.456]),
            ("1.running_mean", [0.5, -0.5]), ("1.running_var", [2, 0.25]),
        ]
        #expect(values.map(\.0) == expected.map(\.0))
        #expect(values.map(\.1) == expected.map(\.1))
        #expect((net.layers[1] as? BatchNorm)?.batchesTracked == 42)
        #expect(net.layers[0].allParameters()[0].value.shape == [2, 3])
    }

    /// Ember's files are byte-identical to those of Python's safetensors for the same tensors, so
    /// PyTorch reads them as it reads its own.
    @Test func writesTheBytesPythonWrites() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let small = try smallModel()
        try load(into: small, from: fixture("small_python.safetensors"))
        try save(small, to: directory + "/small.safetensors")
        #expect(
            try readFileBytes(directory + "/small.safetensors")
                == readFileBytes(fixture("small_python.safetensors")))

        let conv = try convModel(seed: 3)
        // The values make_fixtures.py gives: ((i · 7 + length of the name) mod 13 − 6) / 8.
        func formula(_ name: String, _ count: Int) -> [Float] {
            (0..<count).map { Float((($0 * 7 + name.count) % 13) - 6) / 8 }
        }
        for (name, parameter) in conv.namedParameters() {
            try parameter.assign(
                try Tensor(shape: parameter.value.shape, scalars: formula(name, parameter.value.count)))
        }
        for (name, buffer) in conv.namedBuffers() {
            try buffer.assign(
                try Tensor(shape: buffer.value.shape, scalars: formula(name, buffer.value.count)))
        }
        (conv.layers[1] as? BatchNorm)?.batchesTracked = 7
        try save(conv, to: directory + "/conv.safetensors", metadata: ["format": "pt"])
        #expect(
            try readFileBytes(directory + "/conv.safetensors")
                == readFileBytes(fixture("conv_python.safetensors")))
    }

    @Test func aFileForAnotherModelIsRefusedAndChangesNothing() throws {
        let path = fixture("small_python.safetensors")
        let cases: [(Sequential, String)] = [
            (
                try smallModel(width: 4),
                "tensor '0.weight' has shape [2, 3] in the file but [4, 3] in the model"
            ),
            (
                try smallModel(extra: [ReLU(), try Linear(1, 1)]),
                "does not match the model: missing 5.weight, 5.bias"
            ),
            (
                Sequential(try Linear(3, 2), try BatchNorm1d(2)),
                "does not match the model: unexpected 3.bias, 3.weight"
            ),
            (
                Sequential(try Linear(3, 2), try Linear(2, 1), ReLU(), try Linear(1, 1)),
                "does not match the model: unexpected 1.num_batches_tracked, 1.running_mean, 1.running_var"
            ),
            (
                Sequential(try Linear(3, 2), try BatchNorm1d(2), try Linear(2, 1), try Linear(1, 1)),
                "does not match the model: missing 2.weight, 2.bias"
            ),
        ]
        for (net, message) in cases {
            let before = state(net)
            do {
                try load(into: net, from: path)
                Issue.record("expected an error for \(message)")
            } catch {
                #expect("\(error)" == "\(path): \(message)")
            }
            #expect(state(net) == before)
        }
    }

    @Test func atomicWritesLeaveNoTemporaryFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeFileAtomically(Array("first".utf8), to: directory + "/notes.txt")
        try writeFileAtomically(Array("second".utf8), to: directory + "/notes.txt")
        #expect(try readFileBytes(directory + "/notes.txt") == Array("second".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["notes.txt"])
        do {
            try writeFileAtomically([1], to: directory + "/missing/notes.txt")
            Issue.record("expected an error")
        } catch {
            #expect(
                "\(error)" == "\(directory)/missing/notes.txt: cannot be written: No such file or directory")
        }
    }
}
