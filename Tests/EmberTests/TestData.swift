import Ember
import Foundation

/// Where the test data lives: MNIST's test split ships in the project's `datasets/mnist/`.
enum TestData {
    static var projectRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static var mnistDirectory: String {
        projectRoot.appendingPathComponent("datasets/mnist").path
    }

    /// The real MNIST test split as images [10000, 1, 28, 28] scaled to [0, 1] and labels [10000].
    static func mnistTestSplit() throws -> (images: Tensor, labels: Tensor) {
        let images = try IDXArray(contentsOf: mnistDirectory + "/t10k-images-idx3-ubyte.gz")
        let labels = try IDXArray(contentsOf: mnistDirectory + "/t10k-labels-idx1-ubyte.gz")
        let pixels = try Tensor(
            shape: [images.shape[0], 1, images.shape[1], images.shape[2]], scalars: images.floats())
        return (pixels / 255, Tensor(labels.floats()))
    }

    /// A temporary file holding `bytes`, removed by the caller.
    static func temporaryFile(_ bytes: [UInt8], suffix: String = "") throws -> String {
        let path = NSTemporaryDirectory() + "ember-test-\(UUID().uuidString)\(suffix)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// The tutorial's CNN for 28×28 digits.
func tutorialCNN(generator: Generator) throws -> Sequential {
    Sequential(
        try Conv2d(1, 10, kernelSize: 5, generator: generator), try MaxPool2d(2), ReLU(),
        try Conv2d(10, 20, kernelSize: 5, generator: generator), try MaxPool2d(2), ReLU(),
        Flatten(), try Linear(320, 120, generator: generator), ReLU(),
        try Linear(120, 10, generator: generator))
}
