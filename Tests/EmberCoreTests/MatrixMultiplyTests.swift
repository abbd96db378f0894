import EmberCore
import Testing

@Suite struct MatrixMultiplyTests {
    @Test func matrixTimesMatrix() throws {
        let a = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = try Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        let c = try a.matmul(b)
        #expect(c.shape == [2, 2])
        // [1·7 + 2·9 + 3·11, 1·8 + 2·10 + 3·12; 4·7 + 5·9 + 6·11, 4·8 + 5·10 + 6·12]
        #expect(c.scalars == [58, 64, 139, 154])
    }

    @Test func vectorsArePromotedAndSqueezed() throws {
        let m = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let v = Tensor([1, 1])
        #expect(try v.matmul(m).shape == [2])
        #expect(try v.matmul(m).scalars == [4, 6])
        #expect(try m.matmul(v).scalars == [3, 7])
        let dot = try v.matmul(Tensor([2, 3]))
        #expect(dot.shape == [])
        #expect(try dot.item() == 5)
    }

    @Test func batchedProducts() throws {
        let a = try Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
        let b = try Tensor(shape: [2, 2, 1], scalars: [1, 1, 2, 2])
        let c = try a.matmul(b)
        #expect(c.shape == [2, 1, 1])
        #expect(c.scalars == [3, 14])
        let shared = try a.matmul(Tensor(shape: [2, 1], scalars: [1, 0]))
        #expect(shared.shape == [2, 1, 1])
        #expect(shared.scalars == [1, 3])
    }

    @Test func innerSizesMustAgree() {
        do {
            _ = try Tensor.ones([4, 3]).matmul(Tensor.ones([2, 2]))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "matmul: shapes [4, 3] and [2, 2] cannot be multiplied (3 ≠ 2)")
        }
    }

    @Test func emptyInnerDimensionGivesZeros() throws {
        let c = try Tensor.ones([2, 0]).matmul(Tensor.ones([0, 3]))
        #expect(c.shape == [2, 3])
        #expect(c.scalars == [0, 0, 0, 0, 0, 0])
    }
}
