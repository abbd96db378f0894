import Ember
import Foundation
import Testing

/// The tape against PyTorch's autograd on a small residual network, from values PyTorch
/// computed (Fixtures/make_torch_resnet_fixture.py wrote them; no PyTorch is needed here).
@Suite struct TorchParityTests {
    static let folder = TestData.projectRoot.appendingPathComponent("Tests/EmberTests/Fixtures/torch_resnet").path

    func fixture(_ name: String) throws -> Tensor { try loadTensor(from: TorchParityTests.folder + "/\(name).npy") }

    @Test func residualNetworkGradientsMatchPyTorch() throws {
        let stem = try Conv2d(1, 2, kernelSize: 3, padding: 1)
        let conv1 = try Conv2d(2, 2, kernelSize: 3, padding: 1)
        let conv2 = try Conv2d(2, 2, kernelSize: 3, padding: 1)
        let fc = try Linear(8, 3)
        var all: [(String, Parameter)] = []
        for (name, layer) in [("stem", stem as any Module), ("conv1", conv1), ("conv2", conv2), ("fc", fc)] {
            for parameter in layer.parameters { all.append((name + "_" + parameter.name, parameter)) }
        }
        for (name, parameter) in all { try parameter.assign(try fixture(name)) }

        let x = Variable(try fixture("x"), requiresGrad: true)
        let h = try stem(x).relu()
        let r = try (try conv2(try conv1(h).relu()) + h).relu()
        let out = try fc(try r.maxPool2d(kernelSize: 2).flatten(startAxis: 1))
        let loss = try Variable.crossEntropy(out, try fixture("y"))
        try loss.backward()

        #expect(Swift.abs(try loss.value.item() - (try fixture("loss").item())) <= 1e-6)
        try expectClose(try #require(x.grad), try fixture("x_grad"), "x")
        for (name, parameter) in all { try expectClose(parameter.grad, try fixture(name + "_grad"), name) }
    }

    func expectClose(_ actual: Tensor, _ expected: Tensor, _ name: String) throws {
        #expect(actual.shape == expected.shape, "\(name)")
        let error = try (try actual - expected).abs().max().item()
        #expect(error <= 1e-5, "\(name): largest difference \(error)")
    }
}
