import Ember
import Foundation
import Testing

/// A module keeping its layers in one named attribute, as a PyTorch class with
/// `self.features = nn.Sequential(...)` does: its state names start with `features.`.
private final class Features: Module {
    let features: Sequential
    var isTraining = true
    let trace = Trace()
    init(_ features: Sequential) { self.features = features }
    var description: String { "Features" }
    var children: [(name: String, module: any Module)] { [("features", features)] }
    func forward(_ input: Tensor) throws -> Tensor { try features(input) }
    func backward(_ gradOutput: Tensor) throws -> Tensor { try features.backward(gradOutput) }
}

/// Every parameter and buffer of `module` by name, as bit patterns.
private func namedState(_ module: any Module) -> [String: [UInt32]] {
    Dictionary(
        uniqueKeysWithValues: module.namedParameters().map { ($0.name, $0.parameter.value.scalars.map(\.bitPattern)) }
            + module.namedBuffers().map { ($0.name, $0.buffer.value.scalars.map(\.bitPattern)) })
}

@Suite struct StateDictMatchingTests {
    @Test func aPrefixEveryNameOfTheFileCarriesIsSetAside() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let trained = Features(try smallModel())
        _ = try trained(try Tensor.randn([4, 3], generator: Generator(seed: 3)))
        try save(trained, to: directory + "/features.safetensors")
        let plain = try smallModel(width: 2)
        let report = try load(into: plain, from: directory + "/features.safetensors")
        #expect(report.filePrefix == "features.")
        #expect("\(report)" == "all keys matched (the file's prefix 'features.' set aside)")
        #expect(namedState(Features(plain)) == namedState(trained))
        #expect((try plain.layer(at: 1) as? BatchNorm)?.batchesTracked == 1)
    }

    @Test func aPrefixEveryNameOfTheModelCarriesIsSetAside() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plain = try smallModel()
        try save(plain, to: directory + "/plain.safetensors")
        let wrapped = Features(try smallModel())
        let report = try load(into: wrapped, from: directory + "/plain.safetensors")
        #expect("\(report)" == "all keys matched (the model's prefix 'features.' set aside)")
        #expect(namedState(wrapped.features) == namedState(plain))
    }

    @Test func aStrictLoadNamesEveryDifferenceAndChangesNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/extra.safetensors"
        try save(try smallModel(extra: [try Linear(1, 2)]), to: path)
        let net = try smallModel()
        let before = namedState(net)
        #expect {
            try load(into: Sequential(try Linear(3, 2)), from: path)
        } throws: {
            "\($0)"
                == "\(path): does not match the model: unexpected 1.num_batches_tracked, 1.bias, "
                + "1.running_mean, 1.running_var, 1.weight, 3.bias, 3.weight, 4.bias, 4.weight"
        }
        #expect {
            try load(into: net, from: path)
        } throws: {
            "\($0)" == "\(path): does not match the model: unexpected 4.bias, 4.weight"
        }
        #expect(namedState(net) == before)
    }

    @Test func aLooseLoadTakesWhatMatchesAndReportsTheRest() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/partial.safetensors"
        let source = Sequential(try Linear(3, 2), ReLU(), try Linear(2, 4))
        try save(source, to: path)
        let net = Sequential(try Linear(3, 2), ReLU(), try Linear(2, 4), ReLU(), try Linear(4, 1))
        let last = namedState(try net.layer(at: 4))
        let report = try load(into: net, from: path, strict: false)
        #expect(report.missingKeys == ["4.weight", "4.bias"])
        #expect(report.unexpectedKeys.isEmpty)
        #expect("\(report)" == "missing keys: 4.weight, 4.bias")
        #expect(namedState(try net.layer(at: 0)) == namedState(try source.layer(at: 0)))
        #expect(namedState(try net.layer(at: 4)) == last)
        let narrow = Sequential(try Linear(3, 2))
        let loose = try load(into: narrow, from: path, strict: false)
        #expect("\(loose)" == "unexpected keys: 2.bias, 2.weight")
    }

    @Test func aShapeDifferenceIsAnErrorEvenWhenLoose() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/wide.safetensors"
        try save(Sequential(try Linear(3, 5)), to: path)
        let net = Sequential(try Linear(3, 2))
        let before = namedState(net)
        #expect {
            try load(into: net, from: path, strict: false)
        } throws: {
            "\($0)" == "\(path): tensor '0.weight' has shape [5, 3] in the file but [2, 3] in the model"
        }
        #expect(namedState(net) == before)
    }

    @Test func aPyTorchModulesStateLoadsAndComputesWhatPyTorchComputed() throws {
        // Made by Fixtures/make_torch_fixtures.py with PyTorch: names `features.0.weight`, ….
        let net = try convModel(seed: 1)
        let report = try load(into: net, from: fixture("torch_features.safetensors"))
        #expect("\(report)" == "all keys matched (the file's prefix 'features.' set aside)")
        #expect((try net.layer(at: 1) as? BatchNorm)?.batchesTracked == 3)
        net.eval()
        let output = try net(try loadTensor(from: fixture("torch_features_input.npy")))
        let expected = try loadTensor(from: fixture("torch_features_output.npy"))
        #expect(output.shape == expected.shape)
        for (got, want) in zip(output.scalars, expected.scalars) {
            #expect(abs(got - want) <= 1e-5 * abs(want) + 1e-6, "\(got) vs \(want)")
        }
    }
}
