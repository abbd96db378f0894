import Ember
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

/// Sizes that layers and datasets derive from their arguments: each is checked, so that a
/// wide kernel or a huge image shape gives an error rather than a trap or a fatal allocation.
@Suite struct LayerLimitTests {
    @Test func layersRefuseScratchThatWouldNotFitInMemory() throws {
        let conv = try Conv2d(1, 1, kernelSize: 1000)
        let input = try Tensor.zeros([1, 1, 2000, 2000])
        #expect(
            errorMessage { try conv.forward(input) }.hasPrefix("Conv2d(1 → 1, kernel 1000): not enough memory for "))
    }

    @Test func imageShapesThatOverflowAreErrors() {
        let huge = 1 << 40
        #expect(
            errorMessage {
                try ImageDataset(name: "x", pixels: [], labels: [], imageShape: [1, huge, huge], classNames: ["a"])
            }
            .contains("is too large"))
    }

    @Test func averagePoolingVisitsOnlyTheTapsInsideTheInput() throws {
        // A window of 2²⁰ × 2²⁰ over one pixel: 2⁴⁰ taps, all but one of them padding.
        let pool = try AvgPool2d(1 << 20, padding: 1 << 19)
        let y = try pool.forward(Tensor(shape: [1, 1, 1, 1], scalars: [1_048_576]))
        #expect(y.shape == [1, 1, 1, 1])
        #expect(y.scalars == [1 / Float(1 << 20)])
        let dx = try pool.backward(Tensor(shape: [1, 1, 1, 1], scalars: [1_048_576]))
        #expect(dx.scalars == [1 / Float(1 << 20)])
    }

    @Test func emptyBatchesWithLargeImagesPassTheLayers() throws {
        // Empty, but its other axes span 2²⁶ positions: nothing may walk them one by one.
        let x = try Tensor.zeros([0, 4, 4096, 4096])
        #expect(try MaxPool2d(2).forward(x).shape == [0, 4, 2048, 2048])
        #expect(try AvgPool2d(2).forward(x).shape == [0, 4, 2048, 2048])
        let norm = try BatchNorm2d(4)
        norm.isTraining = false
        #expect(try norm.forward(x).shape == x.shape)
        #expect(try Softmax(dim: 1).forward(x).shape == x.shape)
        #expect(try Flatten().forward(x).shape == [0, 1 << 26])
        #expect(try ReLU().forward(x).shape == x.shape)
    }

    @Test func shapesGivenAloneAreBoundedBeforeAnyArithmetic() throws {
        let huge = 1 << 62
        let net = Sequential(try Conv2d(1, 2, kernelSize: 3), try MaxPool2d(2), Flatten())
        #expect(errorMessage { try net.outputShapes(for: [1, 1, huge, huge]) }.contains("is too large"))
        #expect(errorMessage { try MaxPool2d(2).outputShape(for: [1, 1, huge, 4]) }.contains("is too large"))
        #expect(errorMessage { try Flatten().outputShape(for: [2, huge, huge]) }.contains("is too large"))
        #expect(try net.outputShapes(for: [1, 1, 10, 10]).last == [1, 32])
    }
}
