import Ember
import Foundation
import Testing

/// Records everything `fit` reports.
final class RecordingObserver: TrainingObserver {
    var started: [(epoch: Int, epochs: Int, batches: Int)] = []
    var progress: [BatchProgress] = []
    var finished: [EpochSummary] = []

    func epochStarted(epoch: Int, epochs: Int, batches: Int) { started.append((epoch, epochs, batches)) }
    func batchFinished(_ progress: BatchProgress) { self.progress.append(progress) }
    func epochFinished(_ summary: EpochSummary) { finished.append(summary) }
}

/// Fashion-MNIST from the system folder only.
func fashion(_ split: DatasetSplit, normalize: (mean: Float, std: Float)? = nil) throws -> ImageDataset {
    try Datasets.fashionMNIST(
        split: split, download: false, normalize: normalize,
        locations: DatasetLocations(systemDirectories: [
            "fashion-mnist": ["/usr/share/datasets/fashion-mnist"]
        ]))
}

/// `count` copies of one white 1×1×1 image labelled `label`, in a dataset of `classes` classes.
func whiteDots(_ count: Int, label: Int, classes: Int) throws -> ImageDataset {
    try ImageDataset(
        name: "dots", pixels: [UInt8](repeating: 255, count: count),
        labels: [Int](repeating: label, count: count),
        imageShape: [1, 1, 1], classNames: (0..<classes).map(String.init))
}

@Suite struct FitTests {
    /// The tutorial's set-up, one epoch on all 60,000 Fashion-MNIST training images, normalised
    /// with the training set's mean and standard deviation (0.2860, 0.3530); PyTorch reaches
    /// about 85% on the test split with it. One run depends on its seed by a point or two
    /// (seeds 0 to 3 gave 82.9%, 85.0%, 85.1% and 85.0%), so the mean of three seeds is what
    /// must reach 84%; the first run also checks everything `fit` reports.
    @Test func tutorialCNNLearnsFashionMNISTInOneEpoch() throws {
        let statistics: (mean: Float, std: Float) = (0.2860, 0.3530)
        let (train, test) = (try fashion(.train, normalize: statistics), try fashion(.test, normalize: statistics))
        var accuracies: [Double] = []
        for seed in UInt64(1)...3 {
            let net = try tutorialCNN(generator: Generator(seed: seed))
            let loader = try DataLoader(train, batchSize: 64, shuffle: true, seed: seed)
            let observer = RecordingObserver()
            let history = try fit(
                model: net, data: loader, loss: CrossEntropyLoss(),
                optimizer: try SGD(net.allParameters(), learningRate: 0.05, momentum: 0.9), epochs: 1,
                validation: test, observer: observer)
            let summary = try #require(history.epochs.first)
            let accuracy = try #require(summary.validationAccuracy)
            accuracies.append(accuracy)
            guard seed == 1 else { continue }
            print(history)
            #expect(history.stopReason == .completed)
            #expect(history.batchLosses.count == 938)
            #expect(observer.started.count == 1 && observer.started[0] == (1, 1, 938))
            #expect(observer.progress.map(\.batch) == Array(1...938))
            #expect(observer.finished == history.epochs)
            #expect(summary.batchesDone == 938)
            #expect(net.isTraining)
            let evaluation = try evaluate(model: net, data: test)
            #expect(evaluation.accuracy == accuracy)
            #expect(evaluation.loss == summary.validationLoss)
            #expect(evaluation.confusion.flatMap { $0 }.reduce(0, +) == 10_000)
        }
        let mean = accuracies.reduce(0, +) / Double(accuracies.count)
        print("Fashion-MNIST, one epoch, seeds 1 to 3: accuracies \(accuracies), mean \(mean)")
        #expect(accuracies.allSatisfy { $0 > 0.82 })
        #expect(mean >= 0.84)
    }

