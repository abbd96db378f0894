// Max pooling over every plane of a batch, recording where each maximum came from. Ties go to
// the first element of the window in row-major order; a NaN wins its window, as in PyTorch
// (scanning a window row, the first NaN ends that row, and a NaN in a later row replaces it).

/// Writes the maximum of each window of `input` ([batch, channels, H, W]) to `output`
/// ([batch, channels, H', W']) and the flat input index of each maximum to `argmax`, for the
/// images in `images`.
public func maxPoolForward(
    _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>,
    _ g: ConvolutionGeometry, images: Range<Int>
) {
    let planes = images.lowerBound * g.channels..<images.upperBound * g.channels
    if g.kernelHeight == 2, g.kernelWidth == 2, g.stride == 2, g.padding == 0 {
        maxPool2x2(input, output, argmax: argmax, g, planes: planes)
        return
    }
    let (oh, ow) = (g.outputHeight, g.outputWidth)
    for p in planes {
        let base = p * g.height * g.width
        for r in 0..<oh {
            let rows = inBoundsRange(
                offset: r * g.stride - g.padding, stride: 1, limit: g.height, count: g.kernelHeight)
            for c in 0..<ow {
                let columns = inBoundsRange(
                    offset: c * g.stride - g.padding, stride: 1, limit: g.width, count: g.kernelWidth)
                var best = -Float.infinity
                var bestIndex = -1
                for i in rows {
                    let rowStart = base + (r * g.stride - g.padding + i) * g.width + c * g.stride - g.padding
                    for j in columns {
                        let v = input[rowStart + j]
                        if v > best || v.isNaN || bestIndex < 0 {
                            best = v
                            bestIndex = rowStart + j
                            if v.isNaN { break }
                        }
                    }
                }
                let o = (p * oh + r) * ow + c
                output[o] = best
                argmax[o] = Int32(bestIndex)
            }
        }
    }
}

/// The common 2×2, stride-2 case, four windows at a time without branches (which
/// random data would mispredict half the time), with the general scan's rules written out
/// for the four values of a window: top-left, top-right, bottom-left, bottom-right.
private func maxPool2x2(
    _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>,
    _ g: ConvolutionGeometry, planes: Range<Int>
) {
    let width = g.width
    forEachWindowGroup(g, planes: planes) { o, corner, count in
        guard count == 4 else {
            for k in 0..<count {
                let i00 = corner + 2 * k
                let (best, offset) = windowMaxima(
                    SIMD4(repeating: input[i00]), SIMD4(repeating: input[i00 + 1]),
                    SIMD4(repeating: input[i00 + width]), SIMD4(repeating: input[i00 + width + 1]),
                    width: Int32(width))
                output[o + k] = best[0]
                argmax[o + k] = Int32(i00) &+ offset[0]
            }
            return
        }
        let upper = UnsafeRawPointer(input + corner).loadUnaligned(as: SIMD8<Float>.self)
        let lower = UnsafeRawPointer(input + corner + width).loadUnaligned(as: SIMD8<Float>.self)
        let (best, offset) = windowMaxima(
            upper.evenHalf, upper.oddHalf, lower.evenHalf, lower.oddHalf, width: Int32(width))
        UnsafeMutableRawPointer(output + o).storeBytes(of: best, as: SIMD4<Float>.self)
        UnsafeMutableRawPointer(argmax + o).storeBytes(of: windowCorners(corner) &+ offset, as: SIMD4<Int32>.self)
    }
}

/// Calls `body(o, corner, count)` for each group of up to four neighbouring 2×2, stride-2
/// windows of the planes in `planes`: `o` is the first window's output index, `corner` the
/// input index of its top-left element, `count` four or, at the end of a row, fewer.
@inline(__always)
private func forEachWindowGroup(_ g: ConvolutionGeometry, planes: Range<Int>, _ body: (Int, Int, Int) -> Void) {
    let (oh, ow) = (g.outputHeight, g.outputWidth)
    var o = planes.lowerBound * oh * ow
    for p in planes {
        for r in 0..<oh {
            let top = p * g.height * g.width + 2 * r * g.width
            var c = 0
            while c < ow {
                let count = Swift.min(4, ow - c)
                body(o, top + 2 * c, count)
                c += count
                o += count
            }
        }
    }
}

/// The top-left input indices of four neighbouring windows from the first one's.
@inline(__always)
private func windowCorners(_ corner: Int) -> SIMD4<Int32> {
    SIMD4<Int32>(repeating: Int32(corner)) &+ SIMD4<Int32>(0, 2, 4, 6)
}

