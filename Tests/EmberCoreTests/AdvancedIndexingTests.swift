import EmberCore
import Foundation
import Testing

/// The cases of `Fixtures/advanced_indexing.json`, NumPy's answers written by
/// `Fixtures/make_advanced_indexing_fixture.py`.
struct AdvancedIndexingFixture: Decodable {
    struct Array: Decodable {
        let shape: [Int]
        let values: [Float]

        var tensor: Tensor {
            get throws { try Tensor(shape: shape, scalars: values) }
        }
    }

    struct Entry: Decodable {
        let kind: String
        let value: Int?
        let start: Int?
        let end: Int?
        let step: Int?
        let array: Array?

        var index: TensorIndex {
            get throws {
                switch kind {
                case "at": return .at(value ?? 0)
                case "all": return .all
                case "range": return .range(start: start, end: end, step: step)
                case "newAxis": return .newAxis
                case "ellipsis": return .ellipsis
                case "positions": return .positions(try array?.tensor ?? Tensor([]))
                case "mask": return .mask(try array?.tensor ?? Tensor([]))
                default: throw EmberError.invalidArgument(function: "fixture", message: "unknown entry \(kind)")
                }
            }
        }
    }

    struct Case: Decodable {
        let name: String
        let kind: String
        let shape: [Int]
        let index: [Entry]
        let value: Array?
        let result: Array?
        let numpyError: String?

        var source: Tensor {
            get throws { try Tensor.arange(0, Float(shape.reduce(1, *))).reshape(shape) }
        }

        var indices: [TensorIndex] {
            get throws { try index.map { try $0.index } }
        }
    }

    let numpy: String
    let cases: [Case]

    static func load() throws -> AdvancedIndexingFixture {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/advanced_indexing.json")
        return try JSONDecoder().decode(AdvancedIndexingFixture.self, from: Data(contentsOf: path))
    }
}

@Suite struct AdvancedIndexingTests {
    let fixture: AdvancedIndexingFixture
    let x: Tensor

    init() throws {
        fixture = try AdvancedIndexingFixture.load()
        x = try Tensor.arange(0, 12).reshape([3, 4])
    }

    /// The message of the error `body` throws, or nil when it throws none.
    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The fixture's cases of `kind`; there are several of each.
    func cases(_ kind: String) -> [AdvancedIndexingFixture.Case] {
        let selected = fixture.cases.filter { $0.kind == kind }
        #expect(selected.count > 5, "cases of kind \(kind)")
        return selected
    }

    @Test func readsMatchNumPy() throws {
        for testCase in cases("read") {
            let selected = try testCase.source.indexed(try testCase.indices)
            #expect(selected.shape == testCase.result?.shape, "\(testCase.name)")
            #expect(selected.scalars == testCase.result?.values, "\(testCase.name)")
        }
    }