    /// Stopping after batch 3 leaves exactly the model that three plain training steps give.
    @Test func shouldStopEndsTrainingAfterTheCurrentBatch() throws {
        let data = try fashion(.test).subset(0..<640)
        let (net, twin) = (try linearClassifier(seed: 5), try linearClassifier(seed: 5))
        let observer = RecordingObserver()
        var batches = 0
        let history = try fit(
            model: net, data: try DataLoader(data, batchSize: 64, shuffle: true, seed: 9),
            loss: CrossEntropyLoss(),
            optimizer: try SGD(net.allParameters(), learningRate: 0.1, momentum: 0.9), epochs: 2,
            observer: observer,
            shouldStop: {
                batches += 1
                return batches == 3
            })
        #expect(history.stopReason == .interrupted(epoch: 1, batch: 3, batches: 10))
        #expect(history.stopReason.description == "interrupted at epoch 1, batch 3 of 10")
        #expect(history.batchLosses.count == 3)
        #expect(history.epochs.map(\.batchesDone) == [3])
        #expect(observer.finished.isEmpty)

        let loss = CrossEntropyLoss()
        let optimizer = try SGD(twin.allParameters(), learningRate: 0.1, momentum: 0.9)
        var iterator = try DataLoader(data, batchSize: 64, shuffle: true, seed: 9).makeIterator()
        var losses: [Float] = []
        for _ in 0..<3 {
            let (x, y) = try #require(try iterator.nextBatch())
            losses.append(try loss.forward(try twin(x), y))
            optimizer.zeroGrad()
            _ = try twin.backward(try loss.backward())
            optimizer.step()
        }
        #expect(history.batchLosses == losses)
        #expect(net.allParameters().map(\.value) == twin.allParameters().map(\.value))
    }

    @Test func anOverflowingOutputStopsTrainingNamingTheLayer() throws {
        let net = Sequential(Flatten(), try Linear(1, 1), try Linear(1, 2))
        for parameter in net.allParameters() {
            try parameter.assign(
                try Tensor.full(parameter.value.shape, value: parameter.name == "weight" ? 1e30 : 0))
        }
        let before = net.allParameters().map(\.value)
        let history = try fit(
            model: net, data: try DataLoader(try whiteDots(4, label: 0, classes: 2), batchSize: 2),
            loss: CrossEntropyLoss(), optimizer: try SGD(net.allParameters(), learningRate: 0.1), epochs: 3)
        #expect(
            history.stopReason.description
                == "stopped at epoch 1, batch 1: the loss became nan; layer 2, Linear(1 → 2), was the first "
                + "to produce a non-finite output")
        #expect(history.epochs.isEmpty && history.batchLosses.isEmpty)
        #expect(net.allParameters().map(\.value) == before)
    }

    @Test func anOverflowingGradientStopsTrainingBeforeTheUpdate() throws {
        let (first, second) = (try Linear(1, 1, bias: false), try Linear(1, 2, bias: false))
        try first.weight.assign(try Tensor(shape: [1, 1], scalars: [1e-30]))
        try second.weight.assign(try Tensor(shape: [2, 1], scalars: [3e38, -3e38]))
        let net = Sequential(Flatten(), first, second)
        let history = try fit(
            model: net, data: try DataLoader(try whiteDots(1, label: 1, classes: 2), batchSize: 1),
            loss: CrossEntropyLoss(), optimizer: try SGD(net.allParameters(), learningRate: 0.1), epochs: 1)
        #expect(
            history.stopReason.description
                == "stopped at epoch 1, batch 1: the loss was 6e+08 but layer 2, Linear(1 → 2, no bias), was "
                + "the first, counting back from the output, to produce a non-finite gradient")
        #expect(first.weight.value.scalars == [1e-30])
        #expect(second.weight.value.scalars == [3e38, -3e38])
    }

    @Test func historyPrintsATable() throws {
        let data = try whiteDots(8, label: 1, classes: 2)
        let net = Sequential(Flatten(), try Linear(1, 2, generator: Generator(seed: 1)))
        let history = try fit(
            model: net, data: try DataLoader(data, batchSize: 4), loss: CrossEntropyLoss(),
            optimizer: try SGD(net.allParameters(), learningRate: 0.5), epochs: 2, validation: data)
        let lines = history.description.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "epoch  batches  train loss  train acc  val loss  val acc  time")
        let first = history.epochs[0]
        #expect(
            lines[1].hasPrefix(
                "    1      2/2" + String(format: "%12.4f", first.trainLoss)
                    + String(format: "%10.2f%%", first.trainAccuracy * 100)))
        #expect(lines[3] == "completed")
        #expect(history.validationAccuracy.count == 2)
        #expect(history.validationAccuracy.last == (try evaluate(model: net, data: data)).accuracy)
    }
}

/// Flatten then one Linear layer from 784 pixels to 10 classes.
func linearClassifier(seed: UInt64) throws -> Sequential {
    Sequential(Flatten(), try Linear(784, 10, generator: Generator(seed: seed)))
}
