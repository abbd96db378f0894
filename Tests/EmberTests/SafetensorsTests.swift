import Ember
import Foundation
import Testing

/// Hand-made safetensors files, good and hostile, loaded into `Sequential(Linear(2, 1))`.
@Suite struct SafetensorsTests {
    /// The bytes of a file with this header text and data section.
    func file(_ header: String, data: [UInt8]) -> [UInt8] {
        let json = Array(header.utf8)
        return (0..<8).map { UInt8(truncatingIfNeeded: json.count >> (8 * $0)) } + json + data
    }

    /// A header's JSON from its members.
    func header(_ members: String...) -> String {
        "{" + members.joined(separator: ",") + "}"
    }

    /// A header member describing one tensor.
    func member(_ name: String, _ shape: String, _ begin: Int, _ end: Int, dtype: String = "F32") -> String {
        "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[\(begin),\(end)]}"
    }

    /// Three floats, 1.5, −2 and 0.25, little-endian.
    let data: [UInt8] = [1.5, -2, 0.25].flatMap { (value: Float) in
        (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt32($0))) }
    }

    /// The error of loading `bytes` into a fresh model, checking the model is unchanged.
    func loadError(_ bytes: [UInt8]) throws -> String {
        let path = try TestData.temporaryFile(bytes, suffix: ".safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let net = Sequential(try Linear(2, 1, generator: Generator(seed: 4)))
        let before = net.allParameters().map(\.value)
        do {
            try load(into: net, from: path)
            return "no error"
        } catch {
            #expect(net.allParameters().map(\.value) == before)
            return "\(error)".replacingOccurrences(of: path + ": ", with: "")
        }
    }

    @Test func aWellFormedFileLoads() throws {
        let bytes = file(
            header(member("0.weight", "[1,2]", 0, 8), member("0.bias", "[1]", 8, 12)), data: data)
        #expect(try loadError(bytes) == "no error")
        let path = try TestData.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let net = Sequential(try Linear(2, 1))
        try load(into: net, from: path)
        #expect(net.allParameters().map(\.value.scalars) == [[1.5, -2], [0.25]])
    }

    @Test func aBatchNormWithoutItsBatchCountLoads() throws {
        let members = ["weight", "bias", "running_mean", "running_var"].enumerated().map {
            member("0." + $0.element, "[1]", 4 * $0.offset, 4 * $0.offset + 4)
        }
        let text = "{" + members.joined(separator: ",") + "}"
        let path = try TestData.temporaryFile(file(text, data: data + data.prefix(4)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let norm = try BatchNorm1d(1)
        norm.batchesTracked = 5
        try load(into: Sequential(norm), from: path)
        #expect(norm.runningVar.value.scalars == [1.5] && norm.batchesTracked == 5)
    }

    @Test func hostileFilesGiveClearErrors() throws {
        let weight = member("0.weight", "[1,2]", 0, 8)
        let good = header(weight, member("0.bias", "[1]", 8, 12))
        let cases: [([UInt8], String)] = [
            ([1, 0, 0], "is too short for a safetensors file: 3 bytes, but the header length alone takes 8"),
            (
                [16, 39, 0, 0, 0, 0, 0, 0] + Array("{}".utf8),
                "the header length 10000 goes beyond the end of the file (10 bytes)"
            ),
            (
                [0, 0, 0, 0, 0, 0, 0, 1],
                "the header length 72057594037927936 is more than the 100,000,000 bytes allowed"
            ),
            (
                file(good, data: Array(data.prefix(10))),
                "tensor '0.bias' has data_offsets [8, 12] outside the data section, which has 10 bytes"
            ),
            (
                file(header(weight, member("0.bias", "[1]", 8, 16)), data: data),
                "tensor '0.bias' has data_offsets [8, 16] outside the data section, which has 12 bytes"
            ),
            (
                file(header(weight, member("0.bias", "[1]", 4, 8)), data: data),
                "tensors '0.weight' and '0.bias' overlap: data_offsets [0, 8] and [4, 8]"
            ),
            (file(good, data: data + [0, 0, 0, 0]), "bytes 12..<16 of the data section belong to no tensor"),
            (
                file(header(member("0.weight", "[1,2]", 0, 8, dtype: "F128")), data: data),
                "tensor '0.weight' has dtype F128, which is not a safetensors dtype"
            ),
            (
                file(header(member("0.weight", "[1,3]", 0, 8)), data: data),
                "tensor '0.weight' of dtype F32 and shape [1, 3] takes 12 bytes, but its data_offsets [0, 8] span 8"
            ),
            (
                file(
                    header(member("0.weight", "[1,2]", 0, 4, dtype: "F16"), member("0.bias", "[1]", 4, 8)),
                    data: Array(data.prefix(8))), "tensor '0.weight' has dtype F16, but the model's is F32"
            ),
            (
                file(header(member("0.weight", "[2,1]", 0, 8), member("0.bias", "[1]", 8, 12)), data: data),
                "tensor '0.weight' has shape [2, 1] in the file but [1, 2] in the model"
            ),
            (file(header(weight), data: Array(data.prefix(8))), "does not match the model: missing 0.bias"),
            (
                file("{\"0.weight\":", data: data),
                "the header is not valid JSON: unexpected end at byte 12 of the header"
            ),
            (
                file(header(weight, weight), data: data),
                "the header is not valid JSON: the name \"0.weight\" appears twice at byte 63 of the header"
            ),
            (file("[1]", data: []), "the header is not a JSON object"),
            (
                file(header(member("0.weight", "[1,-2]", 0, 8)), data: data),
                "tensor '0.weight' has no valid shape (a list of non-negative integers)"
            ),
            (
                file(header(member("0.weight", "[1,2]", 8, 0)), data: data),
                "tensor '0.weight' has no valid data_offsets (two integers, begin ≤ end)"
            ),
            (file("{\"__metadata__\":{\"a\":1}}", data: []), "__metadata__ must map names to strings"),
        ]
        for (bytes, message) in cases {
            let actual = try loadError(bytes)
            #expect(actual == message)
        }
    }
}
