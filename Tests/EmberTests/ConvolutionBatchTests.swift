import Ember
import Testing

@Suite struct ConvolutionBatchTests {
    /// The batch is split into chunks whose partial gradients are added afterwards; the sum
    /// must match accumulating the images one at a time.
    @Test func batchGradientsEqualTheSumOverSingleImages() throws {
        let generator = Generator(seed: 5)
        let conv = try Conv2d(2, 3, kernelSize: 3, padding: 1, generator: generator)
        let x = try Tensor.randn([5, 2, 6, 6], generator: generator)
        let dOut = try Tensor.randn([5, 3, 6, 6], generator: generator)
        _ = try conv(x)
        let dX = try conv.backward(dOut)
        let batchGradients = conv.parameters.map(\.grad)
        conv.zeroGrad()
        var imageGradients: [Tensor] = []
        for n in 0..<5 {
            _ = try conv(try x.slice(axis: 0, start: n, end: n + 1))
            imageGradients.append(try conv.backward(try dOut.slice(axis: 0, start: n, end: n + 1)))
        }
        for (batch, single) in zip(batchGradients, conv.parameters.map(\.grad)) {
            let difference = zip(batch.scalars, single.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(difference < 1e-4)
        }
        #expect(dX == (try Tensor.concatenate(imageGradients)))
    }

    @Test func anEmptyBatchLeavesTheGradientsAtZero() throws {
        let conv = try Conv2d(1, 2, kernelSize: 3, generator: Generator(seed: 1))
        let y = try conv(try Tensor.zeros([0, 1, 5, 5]))
        #expect(y.shape == [0, 2, 3, 3])
        let dX = try conv.backward(try Tensor.zeros([0, 2, 3, 3]))
        #expect(dX.shape == [0, 1, 5, 5])
        #expect(conv.weight.grad.scalars.allSatisfy { $0 == 0 })
        #expect(conv.bias?.grad.scalars.allSatisfy { $0 == 0 } == true)
    }
}