/// The maxima of four 2×2 windows given their four corners, and each winner's offset from
/// its top-left corner (0, 1, width or width + 1).
@inline(__always)
private func windowMaxima(
    _ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>, _ d: SIMD4<Float>, width: Int32
) -> (SIMD4<Float>, SIMD4<Int32>) {
    var best = a
    var offset = SIMD4<Int32>(repeating: 0)
    // A NaN ends its row of the window; a NaN anywhere wins over numbers.
    let takeB = .!(a .!= a) .& ((b .> best) .| (b .!= b))
    best.replace(with: b, where: takeB)
    offset.replace(with: 1, where: takeB)
    let takeC = (c .> best) .| (c .!= c)
    best.replace(with: c, where: takeC)
    offset.replace(with: width, where: takeC)
    let takeD = .!(c .!= c) .& ((d .> best) .| (d .!= d))
    best.replace(with: d, where: takeD)
    offset.replace(with: width + 1, where: takeD)
    return (best, offset)
}

/// Routes each output gradient of the images in `images` to the input that won its window:
/// `gradInput` ([batch, channels, H, W]) gets `gradOutput[o]` at `argmax[o]` and zero
/// elsewhere. Windows never cross images, so images can be split across cores.
public func maxPoolBackward(
    _ gradOutput: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, _ gradInput: UnsafeMutablePointer<Float>,
    _ g: ConvolutionGeometry, images: Range<Int>
) {
    let planes = images.lowerBound * g.channels..<images.upperBound * g.channels
    if g.kernelHeight == 2, g.kernelWidth == 2, g.stride == 2, g.padding == 0, g.height == 2 * g.outputHeight,
        g.width == 2 * g.outputWidth
    {
        unpool2x2(gradOutput, argmax: argmax, gradInput, g, planes: planes)
        return
    }
    let (inputPlane, outputPlane) = (g.height * g.width, g.outputPlane)
    (gradInput + planes.lowerBound * inputPlane).update(repeating: 0, count: planes.count * inputPlane)
    for o in planes.lowerBound * outputPlane..<planes.upperBound * outputPlane {
        gradInput[Int(argmax[o])] += gradOutput[o]
    }
}

/// The 2×2, stride-2 case when the windows tile the input exactly: every input element is
/// written once, its window's gradient or zero, so no separate pass clears the input first.
/// `0 + dOut` keeps the bits of clearing and then adding (a −0 gradient becomes +0).
private func unpool2x2(
    _ gradOutput: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, _ gradInput: UnsafeMutablePointer<Float>,
    _ g: ConvolutionGeometry, planes: Range<Int>
) {
    let width = g.width
    forEachWindowGroup(g, planes: planes) { o, corner, count in
        // A last group of fewer than four windows goes through the lanes one by one.
        var dy = SIMD4<Float>(repeating: 0)
        var winner = SIMD4<Int32>(repeating: -1)
        if count == 4 {
            dy = UnsafeRawPointer(gradOutput + o).loadUnaligned(as: SIMD4<Float>.self)
            winner = UnsafeRawPointer(argmax + o).loadUnaligned(as: SIMD4<Int32>.self)
        } else {
            for k in 0..<count { (dy[k], winner[k]) = (gradOutput[o + k], argmax[o + k]) }
        }
        let (upper, lower) = windowGradients(0 + dy, offsets: winner &- windowCorners(corner), width: Int32(width))
        let target = gradInput + corner
        if count == 4 {
            UnsafeMutableRawPointer(target).storeBytes(of: upper, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(target + width).storeBytes(of: lower, as: SIMD8<Float>.self)
        } else {
            for k in 0..<2 * count { (target[k], target[width + k]) = (upper[k], lower[k]) }
        }
    }
}

/// The two input rows under four 2×2 windows, given each window's gradient and its winner's
/// offset from the window's top-left corner (0, 1, width or width + 1).
@inline(__always)
private func windowGradients(
    _ dy: SIMD4<Float>, offsets: SIMD4<Int32>, width: Int32
) -> (upper: SIMD8<Float>, lower: SIMD8<Float>) {
    let zero = SIMD4<Float>(repeating: 0)
    let a = zero.replacing(with: dy, where: offsets .== 0)
    let b = zero.replacing(with: dy, where: offsets .== 1)
    let c = zero.replacing(with: dy, where: offsets .== width)
    let d = zero.replacing(with: dy, where: offsets .== width &+ 1)
    return (
        SIMD8(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3]),
        SIMD8(c[0], d[0], c[1], d[1], c[2], d[2], c[3], d[3])
    )
}
