import EmberCore
import Foundation
import Testing

@Suite struct ElementwiseTests {
    @Test func sameShapeArithmetic() throws {
        let a = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = try Tensor(shape: [2, 2], scalars: [10, 20, 30, 40])
        #expect(try (a + b).scalars == [11, 22, 33, 44])
        #expect(try (b - a).scalars == [9, 18, 27, 36])
        #expect(try (a * b).scalars == [10, 40, 90, 160])
        #expect(try (b / a).scalars == [10, 10, 10, 10])
        #expect((-a).scalars == [-1, -2, -3, -4])
        #expect((a * 2 + 1).scalars == [3, 5, 7, 9])
        #expect((1 - a).scalars == [0, -1, -2, -3])
    }

    @Test func broadcastingStretchesAxesOfSizeOne() throws {
        let rows = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let bias = Tensor([10, 20, 30])
        let sum = try rows + bias
        #expect(sum.shape == [2, 3])
        #expect(sum.scalars == [11, 22, 33, 14, 25, 36])
        let column = try Tensor(shape: [2, 1], scalars: [1, 2])
        let row = try Tensor(shape: [1, 3], scalars: [10, 20, 30])
        let outer = try column * row
        #expect(outer.shape == [2, 3])
        #expect(outer.scalars == [10, 20, 30, 20, 40, 60])
        let cube = try Tensor.ones([2, 1, 2]) + (try Tensor(shape: [3, 1], scalars: [0, 1, 2]))
        #expect(cube.shape == [2, 3, 2])
        #expect(cube.scalars == [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3])
        let scalar = try Tensor(shape: [1, 1, 1], scalars: [5])
        #expect(try (Tensor([1, 2]) + scalar).shape == [1, 1, 2])
    }

    @Test func mismatchedShapesNameBoth() {
        do {
            _ = try Tensor.ones([2, 3]) + Tensor.ones([4])
            Issue.record("expected an error")
        } catch {
            #expect(
                "\(error)"
                    == "add: shapes [2, 3] and [4] cannot be broadcast together (axis 1: 3 vs 4)")
        }
    }

    @Test func elementaryFunctions() throws {
        let x = Tensor([-2, 0, 1, 4])
        #expect(x.relu().scalars == [0, 0, 1, 4])
        #expect(x.abs().scalars == [2, 0, 1, 4])
        #expect(x.clamp(min: -1, max: 2).scalars == [-1, 0, 1, 2])
        #expect(x.pow(2).scalars == [4, 0, 1, 16])
        #expect(Tensor([4, 9]).sqrt().scalars == [2, 3])
        #expect(Tensor([0]).exp().scalars == [1])
        #expect(Tensor([1]).log().scalars == [0])
        let s = Tensor([0, 100, -100]).sigmoid().scalars
        #expect(s[0] == 0.5 && s[1] == 1 && s[2] >= 0 && s[2] < 1e-30)
        #expect(abs(Tensor([0.5]).tanh().scalars[0] - Float(Foundation.tanh(0.5))) < 1e-7)
        #expect(try x.maximum(Tensor([0])).scalars == [0, 0, 1, 4])
        #expect(try x.minimum(Tensor([0])).scalars == [-2, 0, 0, 0])
        #expect(try x.maximum(Tensor([.nan])).scalars.allSatisfy { $0.isNaN })
    }

    @Test func comparisonsGiveZeroOrOne() throws {
        let x = Tensor([1, 2, 3])
        #expect(try x.compared(with: Tensor([2]), operation: "gt", >).scalars == [0, 0, 1])
    }

    @Test func softmaxRowsSumToOneAndSurviveLargeScores() throws {
        let x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 1000, 1000, 1000])
        let p = try x.softmax(axis: 1)
        #expect(abs(p.scalars[0] - 0.09003057) < 1e-6)
        #expect(abs(p.scalars[2] - 0.66524096) < 1e-6)
        #expect(p.scalars[3..<6].allSatisfy { abs($0 - 1 / 3) < 1e-6 })
        let logp = try x.logSoftmax(axis: -1)
        #expect(abs(logp.scalars[2] - -0.40760596) < 1e-6)
        #expect(logp.scalars.allSatisfy { $0.isFinite })
        let columns = try x.softmax(axis: 0)
        #expect(abs(columns.scalars[0] + columns.scalars[3] - 1) < 1e-6)
    }
}
