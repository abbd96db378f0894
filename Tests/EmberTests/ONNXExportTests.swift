import Ember
import Foundation
import Testing

/// The tutorial's CNN for 28×28 images.
func tutorialCNN(seed: UInt64) throws -> Sequential {
    let g = Generator(seed: seed)
    return Sequential(
        try Conv2d(1, 10, kernelSize: 5, generator: g), try MaxPool2d(2), ReLU(),
        try Conv2d(10, 20, kernelSize: 5, generator: g), try MaxPool2d(2), ReLU(), Flatten(),
        try Linear(320, 120, generator: g), ReLU(), try Linear(120, 10, generator: g))
}

/// A layer ONNX export has no mapping for.
private final class Doubling: Module {
    var isTraining = true
    let trace = Trace()
    var description: String { "Doubling()" }
    func forward(_ input: Tensor) throws -> Tensor { input.map { 2 * $0 } }
    func backward(_ gradOutput: Tensor) throws -> Tensor { gradOutput.map { 2 * $0 } }
}

/// Exports `net`, runs it in Ember in evaluation mode on inputs of each batch size, and has
/// onnx's checker and onnxruntime check the file against Ember's outputs.
func checkInOnnxruntime(
    _ net: Sequential, sampleShape: [Int], batches: [Int] = [1, 7], seed: UInt64 = 5
) throws -> String {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    net.eval()
    let generator = Generator(seed: seed)
    try exportONNX(
        net, exampleInput: try Tensor.randn([1] + sampleShape, generator: generator), to: directory + "/m.onnx")
    var arguments = [directory + "/m.onnx"]
    for batch in batches {
        let x = try Tensor.randn([batch] + sampleShape, generator: generator)
        try save(x, to: directory + "/x\(batch).npy")
        try save(try net(x), to: directory + "/y\(batch).npy")
        arguments += [directory + "/x\(batch).npy", directory + "/y\(batch).npy"]
    }
    let (status, output) = try PythonTools.run("check_onnx.py", arguments)
    #expect(status == 0, "\(output)")
    return output
}

@Suite struct ONNXExportTests {
    @Test func aLayerWithoutAnOperatorIsNamedAndNothingIsWritten() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let net = Sequential(try Linear(4, 3), Sequential(ReLU(), Doubling()))
        #expect {
            try exportONNX(net, exampleInput: try Tensor.zeros([2, 4]), to: directory + "/m.onnx")
        } throws: {
            "\($0)" == "exportONNX: layer '1.1' Doubling() has no ONNX operator; nothing was written"
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func anInputTheModelRefusesIsAnErrorNamingTheLayer() throws {
        let net = Sequential(try Linear(4, 3), ReLU())
        #expect {
            _ = try onnxModel(net, exampleInput: try Tensor.zeros([2, 5]))
        } throws: {
            "\($0)" == "exportONNX: in layer '0': Linear(4 → 3): expected input [N, 4], got [2, 5]"
        }
    }

    @Test func initializersTakeTheStateDictNames() throws {
        let net = Sequential(Sequential(try Linear(4, 3), try BatchNorm1d(3)), ReLU())
        let bytes = try onnxModel(net, exampleInput: try Tensor.zeros([1, 4]))
        for name in ["0.0.weight", "0.0.bias", "0.1.weight", "0.1.running_mean", "0.1.running_var"] {
            #expect(bytes.firstRange(of: Array(name.utf8)) != nil, "\(name)")
        }
    }

    @Test(.enabled(if: PythonTools.enabled, PythonTools.skipReason))
    func tutorialCNNMatchesOnnxruntime() throws {
        let output = try checkInOnnxruntime(try tutorialCNN(seed: 3), sampleShape: [1, 28, 28])
        #expect(output.contains("checked: ir 7, opset 13, io (['input'], ['output'])"), "\(output)")
        #expect(output.contains("batch 7: output [7, 10]"), "\(output)")
    }

    @Test(.enabled(if: PythonTools.enabled, PythonTools.skipReason))
    func trainedBatchNormMLPMatchesOnnxruntime() throws {
        let g = Generator(seed: 11)
        let net = Sequential(
            try Linear(6, 16, generator: g), try BatchNorm1d(16), ReLU(), try Linear(16, 3, generator: g))
        let optimizer = try SGD(net.allParameters(), learningRate: 0.05, momentum: 0.9)
        let loss = MSELoss()
        for _ in 0..<5 {
            let x = try Tensor.randn([8, 6], mean: 2, std: 3, generator: g)
            optimizer.zeroGrad()
            _ = try loss(try net(x), try Tensor.randn([8, 3], generator: g))
            try net.backwardParameters(try loss.backward())
            optimizer.step()
        }
        let norm = try #require(try net.layer(at: 1) as? BatchNorm)
        #expect(norm.runningMean.value.scalars.allSatisfy { $0 != 0 })
        _ = try checkInOnnxruntime(net, sampleShape: [6])
    }

    @Test(.enabled(if: PythonTools.enabled, PythonTools.skipReason))
    func everyOtherLayerMatchesOnnxruntime() throws {
        let g = Generator(seed: 12)
        let net = Sequential(
            try Conv2d(2, 4, kernelSize: 3, stride: 2, padding: 1, generator: g), try BatchNorm2d(4),
            LeakyReLU(negativeSlope: 0.2), try AvgPool2d(2, stride: 1, padding: 1),
            Sequential(Tanh(), try Dropout(p: 0.3)), try MaxPool2d(3, stride: 1, padding: 1), Sigmoid(),
            Flatten(startDim: 2), try Linear(49, 5, generator: g), Softmax(dim: -1), Flatten(),
            try Linear(20, 6, bias: false, generator: g), Softmax(), LogSoftmax(dim: 1))
        let norm = try #require(try net.layer(at: 1) as? BatchNorm)
        try norm.runningMean.assign(try Tensor(shape: [4], scalars: [0.1, -0.2, 0.3, 0.05]))
        try norm.runningVar.assign(try Tensor(shape: [4], scalars: [0.5, 2, 1.5, 0.8]))
        let output = try checkInOnnxruntime(net, sampleShape: [2, 11, 11])
        #expect(output.contains("batch 1: output [1, 6]"), "\(output)")
    }

    @Test(.enabled(if: PythonTools.enabled, PythonTools.skipReason))
    func aModelTrainedInTheShellRunsInOnnxruntime() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = """
            import torch
            import torch.nn as nn
            net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(36, 5))
            opt = torch.optim.SGD(net, lr=0.05, momentum=0.9)
            loss_fn = nn.CrossEntropyLoss()
            for i in range(5):
                x = torch.randn(8, 1, 8, 8)
                y = torch.randint(0, 5, (8,))
                opt.zero_grad()
                loss_fn(net(x), y)
                net.backward(loss_fn.backward())
                opt.step()
            net.eval()
            torch.onnx.export(net, torch.zeros(1, 1, 8, 8), '\(directory)/net.onnx')
            x = torch.randn(7, 1, 8, 8)
            save(x, '\(directory)/x.npy')
            save(net(x), '\(directory)/y.npy')
            """
        let ember = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("ember").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ember)
        process.arguments = ["-c", script]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let (status, output) = try PythonTools.run(
            "check_onnx.py", [directory + "/net.onnx", directory + "/x.npy", directory + "/y.npy"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("batch 7: output [7, 5]"), "\(output)")
        #expect(output.contains("same predictions True"), "\(output)")
    }
}
