// im2col and its adjoint col2im: the rearrangement that turns a convolution over a whole batch
// into one matrix product. Row (c, i, j) of the column matrix holds, for every output position
// of every image, the input pixel that kernel tap (i, j) of channel c sees there (0 in padding).

/// The geometry of a 2-D convolution or pooling window over a batch of images.
public struct ConvolutionGeometry: Sendable, Equatable {
    public var batch: Int, channels: Int, height: Int, width: Int
    public var kernelHeight: Int, kernelWidth: Int
    public var stride: Int, padding: Int

    /// Makes the geometry; the caller has checked that the output is at least 1×1.
    public init(
        batch: Int, channels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int,
        stride: Int, padding: Int
    ) {
        self.batch = batch
        self.channels = channels
        self.height = height
        self.width = width
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
    }

    /// Output rows: ⌊(H + 2p − k) / s⌋ + 1.
    public var outputHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    /// Output columns: ⌊(W + 2p − k) / s⌋ + 1.
    public var outputWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Output positions per image.
    public var outputPlane: Int { outputHeight * outputWidth }
    /// Rows of the column matrix: channels × kernel taps.
    public var patchSize: Int { channels * kernelHeight * kernelWidth }
}

/// Fills `columns` ([patchSize, batch · outputPlane]) from `input` ([batch, channels, H, W]).
public func im2col(
    _ input: UnsafePointer<Float>, _ columns: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry
) {
    let (oh, ow) = (g.outputHeight, g.outputWidth)
    let rowLength = g.batch * g.outputPlane
    for c in 0 ..< g.channels {
        for i in 0 ..< g.kernelHeight {
            for j in 0 ..< g.kernelWidth {
                let row = columns + ((c * g.kernelHeight + i) * g.kernelWidth + j) * rowLength
                for n in 0 ..< g.batch {
                    let image = input + (n * g.channels + c) * g.height * g.width
                    let out = row + n * g.outputPlane
                    for y in 0 ..< oh {
                        let sourceY = y * g.stride - g.padding + i
                        let line = out + y * ow
                        guard sourceY >= 0, sourceY < g.height else {
                            line.update(repeating: 0, count: ow)
                            continue
                        }
                        let source = image + sourceY * g.width
                        for x in 0 ..< ow {
                            let sourceX = x * g.stride - g.padding + j
                            line[x] = sourceX >= 0 && sourceX < g.width ? source[sourceX] : 0
                        }
                    }
                }
            }
        }
    }
}

/// Adds each entry of `columns` back into the input pixel it was read from: the gradient of
/// `im2col`. `input` ([batch, channels, H, W]) must start at zero.
public func col2im(
    _ columns: UnsafePointer<Float>, _ input: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry
) {
    let (oh, ow) = (g.outputHeight, g.outputWidth)
    let rowLength = g.batch * g.outputPlane
    for c in 0 ..< g.channels {
        for i in 0 ..< g.kernelHeight {
            for j in 0 ..< g.kernelWidth {
                let row = columns + ((c * g.kernelHeight + i) * g.kernelWidth + j) * rowLength
                for n in 0 ..< g.batch {
                    let image = input + (n * g.channels + c) * g.height * g.width
                    let out = row + n * g.outputPlane
                    for y in 0 ..< oh {
                        let sourceY = y * g.stride - g.padding + i
                        guard sourceY >= 0, sourceY < g.height else { continue }
                        let line = out + y * ow
                        let target = image + sourceY * g.width
                        for x in 0 ..< ow {
                            let sourceX = x * g.stride - g.padding + j
                            if sourceX >= 0 && sourceX < g.width { target[sourceX] += line[x] }
                        }
                    }
                }
            }
        }
    }
}
