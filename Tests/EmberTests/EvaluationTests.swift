import Ember
import Testing

@Suite struct EvaluationTests {
    /// Images of one pixel, values 0, 85, 170 and 255, and a model whose class is fixed by the
    /// pixel: scores (−10x, 10x − 10 |2x − 1|, 10x − 5) pick class 0 for dark, 1 for mid-grey,
    /// 2 for white. Built from Linear layers with chosen weights and a ReLU.
    func grey() throws -> (ImageDataset, Sequential) {
        let data = try ImageDataset(
            name: "grey", pixels: [0, 85, 170, 255, 0, 255], labels: [0, 1, 1, 2, 1, 0],
            imageShape: [1, 1, 1],
            classNames: ["dark", "mid", "light"])
        let hidden = try Linear(1, 3)
        try hidden.weight.assign(try Tensor(shape: [3, 1], scalars: [1, 2, -2]))
        try hidden.bias?.assign(Tensor([0, -1, 1]))
        let scores = try Linear(3, 3)
        try scores.weight.assign(try Tensor(shape: [3, 3], scalars: [-10, 0, 0, 10, -10, -10, 10, 0, 0]))
        try scores.bias?.assign(Tensor([0, 0, -5]))
        return (data, Sequential(Flatten(), hidden, ReLU(), scores))
    }

    @Test func evaluationCountsAConfusionMatrix() throws {
        let (data, net) = try grey()
        let result = try evaluate(model: net, data: data, batchSize: 4)
        // Predicted: 0 → dark, 85 → mid, 170 → mid, 255 → light, 0 → dark, 255 → light.
        #expect(result.confusion == [[1, 0, 1], [1, 2, 0], [0, 0, 1]])
        #expect(result.correct == 4 && result.count == 6)
        #expect(result.accuracy == 4.0 / 6.0)
        let (images, labels) = try data.batch(Array(0..<6))
        let direct = try CrossEntropyLoss().forward(try net(images), labels)
        #expect(abs(result.loss - direct) <= 1e-5 * max(1, abs(direct)))
        #expect(result.classAccuracy == [0.5, 2.0 / 3.0, 1.0])
        #expect(result.description == "accuracy 66.67% (4 of 6), loss \(String(format: "%.4f", result.loss))")
    }

    @Test func evaluationRestoresTheModelsMode() throws {
        let (data, net) = try grey()
        _ = try evaluate(model: net, data: data)
        #expect(net.isTraining && net.layers.allSatisfy(\.isTraining))
        net.eval()
        _ = try evaluate(model: net, data: data)
        #expect(!net.isTraining && net.layers.allSatisfy { !$0.isTraining })
    }

    @Test func evaluationRefusesAModelWithTheWrongNumberOfClasses() throws {
        let (data, _) = try grey()
        let net = Sequential(Flatten(), try Linear(1, 2))
        do {
            _ = try evaluate(model: net, data: data)
            Issue.record("expected an error")
        } catch {
            #expect(
                "\(error)"
                    == "evaluate: the model's output has shape [6, 2], but the dataset's 3 classes need [6, 3]"
            )
        }
    }

    @Test func predictionGivesTheClassAndItsProbabilities() throws {
        let (data, net) = try grey()
        let image = try data.item(at: 1).image
        for shape in [[1, 1], [1, 1, 1], [1, 1, 1, 1]] {
            let guess = try predict(model: net, image: try image.reshape(shape), classNames: data.classNames)
            #expect(guess.classIndex == 1 && guess.className == "mid")
            #expect(abs(guess.probabilities.reduce(0, +) - 1) < 1e-6)
            #expect(
                guess.probabilities == (try net(try image.reshape([1, 1, 1, 1])).softmax(axis: 1)).scalars)
        }
        #expect(net.isTraining)
        do {
            _ = try predict(model: net, image: try Tensor.zeros([2, 1, 1, 1]))
            Issue.record("expected an error")
        } catch {
            #expect(
                "\(error)"
                    == "predict: expected one image [H, W], [C, H, W] or [1, C, H, W], got [2, 1, 1, 1]")
        }
    }
}
