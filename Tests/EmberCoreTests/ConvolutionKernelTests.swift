import EmberCore
import Testing

/// Random values from a fixed seed, as a plain array.
private func randomValues(_ count: Int, seed: UInt64) -> [Float] {
    var values = [Float](repeating: 0, count: count)
    values.withUnsafeMutableBufferPointer { Generator(seed: seed).fillNormal($0, mean: 0, std: 1) }
    return values
}

/// im2col written out directly from its definition, as the reference.
private func referenceIm2col(_ input: [Float], _ g: ConvolutionGeometry) -> [Float] {
    let (oh, ow) = (g.outputHeight, g.outputWidth)
    var columns = [Float](repeating: -1, count: g.patchSize * g.batch * g.outputPlane)
    for c in 0..<g.channels {
        for i in 0..<g.kernelHeight {
            for j in 0..<g.kernelWidth {
                for n in 0..<g.batch {
                    for y in 0..<oh {
                        for x in 0..<ow {
                            let (sy, sx) = (y * g.stride - g.padding + i, x * g.stride - g.padding + j)
                            let inside = sy >= 0 && sy < g.height && sx >= 0 && sx < g.width
                            let row = (c * g.kernelHeight + i) * g.kernelWidth + j
                            columns[(row * g.batch + n) * g.outputPlane + y * ow + x] =
                                inside ? input[((n * g.channels + c) * g.height + sy) * g.width + sx] : 0
                        }
                    }
                }
            }
        }
    }
    return columns
}

/// Geometries with and without stride and padding, square and not.
private let geometries = [
    ConvolutionGeometry(
        batch: 2, channels: 2, height: 7, width: 9, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 0),
    ConvolutionGeometry(
        batch: 2, channels: 1, height: 12, width: 12, kernelHeight: 5, kernelWidth: 5, stride: 1, padding: 0),
    ConvolutionGeometry(
        batch: 1, channels: 2, height: 6, width: 5, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1),
    ConvolutionGeometry(
        batch: 3, channels: 1, height: 5, width: 5, kernelHeight: 3, kernelWidth: 2, stride: 1, padding: 2),
    ConvolutionGeometry(
        batch: 1, channels: 3, height: 4, width: 11, kernelHeight: 1, kernelWidth: 1, stride: 3, padding: 0),
]

@Suite struct ConvolutionKernelTests {
    @Test func im2colMatchesItsDefinition() {
        for g in geometries {
            let input = randomValues(g.batch * g.channels * g.height * g.width, seed: 1)
            var columns = [Float](repeating: .nan, count: g.patchSize * g.batch * g.outputPlane)
            input.withUnsafeBufferPointer { x in
                columns.withUnsafeMutableBufferPointer { c in
                    guard let px = x.baseAddress, let pc = c.baseAddress else { return }
                    im2col(px, pc, g)
                }
            }
            #expect(columns == referenceIm2col(input, g), "\(g)")
        }
    }

    @Test func col2imSumsEachColumnEntryIntoItsPixel() {
        for g in geometries {
            let columns = randomValues(g.patchSize * g.batch * g.outputPlane, seed: 2)
            var input = [Float](repeating: 0, count: g.batch * g.channels * g.height * g.width)
            columns.withUnsafeBufferPointer { c in
                input.withUnsafeMutableBufferPointer { x in
                    guard let pc = c.baseAddress, let px = x.baseAddress else { return }
                    col2im(pc, px, g)
                }
            }
            // The reference adds in the same order: tap by tap, then image, row and column.
            var expected = [Float](repeating: 0, count: input.count)
            let positions = referenceIm2col((0..<input.count).map(Float.init), g)
            let padding = referenceIm2col([Float](repeating: 1, count: input.count), g)
            for (k, value) in columns.enumerated() where padding[k] == 1 {
                expected[Int(positions[k])] += value
            }
            #expect(input == expected, "\(g)")
        }
    }

    @Test func convolutionKernelMatchesDirectSums() throws {
        let g = ConvolutionGeometry(
            batch: 3, channels: 2, height: 6, width: 7, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        let kernel = ConvolutionKernel(geometry: g, outChannels: 4)
        let input = randomValues(g.batch * kernel.inputSize, seed: 3)
        let weight = randomValues(4 * g.patchSize, seed: 4)
        let bias = randomValues(4, seed: 5)
        var output = [Float](repeating: 0, count: g.batch * kernel.outputSize)
        var columns = [Float](repeating: 0, count: kernel.columnsSize)
        try input.withUnsafeBufferPointer { x in
            try weight.withUnsafeBufferPointer { w in
                try bias.withUnsafeBufferPointer { b in
                    try output.withUnsafeMutableBufferPointer { y in
                        try columns.withUnsafeMutableBufferPointer { c in
                            kernel.forward(
                                images: 0..<g.batch, input: try #require(x.baseAddress),
                                weight: try #require(w.baseAddress),
                                bias: b.baseAddress, output: try #require(y.baseAddress),
                                columns: try #require(c.baseAddress))
                        }
                    }
                }
            }
        }
        let patches = referenceIm2col(input, g)
        for n in 0..<g.batch {
            for o in 0..<4 {
                for p in 0..<g.outputPlane {
                    var total = Double(bias[o])
                    for k in 0..<g.patchSize {
                        total +=
                            Double(weight[o * g.patchSize + k]) * Double(patches[(k * g.batch + n) * g.outputPlane + p])
                    }
                    let got = output[(n * 4 + o) * g.outputPlane + p]
                    #expect(abs(Double(got) - total) < 1e-4, "image \(n), channel \(o), position \(p)")
                }
            }
        }
    }
}
