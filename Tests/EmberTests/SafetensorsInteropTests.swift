import Ember
import Foundation
import Testing

/// One tensor as Python's safetensors package read it: `name dtype [shape] values`.
private struct PythonTensor: Equatable {
    var name: String
    var dtype: String
    var shape: [Int]
    var values: [Double]

    /// Parses a line that safetensors_tool.py prints.
    init?(line: Substring) {
        let fields = line.split(separator: " ")
        guard fields.count >= 3, let close = fields.firstIndex(where: { $0.hasSuffix("]") }) else { return nil }
        name = String(fields[0])
        dtype = String(fields[1])
        let shapeText = fields[2...close].joined(separator: " ").dropFirst().dropLast()
        shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        values = fields[(close + 1)...].compactMap { Double($0) }
    }

    init(name: String, dtype: String, shape: [Int], values: [Double]) {
        (self.name, self.dtype, self.shape, self.values) = (name, dtype, shape, values)
    }
}

/// JSON for safetensors_tool.py's `write`: each value written as the shortest decimal that
/// reads back as the same Float32.
private func tensorSpec(_ tensors: [(name: String, dtype: String, shape: [Int], values: [Float])]) -> String {
    let members = tensors.map { tensor in
        let values = tensor.values.map { tensor.dtype == "int64" ? String(Int64($0)) : "\($0)" }
        return "\"\(tensor.name)\": {\"dtype\": \"\(tensor.dtype)\", \"shape\": \(tensor.shape), "
            + "\"values\": [\(values.joined(separator: ", "))]}"
    }
    return "{" + members.joined(separator: ", ") + "}"
}

@Suite(.enabled(if: PythonTools.enabled, PythonTools.skipReason))
struct SafetensorsInteropTests {
    @Test func pythonReadsEmbersNamesShapesDtypesAndValues() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let net = try convModel(seed: 7)
        for _ in 0..<2 { _ = try net(try Tensor.randn([3, 1, 4, 4], generator: Generator(seed: 8))) }
        try save(net, to: directory + "/net.safetensors")
        let (status, output) = try PythonTools.run("safetensors_tool.py", ["read", directory + "/net.safetensors"])
        #expect(status == 0, "\(output)")
        let read = output.split(separator: "\n").compactMap(PythonTensor.init(line:))
        let expected =
            (net.namedParameters().map { ($0.name, $0.parameter.value) }
            + net.namedBuffers().map { ($0.name, $0.buffer.value) }).map {
                PythonTensor(name: $0.0, dtype: "float32", shape: $0.1.shape, values: $0.1.scalars.map(Double.init))
            } + [PythonTensor(name: "1.num_batches_tracked", dtype: "int64", shape: [], values: [2])]
        #expect(read == expected.sorted { $0.name < $1.name })
    }

    @Test func pythonReadsTheTypesOfNamedTensors() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/typed.safetensors"
        try saveTensors(
            [
                ("labels", try Tensor(shape: [3], scalars: [7, 0, -2]), .i64),
                ("mask", try Tensor(shape: [2], scalars: [1, 0]), .bool),
                ("values", try Tensor(shape: [1], scalars: [0.5]), .f32),
            ], to: path)
        let (status, output) = try PythonTools.run("safetensors_tool.py", ["read", path])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines == ["labels int64 [3] 7 0 -2", "mask bool [2] True False", "values float32 [1] 0.5"])
        let loaded = try loadTypedTensors(from: path)
        #expect(loaded.map(\.type) == [.i64, .bool, .f32])
        #expect(loaded.map(\.tensor.scalars) == [[7, 0, -2], [1, 0], [0.5]])
    }

    @Test func emberLoadsWhatPythonWrote() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tensors: [(name: String, dtype: String, shape: [Int], values: [Float])] = [
            ("0.weight", "float32", [2, 3], [0.1, -0.2, 0.3, 1e-7, -5.5, 65504]),
            ("0.bias", "float32", [2], [0.25, -1]), ("1.weight", "float32", [2], [1.5, 0.75]),
            ("1.bias", "float32", [2], [-0.125, 3]), ("1.running_mean", "float32", [2], [0.3, -0.7]),
            ("1.running_var", "float32", [2], [1.25, 0.5]), ("1.num_batches_tracked", "int64", [], [42]),
            ("3.weight", "float32", [1, 2], [2, -3]), ("3.bias", "float32", [1], [0.001]),
        ]
        try tensorSpec(tensors).write(toFile: directory + "/spec.json", atomically: true, encoding: .utf8)
        let (status, output) = try PythonTools.run(
            "safetensors_tool.py", ["write", directory + "/py.safetensors", directory + "/spec.json"])
        #expect(status == 0, "\(output)")
        let net = try smallModel()
        try load(into: net, from: directory + "/py.safetensors")
        let state = Dictionary(
            uniqueKeysWithValues: net.namedParameters().map { ($0.name, $0.parameter.value) }
                + net.namedBuffers().map { ($0.name, $0.buffer.value) })
        for tensor in tensors where tensor.dtype == "float32" {
            #expect(state[tensor.name]?.shape == tensor.shape, "\(tensor.name)")
            #expect(state[tensor.name]?.scalars.map(\.bitPattern) == tensor.values.map(\.bitPattern), "\(tensor.name)")
        }
        #expect((try net.layer(at: 1) as? BatchNorm)?.batchesTracked == 42)
    }
}
