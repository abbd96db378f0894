import EmberCore
import Testing

/// Windows onto a storage, as the shell's views use them: reads gather the window's elements in
/// row-major order, writes scatter them back and leave the rest of the storage alone.
@Suite struct StridedLayoutTests {
    // 0 1 2 3 / 4 5 6 7 / 8 9 10 11
    private func grid() throws -> Tensor { try Tensor(shape: [3, 4], scalars: (0..<12).map(Float.init)) }

    @Test func aTransposedWindowReadsColumnsAsRows() throws {
        let transposed = StridedLayout(offset: 0, shape: [4, 3], strides: [1, 4])
        #expect(try grid().gathered(transposed).scalars == [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
        #expect(!transposed.isContiguous)
    }

    @Test func aSlicedWindowStartsAtItsOffset() throws {
        // Rows 1...2, every other column from 1: [[5, 7], [9, 11]].
        let window = StridedLayout(offset: 5, shape: [2, 2], strides: [4, 2])
        #expect(try grid().gathered(window).scalars == [5, 7, 9, 11])
    }

    @Test func anAddedAxisRepeatsNothing() throws {
        let window = StridedLayout(offset: 4, shape: [1, 4], strides: [0, 1])
        #expect(try grid().gathered(window).scalars == [4, 5, 6, 7])
        #expect(window.isContiguous)
    }

    @Test func scatterWritesOnlyTheWindow() throws {
        var values = try grid()
        let column = StridedLayout(offset: 2, shape: [3], strides: [4])
        try values.scatter(try Tensor(shape: [3], scalars: [-1, -2, -3]), into: column)
        #expect(values.scalars == [0, 1, -1, 3, 4, 5, -2, 7, 8, 9, -3, 11])
    }

    @Test func aWindowPastTheStorageIsRefused() throws {
        let beyond = StridedLayout(offset: 10, shape: [2], strides: [4])
        #expect(throws: EmberError.self) { try grid().gathered(beyond) }
        var values = try grid()
        #expect(throws: EmberError.self) {
            try values.scatter(try Tensor(shape: [3], scalars: [1, 2, 3]), into: StridedLayout(contiguous: [2]))
        }
    }

    @Test func contiguityIgnoresAxesOfSizeOne() {
        #expect(StridedLayout(contiguous: [3, 4]).isContiguous)
        #expect(StridedLayout(offset: 4, shape: [4, 1], strides: [1, 99]).isContiguous)
        #expect(!StridedLayout(offset: 0, shape: [2, 2], strides: [4, 2]).isContiguous)
    }
}
