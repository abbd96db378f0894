import EmberShell
import Foundation
import Testing

/// A fresh temporary folder for one test.
private func exportFolder() throws -> String {
    let folder = NSTemporaryDirectory() + "ember-export-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}

/// The bytes of a file, or none.
private func bytes(_ path: String) -> [UInt8] {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
}

/// The architecture script `ember export` builds the model with.
private let architecture = """
    import torch
    import torch.nn as nn
    net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(8, 3))
    example_input = torch.zeros(1, 1, 4, 4)

    """

@Suite struct ExportShellTests {
    @Test func torchOnnxExportWritesTheLibrarysModel() throws {
        let folder = try exportFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shell = CapturedSession()
        shell.run(architecture)
        let path = folder + "/net.onnx"
        #expect(shell.run("torch.onnx.export(net, (torch.zeros(1, 1, 4, 4),), '\(path)')") == "exported \(path)\n")
        let net = try #require(shell.session.module(named: "net"))
        #expect(bytes(path) == (try onnxModel(net, exampleInput: try Tensor.zeros([1, 1, 4, 4]))))
    }

    @Test func torchOnnxExportRefusesAnInputThatIsNoTensor() {
        let shell = CapturedSession()
        shell.run(architecture)
        let output = shell.run("torch.onnx.export(net, 3, 'never.onnx')")
        #expect(output.contains("TypeError: export(): args must be an example input tensor, not int"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: "never.onnx"))
    }

    @Test func emberExportLoadsTheWeightsIntoTheScriptsModel() throws {
        let folder = try exportFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shell = CapturedSession(seed: 4)
        shell.run(architecture + "net(torch.randn(5, 1, 4, 4))\nsave(net, '\(folder)/w.safetensors')")
        try architecture.write(toFile: folder + "/arch.ember", atomically: true, encoding: .utf8)
        let result = try EmberBinary.run([
            "export", "--onnx", folder + "/cmd.onnx", "--arch", folder + "/arch.ember", folder + "/w.safetensors",
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == "exported \(folder)/cmd.onnx\n")
        // The script's fresh model took the trained weights and running statistics.
        shell.run("torch.onnx.export(net, example_input, '\(folder)/shell.onnx')")
        #expect(!bytes(folder + "/cmd.onnx").isEmpty)
        #expect(bytes(folder + "/cmd.onnx") == bytes(folder + "/shell.onnx"))
    }

    @Test func emberExportSaysWhatIsMissing() throws {
        let folder = try exportFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "x = 1\n".write(toFile: folder + "/arch.ember", atomically: true, encoding: .utf8)
        let noNet = try EmberBinary.run([
            "export", "--onnx", folder + "/m.onnx", "--arch", folder + "/arch.ember", folder + "/w.safetensors",
        ])
        #expect(noNet.status == 1)
        #expect(noNet.error == "ember export: \(folder)/arch.ember does not assign a model to `net`\n")
        try architecture.write(toFile: folder + "/arch.ember", atomically: true, encoding: .utf8)
        let badShape = try EmberBinary.run([
            "export", "--onnx", folder + "/m.onnx", "--arch", folder + "/arch.ember", "--input-shape", "1,x",
            folder + "/w.safetensors",
        ])
        #expect(
            badShape.error
                == "ember export: --input-shape must be positive integers separated by commas, such as 1,1,28,28; got '1,x'\n"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["arch.ember"])
    }
}
