import Ember
import Foundation
import Testing

@Suite struct LossTests {
    @Test func crossEntropyOfUniformScoresIsLogC() throws {
        let loss = CrossEntropyLoss()
        let value = try loss(Tensor.zeros([2, 4]), Tensor([1, 3]))
        #expect(abs(value - Float(log(4.0))) < 1e-6)
        let gradient = try loss.backward()
        // (softmax − onehot) / N = (0.25 − [0, 1, 0, 0]) / 2
        #expect(gradient.scalars[0..<4] == [0.125, -0.375, 0.125, 0.125])
    }

    @Test func crossEntropyIsStableForHugeScores() throws {
        let value = try CrossEntropyLoss()(Tensor(shape: [1, 2], scalars: [1000, 0]), Tensor([1]))
        #expect(value == 1000)
    }

    @Test func nllPicksTheTargetLogProbability() throws {
        let loss = NLLLoss()
        let value = try loss(Tensor(shape: [2, 2], scalars: [-1, -2, -3, -4]), Tensor([1, 0]))
        #expect(value == 2.5)
        #expect(try loss.backward().scalars == [0, -0.5, -0.5, 0])
    }

    @Test func mseIsTheMeanSquaredDifference() throws {
        let loss = MSELoss()
        #expect(try loss(Tensor([1, 2, 3]), Tensor([1, 0, 0])) == Float(13) / 3)
        #expect(try loss.backward().scalars == [0, 4.0 / 3, 2])
    }

    @Test func badTargetsAreNamed() {
        let loss = CrossEntropyLoss()
        do {
            _ = try loss(Tensor.zeros([2, 3]), Tensor([0, 3]))
            Issue.record("expected an error")
        } catch {
            #expect(
                "\(error)"
                    == "CrossEntropyLoss(): target 1 is 3.0, but class indices must be whole numbers in 0..<3")
        }
        do {
            _ = try loss(Tensor.zeros([2, 3]), Tensor([0, 1, 2]))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "CrossEntropyLoss(): expected target [2] of class indices, got [3]")
        }
        #expect(throws: EmberError.self) { try MSELoss()(Tensor([1]), Tensor([1, 2])) }
        #expect(throws: EmberError.self) { try CrossEntropyLoss().backward() }
    }
}
