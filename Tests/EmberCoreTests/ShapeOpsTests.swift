import EmberCore
import Testing

@Suite struct ShapeOpsTests {
    let x: Tensor

    init() throws {
        x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    }

    @Test func reshapeInfersOneDimension() throws {
        #expect(try x.reshape([3, -1]).shape == [3, 2])
        #expect(try x.reshape([-1]).shape == [6])
        #expect(try x.reshape([3, 2]).scalars == x.scalars)
    }

    @Test func reshapeRefusesWrongCounts() {
        do {
            _ = try x.reshape([4, -1])
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "reshape: shape [4, -1] is invalid for 6 elements")
        }
        #expect(throws: EmberError.self) { try x.reshape([-1, -1]) }
        #expect(throws: EmberError.self) { try x.reshape([5]) }
    }

    @Test func transposeAndPermute() throws {
        let t = x.T
        #expect(t.shape == [3, 2])
        #expect(t.scalars == [1, 4, 2, 5, 3, 6])
        let cube = try Tensor.arange(0, 24).reshape([2, 3, 4])
        let p = try cube.permute([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        // p[i][j][k] = cube[j][k][i] = 12j + 4k + i
        #expect(p.scalars[0..<6] == [0, 4, 8, 12, 16, 20])
        #expect(try cube.transpose(0, 2).shape == [4, 3, 2])
        #expect(throws: EmberError.self) { try cube.permute([0, 0, 1]) }
    }

    @Test func flattenSqueezeUnsqueeze() throws {
        let images = try Tensor.zeros([8, 20, 4, 4])
        #expect(try images.flatten(startAxis: 1).shape == [8, 320])
        #expect(try images.flatten().shape == [2560])
        #expect(try x.unsqueeze(0).shape == [1, 2, 3])
        #expect(try x.unsqueeze(-1).shape == [2, 3, 1])
        #expect(try Tensor.zeros([1, 3, 1]).squeeze().shape == [3])
        #expect(try Tensor.zeros([1, 3, 1]).squeeze(0).shape == [3, 1])
    }
}
