// The networks the benchmark trains, their floating-point work per image, and one training
// step as the tutorial writes it: forward, loss, backward, step, zero the gradients.

import Ember

/// The models of the benchmark and what they cost.
public enum BenchmarkModels {
    /// Floating-point operations of one forward pass of the tutorial's CNN on one 28×28 image
    /// (multiply-adds counted as two): 0.288 M in the first convolution, 0.640 M in the second,
    /// 0.079 M in the linear layers.
    public static let cnnForwardFlops = 1.007e6

    /// Floating-point operations of one forward pass of the MLP on one image: 2 · (784·512 +
    /// 512·256 + 256·10).
    public static let mlpForwardFlops = 2.0 * Double(784 * 512 + 512 * 256 + 256 * 10)

    /// The tutorial's CNN for 1×28×28 images: two convolutions with pooling, two linear layers.
    public static func tutorialCNN(generator: Generator) throws -> Sequential {
        Sequential(
            try Conv2d(1, 10, kernelSize: 5, generator: generator), try MaxPool2d(2), ReLU(),
            try Conv2d(10, 20, kernelSize: 5, generator: generator), try MaxPool2d(2), ReLU(),
            Flatten(), try Linear(320, 120, generator: generator), ReLU(),
            try Linear(120, 10, generator: generator))
    }

    /// The multilayer perceptron 784-512-256-10 with ReLU.
    public static func mlp(generator: Generator) throws -> Sequential {
        Sequential(
            try Linear(784, 512, generator: generator), ReLU(),
            try Linear(512, 256, generator: generator), ReLU(),
            try Linear(256, 10, generator: generator))
    }
}

/// A model, its loss and optimizer, and one batch to train on again and again.
struct TrainingSetup {
    let model: Sequential
    let loss = CrossEntropyLoss()
    let optimizer: any Optimizer
    let inputs: Tensor
    let targets: Tensor

    /// The tutorial's CNN with SGD(lr 0.05, momentum 0.9) on a random batch.
    static func cnn(batch: Int, seed: UInt64) throws -> TrainingSetup {
        let generator = Generator(seed: seed)
        let model = try BenchmarkModels.tutorialCNN(generator: generator)
        return TrainingSetup(
            model: model,
            optimizer: try SGD(model.allParameters(), learningRate: 0.05, momentum: 0.9),
            inputs: try Tensor.randn([batch, 1, 28, 28], generator: generator),
            targets: try Tensor.randint(0, 10, shape: [batch], generator: generator))
    }

    /// The MLP with Adam's defaults on a random batch.
    static func mlp(batch: Int, seed: UInt64) throws -> TrainingSetup {
        let generator = Generator(seed: seed)
        let model = try BenchmarkModels.mlp(generator: generator)
        return TrainingSetup(
            model: model, optimizer: try Adam(model.allParameters()),
            inputs: try Tensor.randn([batch, 784], generator: generator),
            targets: try Tensor.randint(0, 10, shape: [batch], generator: generator))
    }

    /// One step on `inputs` (the stored batch unless given); returns the loss before the step.
    @discardableResult
    func step(_ inputs: Tensor? = nil, _ targets: Tensor? = nil) throws -> Float {
        let value = try loss.forward(try model(inputs ?? self.inputs), targets ?? self.targets)
        try model.backwardParameters(try loss.backward())
        optimizer.step()
        optimizer.zeroGrad()
        return value
    }

    /// The same step through the tape: the recorded forward, the loss, `backward()`, the update.
    @discardableResult
    func tapeStep() throws -> Float {
        let value = try Variable.crossEntropy(try model(Variable(inputs)), targets)
        try value.backward()
        optimizer.step()
        optimizer.zeroGrad()
        return try value.value.item()
    }
}
