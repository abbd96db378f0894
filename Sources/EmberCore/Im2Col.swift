// im2col and its adjoint col2im: the rearrangement that turns a convolution over a whole batch
// into one matrix product. Row (c, i, j) of the column matrix holds, for every output position
// of every image, the input pixel that kernel tap (i, j) of channel c sees there (0 in padding).

/// The geometry of a 2-D convolution or pooling window over a batch of images.
public struct ConvolutionGeometry: Sendable, Equatable {
    /// The input: images, channels per image, rows and columns.
    public var batch: Int, channels: Int, height: Int, width: Int
    /// The window: rows and columns.
    public var kernelHeight: Int, kernelWidth: Int
    /// The step between windows and the zeros (or −∞) added on every side.
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

/// The outputs `x` in `0 ..< count` whose source position `x · stride + offset` lies in
/// `0 ..< limit`: outside it a window reads padding.
func inBoundsRange(offset: Int, stride: Int, limit: Int, count: Int) -> Range<Int> {
    let first = offset >= 0 ? 0 : (-offset + stride - 1) / stride
    let lastSource = limit - 1 - offset
    let end = lastSource < 0 ? 0 : lastSource / stride + 1
    let low = Swift.min(first, count)
    return low..<Swift.min(Swift.max(end, low), count)
}

/// Fills `columns` ([patchSize, batch · outputPlane]) from `input` ([batch, channels, H, W]).
public func im2col(
    _ input: UnsafePointer<Float>, _ columns: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry
) {
    if g.stride == 1, g.padding == 0, g.batch == 1 {
        let source = UnsafeMutablePointer(mutating: input)  // only read
        if g.outputWidth & 7 == 0 {
            unpaddedRuns(CopyEights.self, input: source, columns: columns, g)
        } else {
            unpaddedRuns(CopyAny.self, input: source, columns: columns, g)
        }
        return
    }
    let layout = ColumnLayout(g)
    layout.forEachTap { tap, block, plane in
        for y in 0..<layout.outputHeight {
            let line = columns + block + y * layout.outputWidth
            if let sourceRow = tap.sourceRow(y) {
                tap.gather(from: input + plane + sourceRow * layout.width, to: line)
            } else {
                line.update(repeating: 0, count: layout.outputWidth)
            }
        }
    }
}

/// Adds each entry of `columns` back into the input pixel it was read from: the gradient of
/// `im2col`. `input` ([batch, channels, H, W]) must start at zero.
public func col2im(
    _ columns: UnsafePointer<Float>, _ input: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry
) {
    if g.stride == 1, g.padding == 0, g.batch == 1 {
        let source = UnsafeMutablePointer(mutating: columns)  // only read
        if g.outputWidth & 7 == 0 {
            unpaddedRuns(AddEights.self, input: input, columns: source, g)
        } else {
            unpaddedRuns(AddAny.self, input: input, columns: source, g)
        }
        return
    }
    let layout = ColumnLayout(g)
    layout.forEachTap { tap, block, plane in
        for y in 0..<layout.outputHeight {
            guard let sourceRow = tap.sourceRow(y) else { continue }
            tap.scatterAdd(from: columns + block + y * layout.outputWidth, to: input + plane + sourceRow * layout.width)
        }
    }
}

/// Runs `Move` over every row of every tap's block of one image with stride 1 and no
/// padding, the case of the tutorial's layers, where each row of a block is a run of an input
/// row. The generic parameter gives each kind of move its own tight loop, with no call per
/// row; the rows are short, so per-row overhead would cost as much as the copying.
private func unpaddedRuns<Move: RunMove>(
    _ move: Move.Type, input: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>,
    _ g: ConvolutionGeometry
) {
    let (width, oh, ow) = (g.width, g.outputHeight, g.outputWidth)
    var block = columns
    for c in 0..<g.channels {
        let plane = input + c * g.height * width
        for i in 0..<g.kernelHeight {
            for j in 0..<g.kernelWidth {
                var run = plane + i * width + j
                let end = block + oh * ow
                while block < end {
                    Move.move(input: run, columns: block, count: ow)
                    run += width
                    block += ow
                }
            }
        }
    }
}

/// One way of moving a run of `count` floats between an input row and a column-matrix row.
private protocol RunMove {
    static func move(input: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>, count: Int)
}

/// im2col's copy, for runs whose length is a multiple of eight.
private enum CopyEights: RunMove {
    @inline(__always)
    static func move(input: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>, count: Int) {
        var x = 0
        repeat {
            store4(load4(input + x), columns + x)
            store4(load4(input + x + 4), columns + x + 4)
            x &+= 8
        } while x < count
    }
}

/// im2col's copy, for runs of any length.
private enum CopyAny: RunMove {
    @inline(__always)
    static func move(input: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>, count: Int) {
        var x = 0
        while x &+ 4 <= count {
            store4(load4(input + x), columns + x)
            x &+= 4
        }
        while x < count {
            columns[x] = input[x]
            x &+= 1
        }
    }
}

/// col2im's sum, for runs whose length is a multiple of eight.
private enum AddEights: RunMove {
    @inline(__always)
    static func move(input: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>, count: Int) {
        var x = 0
        repeat {
            store4(load4(input + x) + load4(columns + x), input + x)
            store4(load4(input + x + 4) + load4(columns + x + 4), input + x + 4)
            x &+= 8
        } while x < count
    }
}

/// col2im's sum, for runs of any length.
private enum AddAny: RunMove {
    @inline(__always)
    static func move(input: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>, count: Int) {
        var x = 0
        while x &+ 4 <= count {
            store4(load4(input + x) + load4(columns + x), input + x)
            x &+= 4
        }
        while x < count {
            input[x] += columns[x]
            x &+= 1
        }
    }
}

/// The sizes of a column matrix, computed once: the geometry's derived sizes divide, and
/// the loops above would otherwise recompute them for every row they copy.
struct ColumnLayout {
    let geometry: ConvolutionGeometry
    let width: Int, outputHeight: Int, outputWidth: Int, outputPlane: Int, inputPlane: Int

