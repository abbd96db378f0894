import Ember
import Testing

/// Every parameter of `model` after `steps` training steps of batch `batch` from `seed`, with
/// random inputs of `inputShape` per image.
private func trainedWeights(
    _ makeModel: (Generator) throws -> Sequential, inputShape: [Int], batch: Int, steps: Int,
    optimizer makeOptimizer: ([Parameter]) throws -> any Optimizer
) throws -> [[UInt32]] {
    let generator = Generator(seed: 42)
    let model = try makeModel(generator)
    let optimizer = try makeOptimizer(model.allParameters())
    let loss = CrossEntropyLoss()
    for _ in 0..<steps {
        let x = try Tensor.randn([batch] + inputShape, generator: generator)
        let y = try Tensor.randint(0, 10, shape: [batch], generator: generator)
        _ = try loss.forward(try model(x), y)
        _ = try model.backward(try loss.backward())
        optimizer.step()
        optimizer.zeroGrad()
    }
    return model.allParameters().map { $0.value.scalars.map(\.bitPattern) }
}

@Suite struct DeterminismTests {
    /// Batches big enough that the convolutions and products run split across cores.
    @Test func trainingTheCNNTwiceGivesBitIdenticalWeights() throws {
        let run = {
            try trainedWeights(
                tutorialCNN, inputShape: [1, 28, 28], batch: 64, steps: 3,
                optimizer: { try SGD($0, learningRate: 0.05, momentum: 0.9) })
        }
        #expect(try run() == run())
    }

    @Test func trainingTheMLPTwiceGivesBitIdenticalWeights() throws {
        let makeModel = { (generator: Generator) in
            Sequential(
                try Linear(784, 512, generator: generator), ReLU(), try Linear(512, 256, generator: generator), ReLU(),
                try Linear(256, 10, generator: generator))
        }
        let run = {
            try trainedWeights(makeModel, inputShape: [784], batch: 128, steps: 3, optimizer: { try Adam($0) })
        }
        #expect(try run() == run())
    }
}