    @Test func assignmentsMatchNumPy() throws {
        for testCase in cases("assign") {
            var tensor = try testCase.source
            try tensor.assign(try #require(testCase.value).tensor, at: try testCase.indices)
            #expect(tensor.scalars == testCase.result?.values, "\(testCase.name)")
        }
    }

    @Test func indicesNumPyRefusesAreErrors() throws {
        for testCase in cases("error") {
            var tensor = try testCase.source
            let indices = try testCase.indices
            let thrown = message {
                if let value = try testCase.value?.tensor {
                    try tensor.assign(value, at: indices)
                } else {
                    _ = try tensor.indexed(indices)
                }
            }
            #expect(thrown != nil, "\(testCase.name): NumPy says \(testCase.numpyError ?? "")")
        }
    }

    @Test func errorsNameWhatWasWrong() {
        #expect(
            message { _ = try x[.positions(Tensor([0, 3]))] }
                == "index: index 3 is out of range for axis 0 of size 3")
        #expect(
            message { _ = try x[.all, .positions(Tensor([-5]))] }
                == "index: index -5 is out of range for axis 1 of size 4")
        #expect(
            message { _ = try x[.newAxis, .all, .positions(Tensor([4]))] }
                == "index: index 4 is out of range for axis 1 of size 4")
        #expect(
            message { _ = try x[.mask(Tensor.ones([2, 4]))] }
                == "index: mask of shape [2, 4] does not match the indexed shape [3, 4] at axis 0")
        #expect(
            message { _ = try x[.all, .mask(Tensor.ones([3]))] }
                == "index: mask of shape [3] does not match the indexed shape [4] at axis 1")
        #expect(
            message { _ = try x[.mask(Tensor([1, 0.5, 0]))] }
                == "index: a mask holds only 0 and 1, found 0.5")
        #expect(
            message { _ = try x[.ellipsis, .at(0), .ellipsis] }
                == "index: an index can only have a single ellipsis (...), 2 given")
        #expect(
            message { _ = try x[.positions(Tensor([0, 1])), .positions(Tensor([0, 1, 2]))] }
                == "index: shapes [2] and [3] of index arrays cannot be broadcast together (axis 0: 2 vs 3)")
        #expect(
            message { _ = try x[.at(0), .newAxis, .positions(Tensor([0])), .at(0)] }
                == "index: too many indices for a tensor of shape [3, 4]: 3 given")
        #expect(
            message { _ = try x[.positions(Tensor([1.5]))] }
                == "index: index 1.5 for axis 0 is not a whole number")
        #expect(
            message { _ = try x[.positions(Tensor([.nan]))] }
                == "index: index nan for axis 0 is not a whole number")
        #expect(
            message { _ = try x[.all, .positions(Tensor([1e20]))] }
                == "index: index 1e+20 is out of range for axis 1 of size 4")
        #expect(
            message { _ = try x[.positions(Tensor([-.infinity]))] }
                == "index: index -inf for axis 0 is not a whole number")
    }

    @Test func assignErrorsNameTheShapes() {
        var t = x
        #expect(
            message { try t.assign(Tensor([1, 2, 3]), at: [.positions(Tensor([0, 1]))]) }
                == "assign: shapes [3] and [2, 4] do not fit: the value cannot be broadcast to the selection")
        #expect(message { try t.assign(Tensor(1), at: [.positions(Tensor([7]))]) } != nil)
        #expect(t == x, "a failed assignment writes nothing")
    }

    @Test func accumulateAddsOncePerRepeatedPosition() throws {
        var t = try Tensor.zeros([3])
        try t.accumulate(Tensor([1, 2, 3, 4]), at: [.positions(Tensor([0, 2, 0, 0]))])
        #expect(t.scalars == [8, 0, 2])
        var grid = try Tensor.ones([2, 2])
        try grid.accumulate(Tensor(1), at: [.all, .at(1)])
        #expect(grid.scalars == [1, 2, 1, 2])
        #expect(
            message { try grid.accumulate(Tensor([1, 2, 3]), at: [.at(0)]) }
                == "accumulate: shapes [3] and [2] do not fit: the value cannot be broadcast to the selection")
    }

    @Test func maskFromAComparisonSelectsAndWrites() throws {
        let positive = try x.combined(with: Tensor(5), operation: "gt") { $0 > $1 ? 1 : 0 }
        #expect(try x[.mask(positive)].scalars == [6, 7, 8, 9, 10, 11])
        var clipped = x
        try clipped.assign(Tensor(5), at: [.mask(positive)])
        #expect(clipped.scalars == [0, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5])
    }

    @Test func basicIndicesKeepTheirMeaning() throws {
        #expect(try x[.ellipsis].scalars == x.scalars)
        #expect(try x[.ellipsis, .at(1)].scalars == [1, 5, 9])
        #expect(try x[.at(1), .ellipsis].scalars == [4, 5, 6, 7])
        #expect(try x[.at(1), .newAxis].shape == [1, 4])
        #expect(try x[.positions(Tensor(2))].scalars == [8, 9, 10, 11])
        #expect(throws: EmberError.self) { try x[.positions(Tensor([0])), .range(start: nil, end: nil, step: -1)] }
    }

    @Test func emptySelectionsStillCheckTheirIndices() throws {
        let empty = try Tensor.zeros([0, 3])
        #expect(try empty[.all, .positions(Tensor([2, 0]))].shape == [0, 2])
        #expect(throws: EmberError.self) { try empty[.all, .positions(Tensor([3]))] }
        #expect(try empty[.mask(Tensor([]))].shape == [0, 3])
    }

    @Test func nonzeroListsCoordinatesRowByRow() throws {
        let t = try Tensor(shape: [2, 3], scalars: [0, 2, 0, .nan, 0, -1])
        let coordinates = try t.nonzero()
        #expect(coordinates.shape == [3, 2])
        #expect(coordinates.scalars == [0, 1, 1, 0, 1, 2])
        #expect(try Tensor([0, 3, 0, 5]).nonzero().scalars == [1, 3])
        #expect(try Tensor(4).nonzero().shape == [1, 0])
        #expect(try Tensor(0).nonzero().shape == [0, 0])
        #expect(try Tensor.zeros([2, 0]).nonzero().shape == [0, 2])
    }

    @Test func fixtureWasWrittenByNumPy() {
        #expect(!fixture.numpy.isEmpty)
        #expect(fixture.cases.contains { $0.name == "an integer, a slice, an array: block first" })
    }
}
