import EmberCore
import Testing

@Suite struct ReductionTests {
    let x: Tensor

    init() throws {
        x = try Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])
    }

    @Test func reduceEverything() throws {
        #expect(try x.sum().item() == 21)
        #expect(try x.mean().item() == 3.5)
        #expect(try x.max().item() == 6)
        #expect(try x.min().item() == 1)
        #expect(try x.argmax().item() == 5)
        #expect(try x.sum().shape == [])
        #expect(try x.sum(keepDim: true).shape == [1, 1])
    }

    @Test func reduceAlongAnAxis() throws {
        #expect(try x.sum(axis: 0).scalars == [5, 7, 9])
        #expect(try x.sum(axis: 1).scalars == [9, 12])
        #expect(try x.sum(axis: 1, keepDim: true).shape == [2, 1])
        #expect(try x.mean(axis: -1).scalars == [3, 4])
        #expect(try x.max(axis: 0).scalars == [4, 5, 6])
        #expect(try x.min(axis: 1).scalars == [1, 2])
        #expect(try x.argmax(axis: 1).scalars == [1, 2])
        #expect(try x.argmax(axis: 0).scalars == [1, 0, 1])
    }

    @Test func varianceIsUnbiasedByDefault() throws {
        let v = try Tensor([1, 2, 3, 4]).variance()
        #expect(abs(try v.item() - 1.6666666) < 1e-6)
        #expect(try Tensor([1, 2, 3, 4]).variance(unbiased: false).item() == 1.25)
        #expect(try x.variance(axis: 0).scalars == [4.5, 4.5, 4.5])
        #expect(try Tensor([3]).variance().item().isNaN)
    }

    @Test func badAxesAndEmptyTensorsAreErrors() throws {
        #expect(throws: EmberError.self) { try x.sum(axis: 2) }
        #expect(throws: EmberError.self) { try Tensor([]).max() }
        #expect(try Tensor([]).sum().item() == 0)
    }

    @Test func nanPropagatesThroughMaxAndArgmax() throws {
        let t = Tensor([1, .nan, 3])
        #expect(try t.max().item().isNaN)
        #expect(try t.argmax().item() == 1)
    }
}
