import Ember
import Foundation
import Testing

@Suite struct EndToEndTests {
    /// Trains the tutorial's CNN for two epochs over the first 8,000 digits of the MNIST test
    /// split with SGD(lr 0.05, momentum 0.9) and batch 64, drawing weights and batch order from
    /// `seed`, and returns the first batch's loss and the accuracy on the last 2,000 digits.
    func trainTutorialCNN(seed: UInt64) throws -> (firstLoss: Float, accuracy: Double) {
        let (images, labels) = try TestData.mnistTestSplit()
        let normalized = (images - 0.1307) / 0.3081
        let trainX = try normalized.slice(axis: 0, start: 0, end: 8000)
        let trainY = try labels.slice(axis: 0, start: 0, end: 8000)
        let testX = try normalized.slice(axis: 0, start: 8000)
        let testY = try labels.slice(axis: 0, start: 8000)
        let generator = Generator(seed: seed)
        let net = try tutorialCNN(generator: generator)
        let loss = CrossEntropyLoss()
        let optimizer = try SGD(net.allParameters(), learningRate: 0.05, momentum: 0.9)
        var firstLoss: Float?
        for _ in 0..<2 {
            let order = generator.permutation(8000)
            for batchStart in stride(from: 0, to: 8000, by: 64) {
                let indices = order[batchStart..<min(batchStart + 64, 8000)]
                let x = try Tensor.stack(indices.map { try trainX.select(axis: 0, index: $0) })
                let y = Tensor(indices.map { trainY.scalars[$0] })
                let value = try loss.forward(try net(x), y)
                firstLoss = firstLoss ?? value
                optimizer.zeroGrad()
                _ = try net.backward(try loss.backward())
                optimizer.step()
            }
        }
        net.eval()
        let predictions = try net(testX).argmax(axis: 1)
        let correct = zip(predictions.scalars, testY.scalars).filter { $0 == $1 }.count
        return (firstLoss ?? 0, Double(correct) / 2000)
    }

    /// The tutorial's set-up on real digits reaches 95% on the 2,000 held-out ones. One run
    /// depends on its seed by a point or more (seeds 0 to 7 gave 95.1% to 98.2%, mean 96.7%), so
    /// the mean of three seeds is what must reach 95%, and each run must learn (over 93%).
    @Test func tutorialCNNLearnsRealDigits() throws {
        let runs = try [1, 2, 3].map { try trainTutorialCNN(seed: UInt64($0)) }
        let mean = runs.map(\.accuracy).reduce(0, +) / Double(runs.count)
        print("CNN on 8,000 MNIST digits, two epochs: accuracies \(runs.map(\.accuracy)), mean \(mean)")
        #expect(runs.allSatisfy { $0.firstLoss > 2 })
        #expect(runs.allSatisfy { $0.accuracy > 0.93 })
        #expect(mean >= 0.95)
    }
}
