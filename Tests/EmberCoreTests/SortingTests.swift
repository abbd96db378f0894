import EmberCore
import Testing

@Suite struct SortingTests {
    @Test func sortsEachLineAlongTheLastAxis() throws {
        let x = try Tensor(shape: [2, 4], scalars: [3, 1, 2, 1, 0, 5, 5, -1])
        let (values, indices) = try x.sorted()
        #expect(values.shape == [2, 4])
        #expect(values.scalars == [1, 1, 2, 3, -1, 0, 5, 5])
        #expect(indices.scalars == [1, 3, 2, 0, 3, 0, 1, 2])
    }

    @Test func tiesKeepTheirOrderInBothDirections() throws {
        let x = Tensor([2, 1, 2, 1, 2])
        #expect(try x.sorted().indices.scalars == [1, 3, 0, 2, 4])
        #expect(try x.sorted(descending: true).indices.scalars == [0, 2, 4, 1, 3])
        #expect(try x.sorted(descending: true).values.scalars == [2, 2, 2, 1, 1])
    }

    @Test func sortsAlongAnInnerAxis() throws {
        let x = try Tensor(shape: [2, 4], scalars: [3, 1, 2, 1, 0, 5, 5, -1])
        let (values, indices) = try x.sorted(axis: 0, descending: true)
        #expect(values.scalars == [3, 5, 5, 1, 0, 1, 2, -1])
        #expect(indices.scalars == [0, 1, 1, 0, 1, 0, 0, 1])
        let cube = try Tensor(shape: [2, 2, 2], scalars: [4, 3, 2, 1, 8, 7, 6, 5])
        #expect(try cube.sorted(axis: 1).values.scalars == [2, 1, 4, 3, 6, 5, 8, 7])
        #expect(try cube.sorted(axis: -2).indices.scalars == [1, 1, 0, 0, 1, 1, 0, 0])
    }

    @Test func nanIsLargest() throws {
        let x = Tensor([1, .nan, 0])
        #expect(try x.sorted().indices.scalars == [2, 0, 1])
        #expect(try x.sorted(descending: true).indices.scalars == [1, 0, 2])
        #expect(try x.sorted().values.scalars[2].isNaN)
    }

    @Test func scalarsAndEmptyTensorsSort() throws {
        let (values, indices) = try Tensor(5).sorted()
        #expect(values.shape == [] && values.scalars == [5] && indices.scalars == [0])
        let empty = try Tensor.zeros([2, 0])
        #expect(try empty.sorted().values.shape == [2, 0])
        #expect(try empty.sorted(axis: 0).indices.shape == [2, 0])
    }

    @Test func topTakesTheLargestOrSmallestFirst() throws {
        let x = try Tensor(shape: [2, 4], scalars: [3, 1, 2, 1, 0, 5, 5, -1])
        let (values, indices) = try x.top(2)
        #expect(values.shape == [2, 2])
        #expect(values.scalars == [3, 2, 5, 5])
        #expect(indices.scalars == [0, 2, 1, 2])
        let smallest = try x.top(2, largest: false)
        #expect(smallest.values.scalars == [1, 1, -1, 0])
        #expect(smallest.indices.scalars == [1, 3, 3, 0])
        #expect(try x.top(1, axis: 0).indices.scalars == [0, 1, 1, 0])
        #expect(try x.top(0).values.shape == [2, 0])
    }

    @Test func badArgumentsAreErrors() throws {
        let x = Tensor([1, 2, 3])
        do {
            _ = try x.top(4)
            Issue.record("top(4) of 3 values should throw")
        } catch let error as EmberError {
            #expect(error.description == "topk: k (4) must be between 0 and the size 3 of axis 0")
        }
        #expect(throws: EmberError.self) { try x.top(-1) }
        #expect(throws: EmberError.self) { try x.sorted(axis: 1) }
    }

    @Test func scansAndProducts() throws {
        let x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(try x.cumulativeSum(axis: 1).scalars == [1, 3, 6, 4, 9, 15])
        #expect(try x.cumulativeSum(axis: 0).scalars == [1, 2, 3, 5, 7, 9])
        #expect(try x.product().scalars == [720])
        #expect(try x.product(axis: 1).scalars == [6, 120])
        #expect(try x.product(axis: 0, keepDim: true).shape == [1, 3])
        #expect(try Tensor.zeros([0]).product().scalars == [1])
    }

    @Test func flipsAndRepeats() throws {
        let x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(try x.flipped(axes: [0]).scalars == [4, 5, 6, 1, 2, 3])
        #expect(try x.flipped(axes: [0, 1]).scalars == [6, 5, 4, 3, 2, 1])
        #expect(throws: EmberError.self) { try x.flipped(axes: [1, -1]) }
        #expect(try Tensor([1, 2]).repeated([2, 2]).shape == [2, 4])
        #expect(try Tensor([1, 2]).repeated([2, 2]).scalars == [1, 2, 1, 2, 1, 2, 1, 2])
        #expect(try x.repeated([2, 1]).scalars == [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6])
        #expect(try x.repeated([1, 0]).shape == [2, 0])
        #expect(throws: EmberError.self) { try x.repeated([2]) }
        #expect(throws: EmberError.self) { try x.repeated([-1, 1]) }
        #expect(throws: EmberError.self) { try x.repeated([Int.max, 2]) }
    }
}
