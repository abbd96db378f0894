import EmberCore
import Testing

@Suite struct IndexingTests {
    let x: Tensor

    init() throws {
        x = try Tensor.arange(0, 12).reshape([3, 4])
    }

    @Test func integerIndexRemovesTheAxis() throws {
        #expect(try x[.at(0)].scalars == [0, 1, 2, 3])
        #expect(try x[.at(-1)].scalars == [8, 9, 10, 11])
        #expect(try x[.at(1), .at(2)].shape == [])
        #expect(try x[.at(1), .at(2)].item() == 6)
    }

    @Test func slicesFollowPython() throws {
        #expect(try x[.range(start: 0, end: 2, step: nil)].shape == [2, 4])
        #expect(try x[.range(start: 1, end: 100, step: nil)].shape == [2, 4])
        #expect(try x[.all, .at(1)].scalars == [1, 5, 9])
        #expect(try x[.all, .range(start: nil, end: nil, step: 2)].scalars == [0, 2, 4, 6, 8, 10])
        #expect(try x[.range(start: -1, end: nil, step: nil)].scalars == [8, 9, 10, 11])
        #expect(try x[.range(start: 2, end: 1, step: nil)].shape == [0, 4])
        #expect(try x.slice(axis: 1, start: 1, end: 3).scalars == [1, 2, 5, 6, 9, 10])
        #expect(try x.select(axis: 1, index: 0).scalars == [0, 4, 8])
    }

    @Test func outOfRangeIndexIsNamed() {
        do {
            _ = try x[.all, .at(4)]
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "index: index 4 is out of range for axis 1 of size 4")
        }
        #expect(throws: EmberError.self) { try x[.at(0), .at(0), .at(0)] }
        #expect(throws: EmberError.self) { try x[.range(start: 0, end: 2, step: 0)] }
    }

    @Test func assignWritesThroughAnIndex() throws {
        var t = try Tensor.zeros([2, 3])
        try t.assign(Tensor(5), at: [.at(0)])
        try t.assign(Tensor([7, 8]), at: [.all, .at(2)])
        #expect(t.scalars == [5, 5, 7, 0, 0, 8])
        #expect(throws: EmberError.self) { try t.assign(Tensor([1, 2]), at: [.at(0)]) }
    }

    @Test func concatenateAndStack() throws {
        let a = try Tensor.ones([2, 2])
        let b = try Tensor.zeros([1, 2])
        let joined = try Tensor.concatenate([a, b])
        #expect(joined.shape == [3, 2])
        #expect(joined.scalars == [1, 1, 1, 1, 0, 0])
        let sideBySide = try Tensor.concatenate([a, Tensor.zeros([2, 1])], axis: 1)
        #expect(sideBySide.scalars == [1, 1, 0, 1, 1, 0])
        let stacked = try Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], axis: 1)
        #expect(stacked.shape == [2, 2])
        #expect(stacked.scalars == [1, 3, 2, 4])
        #expect(throws: EmberError.self) { try Tensor.concatenate([a, Tensor.zeros([2, 3])]) }
        #expect(throws: EmberError.self) { try Tensor.stack([a, b]) }
    }
}
