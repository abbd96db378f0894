import Ember
import Foundation
import Testing

/// A small model with batch normalisation, whose running statistics also carry over.
private func resumableModel(seed: UInt64) throws -> Sequential {
    let g = Generator(seed: seed)
    return Sequential(
        try Linear(5, 8, generator: g), try BatchNorm1d(8), ReLU(), try Linear(8, 3, generator: g))
}

/// An optimizer of the kind `name` over `parameters`, with momentum or weight decay, so that
/// every buffer it keeps is used.
private func makeOptimizer(_ name: String, _ parameters: [Parameter]) throws -> any Optimizer {
    switch name {
    case "SGD": try SGD(parameters, learningRate: 0.05, momentum: 0.9, weightDecay: 1e-3)
    case "Adam": try Adam(parameters, learningRate: 0.01, weightDecay: 1e-3)
    default: try RMSprop(parameters, learningRate: 0.01, momentum: 0.5)
    }
}

/// Trains `net` with `optimizer` on the batches numbered `steps`, the same batches in any run.
private func train(_ net: Sequential, _ optimizer: any Optimizer, steps: Range<Int>) throws {
    let loss = MSELoss()
    for step in steps {
        let g = Generator(seed: 1000 + UInt64(step))
        let x = try Tensor.randn([6, 5], generator: g)
        let y = try Tensor.randn([6, 3], generator: g)
        optimizer.zeroGrad()
        _ = try loss(try net(x), y)
        try net.backwardParameters(try loss.backward())
        optimizer.step()
    }
}

@Suite struct OptimizerCheckpointTests {
    @Test(arguments: ["SGD", "Adam", "RMSprop"])
    func resumedTrainingEqualsUninterruptedTraining(name: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let straight = try resumableModel(seed: 1)
        try train(straight, try makeOptimizer(name, straight.allParameters()), steps: 0..<20)

        let first = try resumableModel(seed: 1)
        let firstOptimizer = try makeOptimizer(name, first.allParameters())
        try train(first, firstOptimizer, steps: 0..<10)
        firstOptimizer.learningRate *= 0.5
        try save(first, to: directory + "/net.safetensors")
        try save(firstOptimizer, to: directory + "/net.optimizer.safetensors")
        // Fresh objects, started from other weights, know only what the files hold.
        let resumed = try resumableModel(seed: 2)
        let resumedOptimizer = try makeOptimizer(name, resumed.allParameters())
        try load(into: resumed, from: directory + "/net.safetensors")
        try load(into: resumedOptimizer, from: directory + "/net.optimizer.safetensors")
        #expect(resumedOptimizer.learningRate == firstOptimizer.learningRate, "\(name)")
        resumedOptimizer.learningRate *= 2
        try train(resumed, resumedOptimizer, steps: 10..<20)
        #expect(state(resumed) == state(straight), "\(name)")

        // Without the optimizer's state the same resumption differs.
        let forgetful = try resumableModel(seed: 2)
        let freshOptimizer = try makeOptimizer(name, forgetful.allParameters())
        try load(into: forgetful, from: directory + "/net.safetensors")
        try train(forgetful, freshOptimizer, steps: 10..<20)
        #expect(state(forgetful) != state(straight), "\(name)")
    }

    @Test func adamsStateTakesPyTorchsNames() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let net = Sequential(try Linear(2, 1))
        let adam = try Adam(net.allParameters())
        try save(adam, to: directory + "/adam.safetensors")
        let names = Sequential(try Linear(2, 1))
        #expect {
            try load(into: names, from: directory + "/adam.safetensors")
        } throws: {
            "\($0)"
                == "\(directory)/adam.safetensors: does not match the model: missing 0.weight, 0.bias; unexpected "
                + "param_groups.0.lr, state.0.exp_avg, state.0.exp_avg_sq, state.0.step, state.1.exp_avg, "
                + "state.1.exp_avg_sq, state.1.step"
        }
    }

    @Test func anotherOptimizersStateIsRefusedAndChangesNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let net = try resumableModel(seed: 3)
        let sgd = try SGD(net.allParameters(), learningRate: 0.1, momentum: 0.9)
        try train(net, sgd, steps: 0..<2)
        try save(sgd, to: directory + "/sgd.safetensors")
        let adam = try Adam(net.allParameters())
        try train(net, adam, steps: 0..<1)
        try save(adam, to: directory + "/adam-before.safetensors")
        #expect {
            try load(into: adam, from: directory + "/sgd.safetensors")
        } throws: {
            "\($0)".hasPrefix(
                "\(directory)/sgd.safetensors: is not the state of this Adam over 6 parameters: missing state.0.exp_avg, "
            )
        }
        let narrow = try SGD(Sequential(try Linear(5, 2)).allParameters(), learningRate: 0.1, momentum: 0.9)
        #expect {
            try load(into: narrow, from: directory + "/sgd.safetensors")
        } throws: {
            "\($0)"
                == "\(directory)/sgd.safetensors: is not the state of this SGD over 2 parameters: unexpected "
                + "state.2.velocity, state.3.velocity, state.4.velocity, state.5.velocity"
        }
        try save(adam, to: directory + "/adam-after.safetensors")
        #expect(
            FileManager.default.contents(atPath: directory + "/adam-before.safetensors")
                == FileManager.default.contents(atPath: directory + "/adam-after.safetensors"))
    }
}