    init(_ g: ConvolutionGeometry) {
        geometry = g
        (width, outputHeight, outputWidth) = (g.width, g.outputHeight, g.outputWidth)
        outputPlane = outputHeight * outputWidth
        inputPlane = g.height * g.width
    }

    /// Calls `body(tap, block, plane)` for every kernel tap of every channel and image:
    /// `block` is the offset of the tap's [H', W'] block for that image in the column matrix,
    /// `plane` the offset of the image's input plane of that channel.
    @inline(__always)
    func forEachTap(_ body: (_ tap: KernelTap, _ block: Int, _ plane: Int) -> Void) {
        let g = geometry
        let rowLength = g.batch * outputPlane
        var block = 0
        for c in 0..<g.channels {
            for i in 0..<g.kernelHeight {
                for j in 0..<g.kernelWidth {
                    let tap = KernelTap(g, outputHeight: outputHeight, outputWidth: outputWidth, row: i, column: j)
                    for n in 0..<g.batch {
                        body(tap, block &+ n &* outputPlane, (n &* g.channels &+ c) &* inputPlane)
                    }
                    block += rowLength
                }
            }
        }
    }
}

/// Where one kernel tap (i, j) reads: output (y, x) takes input row `y · stride + i − padding`
/// and column `x · stride + j − padding`, which are padding outside `0 ..< H` and `0 ..< W`.
struct KernelTap {
    let outputHeight: Int, count: Int, width: Int
    let stride: Int, rowOffset: Int, offset: Int
    /// The output rows and columns that read inside the input.
    let rows: Range<Int>, inBounds: Range<Int>

    init(_ g: ConvolutionGeometry, outputHeight: Int, outputWidth: Int, row i: Int, column j: Int) {
        (self.outputHeight, count, width, stride) = (outputHeight, outputWidth, g.width, g.stride)
        (rowOffset, offset) = (i - g.padding, j - g.padding)
        rows = inBoundsRange(offset: rowOffset, stride: stride, limit: g.height, count: outputHeight)
        inBounds = inBoundsRange(offset: offset, stride: stride, limit: g.width, count: count)
    }

    /// The input row read by output row `y`, or nil in padding.
    @inline(__always)
    func sourceRow(_ y: Int) -> Int? {
        rows.contains(y) ? y * stride + rowOffset : nil
    }

    /// Writes the output row `line` from the input row `source`, zeros in padding.
    @inline(__always)
    func gather(from source: UnsafePointer<Float>, to line: UnsafeMutablePointer<Float>) {
        if inBounds.lowerBound > 0 { line.update(repeating: 0, count: inBounds.lowerBound) }
        if stride == 1 {
            copyFloats(
                from: source + (inBounds.lowerBound + offset), to: line + inBounds.lowerBound, count: inBounds.count)
        } else {
            for x in inBounds { line[x] = source[x * stride + offset] }
        }
        if inBounds.upperBound < count {
            (line + inBounds.upperBound).update(repeating: 0, count: count - inBounds.upperBound)
        }
    }

    /// Adds the output row `line` into the input row `target`, skipping padding.
    @inline(__always)
    func scatterAdd(from line: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>) {
        if stride == 1 {
            addFloats(
                from: line + inBounds.lowerBound, into: target + (inBounds.lowerBound + offset), count: inBounds.count)
        } else {
            for x in inBounds { target[x * stride + offset] += line[x] }
        }
    }
}
