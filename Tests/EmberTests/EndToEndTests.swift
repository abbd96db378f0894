import Ember
import Foundation
import Testing

@Suite struct EndToEndTests {
    /// The tutorial's set-up on real digits: SGD(lr 0.05, momentum 0.9), batch 64, two epochs
    /// over the first 8,000 digits of the MNIST test split, evaluated on the last 2,000.
    @Test func tutorialCNNLearnsRealDigits() throws {
        let (images, labels) = try TestData.mnistTestSplit()
        let normalized = (images - 0.1307) / 0.3081
        let trainX = try normalized.slice(axis: 0, start: 0, end: 8000)
        let trainY = try labels.slice(axis: 0, start: 0, end: 8000)
        let testX = try normalized.slice(axis: 0, start: 8000)
        let testY = try labels.slice(axis: 0, start: 8000)
        let generator = Generator(seed: 1)
        let net = try tutorialCNN(generator: generator)
        let loss = CrossEntropyLoss()
        let optimizer = try SGD(net.allParameters(), learningRate: 0.05, momentum: 0.9)
        var firstLoss: Float = 0
        var lastLoss: Float = 0
        let start = Date()
        for epoch in 0 ..< 2 {
            let order = generator.permutation(8000)
            for batchStart in stride(from: 0, to: 8000, by: 64) {
                let indices = order[batchStart ..< min(batchStart + 64, 8000)]
                let x = try Tensor.stack(indices.map { try trainX.select(axis: 0, index: $0) })
                let y = Tensor(indices.map { trainY.scalars[$0] })
                let value = try loss.forward(try net(x), y)
                if epoch == 0 && batchStart == 0 { firstLoss = value }
                lastLoss = value
                optimizer.zeroGrad()
                _ = try net.backward(try loss.backward())
                optimizer.step()
            }
        }
        let seconds = Date().timeIntervalSince(start)
        net.eval()
        let predictions = try net(testX).argmax(axis: 1)
        let correct = zip(predictions.scalars, testY.scalars).filter { $0 == $1 }.count
        let accuracy = Double(correct) / 2000
        print("CNN: first loss \(firstLoss), last \(lastLoss), accuracy \(accuracy), \(16000 / seconds) img/s")
        #expect(firstLoss > 2)
        #expect(accuracy >= 0.95)
    }
}
