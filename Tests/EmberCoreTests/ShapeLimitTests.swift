import EmberCore
import Testing

/// The text of the error `body` throws, or "no error".
func errorMessage(_ body: () throws -> Any) -> String {
    do {
        _ = try body()
        return "no error"
    } catch {
        return "\(error)"
    }
}

/// Shapes a user or a file controls: a zero-size tensor whose other axes are huge, too many
/// axes, and the work on valid empty tensors, which must neither trap nor walk their axes.
@Suite struct ShapeLimitTests {
    @Test func emptyShapesWithHugeAxesAreRefusedAtCreation() throws {
        let huge = 1 << 40
        #expect(
            errorMessage { try Tensor.zeros([0, huge, huge]) }
                == "full: shape [0, 1099511627776, 1099511627776] is too large: even empty, its other "
                + "dimensions multiply past 268435456 elements")
        #expect(errorMessage { try Tensor.zeros([0, 1 << 29]) }.contains("is too large"))
        #expect(
            errorMessage { try Tensor.zeros([1 << 15, 1 << 15]) }
                == "full: shape [32768, 32768] is too large (the limit is 268435456 elements)")
        #expect(errorMessage { try Tensor(shape: [0, huge, huge], scalars: []) }.contains("even empty"))
        #expect(errorMessage { try Tensor.zeros([2, 0]).reshape([0, huge, huge]) }.contains("even empty"))
        #expect(
            errorMessage { try Tensor.zeros([Int](repeating: 1, count: 65)) }.contains("65 dimensions are too many"))
        let deepest = try Tensor.zeros([Int](repeating: 1, count: 64))
        #expect(errorMessage { try deepest.unsqueeze(0) } == "unsqueeze: a tensor has at most 64 dimensions")
        #expect(deepest.description.hasPrefix("tensor(" + String(repeating: "[", count: 64) + "0."))
    }

    @Test func largestEmptyTensorsPrintSliceTransposeAndReduce() throws {
        let x = try Tensor.zeros([0, 4096, 4096])
        #expect(x.description == "tensor([], shape=[0, 4096, 4096])")
        #expect(x.T.shape == [4096, 4096, 0])
        #expect(try x.permute([2, 0, 1]).shape == [4096, 0, 4096])
        #expect(try x[.all, .range(start: 1, end: nil, step: 2)].shape == [0, 2048, 4096])
        #expect(try x.slice(axis: 2, start: -3).shape == [0, 4096, 3])
        #expect(try x.select(axis: 1, index: 4095).shape == [0, 4096])
        #expect(try x.sum(axis: 2).shape == [0, 4096])
        let column = try x.sum(axis: 0)
        #expect(column.shape == [4096, 4096] && column.scalars.allSatisfy { $0 == 0 })
        #expect(try x.mean().item().isNaN)
        #expect(try x.softmax(axis: 1).shape == x.shape)
        #expect(try x.flatten(startAxis: 1).shape == [0, 1 << 24])
        #expect(try Tensor.concatenate([x, x], axis: 0).shape == [0, 4096, 4096])
        #expect(errorMessage { try x.max(axis: 0) }.contains("cannot reduce axis 0 of size 0"))
    }

    @Test func derivedShapesAreCheckedBeforeAllocation() {
        let row = Tensor([Float](repeating: 1, count: 1 << 14))
        #expect(errorMessage { try Tensor.concatenate(Array(repeating: row, count: 1 << 15)) }.contains("cat: shape"))
        let wide = try? Tensor.zeros([1 << 20, 1, 0])
        let tall = try? Tensor.zeros([1, 1 << 20, 1])
        if let wide, let tall {
            #expect(errorMessage { try wide + tall }.contains("even empty"))
        }
    }

    @Test func slicePositionsNeverListOrOverflow() throws {
        let all = try slicePositions(start: nil, end: nil, step: nil, size: 1 << 28)
        #expect(all == SlicePositions(start: 0, step: 1, count: 1 << 28))
        #expect(try slicePositions(start: Int.min, end: Int.max, step: Int.max, size: 10).count == 1)
        #expect(
            try slicePositions(start: Int.max, end: Int.min, step: Int.min, size: 10)
                == .init(start: 9, step: 1, count: 1))
        #expect(try sliceIndices(start: -1, end: nil, step: -3, size: 10) == [9, 6, 3, 0])
        #expect(try sliceIndices(start: 2, end: 9, step: 3, size: 10) == [2, 5, 8])
        #expect(try sliceIndices(start: 5, end: 2, step: 1, size: 10).isEmpty)
        let big = try Tensor.arange(0, 24).reshape([2, 3, 4])
        #expect(
            try big[.range(start: nil, end: nil, step: Int.max), .at(-1), .range(start: 1, end: nil, step: 2)].scalars
                == [9, 11])
    }

    @Test func rangesFarOnTheWrongSideAreEmpty() throws {
        #expect(try Tensor.arange(0, -3e38, step: 1e-30).count == 0)
        #expect(try Tensor.arange(3e38, -3e38, step: 1e-30).count == 0)
        #expect(errorMessage { try Tensor.arange(0, 3e38, step: 1e-30) }.contains("are too many"))
    }

    @Test func stridesOfValidShapesStayBoundedAndOthersSaturate() {
        #expect(contiguousStrides(of: [0, 4096, 4096]) == [1 << 24, 4096, 1])
        #expect(contiguousStrides(of: [1 << 40, 1 << 40, 1 << 40]).first == Int.max)
    }
}
