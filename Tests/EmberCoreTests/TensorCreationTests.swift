import EmberCore
import Testing

@Suite struct TensorCreationTests {
    @Test func shapeAndScalarsMustAgree() throws {
        let t = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(t.shape == [2, 3])
        #expect(t.count == 6)
        #expect(t.strides == [3, 1])
        #expect(throws: EmberError.self) { try Tensor(shape: [2, 2], scalars: [1, 2, 3]) }
        #expect(throws: EmberError.self) { try Tensor.zeros([-1, 3]) }
    }

    @Test func negativeDimensionIsNamedInTheError() {
        do {
            _ = try Tensor.zeros([2, -3])
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "full: negative dimension -3 in shape [2, -3]")
        }
    }

    @Test func constantFills() throws {
        #expect(try Tensor.zeros([2, 2]).scalars == [0, 0, 0, 0])
        #expect(try Tensor.ones([3]).scalars == [1, 1, 1])
        #expect(try Tensor.full([1, 2], value: 7).scalars == [7, 7])
    }

    @Test func eyeHasOnesOnTheMainDiagonal() throws {
        #expect(try Tensor.eye(2).scalars == [1, 0, 0, 1])
        let wide = try Tensor.eye(2, 3)
        #expect(wide.shape == [2, 3])
        #expect(wide.scalars == [1, 0, 0, 0, 1, 0])
        #expect(try Tensor.eye(3, 1).scalars == [1, 0, 0])
        #expect(try Tensor.eye(0).count == 0)
        #expect(throws: EmberError.self) { try Tensor.eye(-1) }
    }

    @Test func arangeFollowsPyTorch() throws {
        #expect(try Tensor.arange(0, 5).scalars == [0, 1, 2, 3, 4])
        #expect(try Tensor.arange(1, 2, step: 0.25).scalars == [1, 1.25, 1.5, 1.75])
        #expect(try Tensor.arange(5, 0, step: -2).scalars == [5, 3, 1])
        #expect(try Tensor.arange(3, 3).count == 0)
        #expect(throws: EmberError.self) { try Tensor.arange(0, 1, step: 0) }
    }

    @Test func nestedListsGiveTheShape() throws {
        let t = try Tensor(nested: [[1, 2, 3], [4, 5, 6]])
        #expect(t.shape == [2, 3])
        #expect(t.scalars == [1, 2, 3, 4, 5, 6])
        let scalar = try Tensor(nested: 3.5)
        #expect(scalar.shape == [])
        #expect(try Tensor(nested: [[1], [2]]).shape == [2, 1])
    }

    @Test func raggedListsAreRefused() {
        do {
            _ = try Tensor(nested: [[1, 2], [3]])
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "tensor: lists are ragged: at index 1 expected a list of 2")
        }
    }

    @Test func sameSeedSameDraws() throws {
        let a = try Tensor.randn([100], generator: Generator(seed: 42))
        let b = try Tensor.randn([100], generator: Generator(seed: 42))
        let c = try Tensor.randn([100], generator: Generator(seed: 43))
        #expect(a == b)
        #expect(a != c)
        let generator = Generator(seed: 5)
        let first = try Tensor.rand([10], generator: generator)
        generator.reseed(5)
        #expect(try Tensor.rand([10], generator: generator) == first)
    }

    @Test func snapshotRestoresTheStream() throws {
        let generator = Generator(seed: 1)
        _ = try Tensor.rand([3], generator: generator)
        let saved = generator.snapshot()
        let next = try Tensor.randn([5], generator: generator)
        generator.restore(saved)
        #expect(try Tensor.randn([5], generator: generator) == next)
    }

    @Test func randomDistributionsHaveTheirMoments() throws {
        let generator = Generator(seed: 3)
        let normal = try Tensor.randn([200_000], generator: generator)
        #expect(abs(try normal.mean().item()) < 0.01)
        #expect(abs(try normal.std().item() - 1) < 0.01)
        let uniform = try Tensor.uniform([200_000], low: -2, high: 4, generator: generator)
        #expect(try uniform.min().item() >= -2)
        #expect(try uniform.max().item() < 4)
        #expect(abs(try uniform.mean().item() - 1) < 0.02)
        let integers = try Tensor.randint(0, 3, shape: [1000], generator: generator)
        #expect(Set(integers.scalars) == [0, 1, 2])
    }

    @Test func permutationHoldsEveryIndexOnce() {
        let order = Generator(seed: 9).permutation(1000)
        #expect(order.sorted() == Array(0..<1000))
        #expect(order != Array(0..<1000))
    }

    @Test func itemNeedsOneElement() throws {
        #expect(try Tensor(2.5).item() == 2.5)
        #expect(try Tensor.ones([1, 1]).item() == 1)
        #expect(throws: EmberError.self) { try Tensor.ones([2]).item() }
    }
}
