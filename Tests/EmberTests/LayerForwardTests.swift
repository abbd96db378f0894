import Ember
import Foundation
import Testing

/// Forward values on tiny inputs, computed by hand.
@Suite struct LayerForwardTests {
    func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test func linearComputesXWTransposePlusB() throws {
        let layer = try Linear(2, 3)
        try layer.weight.assign(Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]))
        try layer.bias?.assign(Tensor([0.5, 0, -1]))
        let y = try layer(Tensor(shape: [1, 2], scalars: [1, -1]))
        // [1 − 2 + 0.5, 3 − 4 + 0, 5 − 6 − 1]
        #expect(y.scalars == [-0.5, -1, -2])
        #expect(layer.description == "Linear(2 → 3)")
        #expect(layer.parameterCount == 9)
    }

    @Test func linearInitialisationIsBoundedByOneOverRootFanIn() throws {
        let layer = try Linear(100, 50, generator: Generator(seed: 1))
        #expect(layer.weight.value.scalars.allSatisfy { abs($0) <= 0.1 })
        #expect(try layer.weight.value.max().item() > 0.09)
    }

    @Test func conv2dSlidesTheFilter() throws {
        let conv = try Conv2d(1, 1, kernelSize: 2)
        try conv.weight.assign(Tensor(shape: [1, 1, 2, 2], scalars: [1, 0, 0, -1]))
        try conv.bias?.assign(Tensor([10]))
        let x = try Tensor(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let y = try conv(x)
        #expect(y.shape == [1, 1, 2, 2])
        // Each output is x[i][j] − x[i+1][j+1] + 10 = −4 + 10.
        #expect(y.scalars == [6, 6, 6, 6])
        let padded = try Conv2d(1, 1, kernelSize: 3, padding: 1, bias: false)
        try padded.weight.assign(Tensor.ones([1, 1, 3, 3]))
        let sums = try padded(x)
        #expect(sums.shape == [1, 1, 3, 3])
        #expect(sums.scalars == [12, 21, 16, 27, 45, 33, 24, 39, 28])
        let strided = try Conv2d(1, 1, kernelSize: 1, stride: 2, bias: false)
        try strided.weight.assign(Tensor.ones([1, 1, 1, 1]))
        #expect(try strided(x).scalars == [1, 3, 7, 9])
    }

    @Test func conv2dMixesChannels() throws {
        let conv = try Conv2d(2, 2, kernelSize: 1, bias: false)
        try conv.weight.assign(Tensor(shape: [2, 2, 1, 1], scalars: [1, 1, 1, -1]))
        let x = try Tensor(shape: [1, 2, 1, 2], scalars: [1, 2, 10, 20])
        #expect(try conv(x).scalars == [11, 22, -9, -18])
    }

    @Test func pooling() throws {
        let x = try Tensor(shape: [1, 1, 4, 4], scalars: (0..<16).map { Float($0) })
        let maxPooled = try MaxPool2d(2)(x)
        #expect(maxPooled.shape == [1, 1, 2, 2])
        #expect(maxPooled.scalars == [5, 7, 13, 15])
        #expect(try AvgPool2d(2)(x).scalars == [2.5, 4.5, 10.5, 12.5])
        #expect(try MaxPool2d(3, stride: 1)(x).scalars == [10, 11, 14, 15])
        let pool = try MaxPool2d(2)
        _ = try pool(x)
        let dX = try pool.backward(Tensor.ones([1, 1, 2, 2]))
        #expect(dX.scalars == [0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1])
    }

    @Test func activations() throws {
        let x = Tensor([-2, 0.5])
        #expect(try ReLU()(x).scalars == [0, 0.5])
        #expect(try LeakyReLU(negativeSlope: 0.1)(x).scalars == [-0.2, 0.5])
        #expect(close(try Sigmoid()(x).scalars, [0.11920292, 0.62245933]))
        #expect(close(try Tanh()(x).scalars, [-0.96402758, 0.46211716]))
        let scores = try Tensor(shape: [1, 3], scalars: [0, 0, log(2)])
        #expect(close(try Softmax()(scores).scalars, [0.25, 0.25, 0.5]))
        #expect(close(try LogSoftmax()(scores).scalars, [log(0.25), log(0.25), log(0.5)]))
        #expect(try Flatten()(Tensor.zeros([2, 3, 4])).shape == [2, 12])
    }

    @Test func reluBackwardIsTheMaskNotTheActivation() throws {
        let relu = ReLU()
        _ = try relu(Tensor([-1, 2, 3]))
        #expect(try relu.backward(Tensor([5, 5, 5])).scalars == [0, 5, 5])
    }

    @Test func dropoutScalesSurvivorsAndVanishesInEvaluation() throws {
        let dropout = try Dropout(p: 0.5, generator: Generator(seed: 3))
        let y = try dropout(Tensor.ones([1000]))
        #expect(y.scalars.allSatisfy { $0 == 0 || $0 == 2 })
        let kept = y.scalars.filter { $0 == 2 }.count
        #expect(kept > 430 && kept < 570)
        dropout.eval()
        #expect(try dropout(Tensor.ones([4])).scalars == [1, 1, 1, 1])
    }

    @Test func batchNormUsesBatchStatisticsThenRunningOnes() throws {
        let bn = try BatchNorm1d(1, momentum: 0.5)
        let x = try Tensor(shape: [4, 1], scalars: [1, 2, 3, 4])
        let y = try bn(x)
        // mean 2.5, biased variance 1.25: (x − 2.5) / √(1.25 + 1e-5)
        let s = Float(1.25 + 1e-5).squareRoot()
        #expect(close(y.scalars, [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]))
        // running mean 0.5 · 0 + 0.5 · 2.5; running variance 0.5 · 1 + 0.5 · 5/3 (unbiased)
        #expect(close(bn.runningMean.value.scalars, [1.25]))
        #expect(close(bn.runningVar.value.scalars, [4 / 3]))
        bn.eval()
        let z = try bn(Tensor(shape: [1, 1], scalars: [1.25]))
        #expect(close(z.scalars, [0]))
        #expect(bn.description == "BatchNorm1d(1)")
    }

    @Test func batchNormRefusesASingleValuePerChannelInTraining() throws {
        let bn = try BatchNorm1d(3)
        #expect(throws: EmberError.self) { try bn(Tensor.ones([1, 3])) }
        bn.eval()
        #expect(try bn(Tensor.ones([1, 3])).shape == [1, 3])
    }
}
