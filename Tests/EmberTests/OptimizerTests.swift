import Ember
import Foundation
import Testing

/// Two or three steps of each optimizer on one parameter with a fixed gradient, against values
/// worked out by hand from the update rules in the doc comments.
@Suite struct OptimizerTests {
    func parameter(_ values: [Float], grad: [Float]) throws -> Parameter {
        let p = Parameter(name: "w", value: Tensor(values))
        try p.assignGrad(Tensor(grad))
        return p
    }

    func close(_ a: [Float], _ b: [Float], _ tolerance: Float = 1e-6) -> Bool {
        zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test func sgdWithMomentumFollowsTheTutorial() throws {
        let p = try parameter([1, -1], grad: [0.5, -2])
        let opt = try SGD([p], learningRate: 0.1, momentum: 0.9)
        opt.step()
        // v = 0.1 · g = [0.05, −0.2]; θ = [0.95, −0.8]
        #expect(close(p.value.scalars, [0.95, -0.8]))
        opt.step()
        // v = 0.9 · v + 0.1 · g = [0.095, −0.38]; θ = [0.855, −0.42]
        #expect(close(p.value.scalars, [0.855, -0.42]))
        opt.step()
        // v = [0.1355, −0.542]; θ = [0.7195, 0.122]
        #expect(close(p.value.scalars, [0.7195, 0.122]))
    }

    @Test func sgdWeightDecayAddsToTheGradient() throws {
        let p = try parameter([2], grad: [0])
        let opt = try SGD([p], learningRate: 0.5, weightDecay: 0.1)
        opt.step()
        // g = 0 + 0.1 · 2 = 0.2; θ = 2 − 0.5 · 0.2
        #expect(close(p.value.scalars, [1.9]))
    }

    @Test func adamWeightDecayAddsToTheGradient() throws {
        // g = −0.5 + 0.5 · 1 = 0: the decay cancels the gradient, so m = v = 0 and θ stays 1
        // (without the decay the first step would move θ by lr, to 1.01).
        let p = try parameter([1], grad: [-0.5])
        let opt = try Adam([p], learningRate: 0.01, weightDecay: 0.5)
        opt.step()
        #expect(close(p.value.scalars, [1]))
    }

    @Test func rmspropWeightDecayAddsToTheGradient() throws {
        // g = 0 + 0.1 · 2 = 0.2; v = 0.1 · 0.04 = 0.004; θ = 2 − 0.01 · 0.2 / √0.004 = 1.9683772.
        let p = try parameter([2], grad: [0])
        let opt = try RMSprop([p], learningRate: 0.01, alpha: 0.9, weightDecay: 0.1)
        opt.step()
        #expect(close(p.value.scalars, [1.9683772], 1e-6))
    }

    @Test func adamCorrectsItsBias() throws {
        let p = try parameter([1], grad: [0.2])
        let opt = try Adam([p], learningRate: 0.01)
        opt.step()
        // m̂ = g, v̂ = g², so the first step is lr · g / (|g| + eps) ≈ lr.
        #expect(close(p.value.scalars, [0.99], 1e-6))
        try p.assignGrad(Tensor([-0.1]))
        opt.step()
        // m = 0.9·0.02 + 0.1·(−0.1) = 0.008, m̂ = 0.008 / 0.19
        // v = 0.999·4e-5 + 0.001·0.01 = 4.996e-5, v̂ = 4.996e-5 / 0.001999
        let mHat = 0.008 / 0.19
        let vHat = 4.996e-5 / (1 - 0.999 * 0.999)
        let expected = 0.99 - 0.01 * mHat / (vHat.squareRoot() + 1e-8)
        #expect(close(p.value.scalars, [Float(expected)], 1e-6))
        #expect(opt.stepCount == 2)
    }

    @Test func rmspropDividesByTheRootMeanSquare() throws {
        let p = try parameter([1], grad: [0.5])
        let opt = try RMSprop([p], learningRate: 0.01, alpha: 0.9)
        opt.step()
        // v = 0.1 · 0.25 = 0.025; θ = 1 − 0.01 · 0.5 / √0.025
        let first = 1 - 0.01 * 0.5 / 0.025.squareRoot()
        #expect(close(p.value.scalars, [Float(first)]))
        opt.step()
        // v = 0.9 · 0.025 + 0.025 = 0.0475
        let second = first - 0.01 * 0.5 / 0.0475.squareRoot()
        #expect(close(p.value.scalars, [Float(second)]))
    }

    @Test func zeroGradClearsAndBadHyperparametersAreRefused() throws {
        let p = try parameter([1], grad: [3])
        let opt = try SGD([p], learningRate: 0.1)
        opt.zeroGrad()
        #expect(p.grad.scalars == [0])
        do {
            _ = try SGD([p], learningRate: -1)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "SGD: invalid lr: -1.0")
        }
        #expect(throws: EmberError.self) { try Adam([p], betas: (1, 0.999)) }
        #expect(throws: EmberError.self) { try RMSprop([p], alpha: 2) }
    }
}
