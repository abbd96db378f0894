// The pixel forms of the shell's pictures: images, grids and filters in grey on one shared
// scale, as `renderPicture` draws them; histogram bars; curves; probability bars; a confusion
// matrix as a heat map. Axis numbers and labels stay in the text form beside them.

import Ember

/// The background between the pictures of a grid.
private let gridBackground = RGB(grey: 96)
/// The colours of the curves, in order, and of bars.
private let palette = [RGB(31, 119, 180), RGB(255, 127, 14), RGB(44, 160, 44), RGB(214, 39, 40), RGB(148, 103, 189)]

/// The pixels of what `show(t)` draws: one image, a grid of images, or filters (one row per
/// output channel); nil for shapes `renderPicture` refuses.
func pictureRaster(_ tensor: Tensor) -> Raster? {
    guard tensor.count > 0 else { return nil }
    let shape =
        tensor.rank == 2
        ? [1, 1] + tensor.shape : tensor.rank == 3 ? [tensor.shape[0], 1] + tensor.shape.dropFirst() : tensor.shape
    guard shape.count == 4 else { return nil }
    if imageSize(tensor.shape) != nil { return greyRaster(tensor.scalars, height: shape[2], width: shape[3]) }
    let (count, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
    let scale = GreyScale(tensor.scalars)
    let levels = tensor.scalars.map(scale.level)
    // Images wrap ten to a row; filters keep one row per output channel.
    let columns = channels > 1 ? channels : min(count, 10)
    let rows = channels > 1 ? count : (count + columns - 1) / columns
    var raster = Raster(
        width: columns * (width + 1) + 1, height: rows * (height + 1) + 1, background: gridBackground)
    for index in 0..<count * channels {
        let size = height * width
        let picture = greyRaster(
            Array(levels[index * size..<(index + 1) * size]), height: height, width: width, levels: true)
        raster.draw(picture, x: 1 + (index % columns) * (width + 1), y: 1 + (index / columns) * (height + 1))
    }
    return raster
}

/// An image of grey pixels: `values` scaled from their smallest to largest finite value, or, with
/// `levels`, brightness levels already in 0 ... 1. NaN is magenta, as in the terminal.
private func greyRaster(_ values: [Float], height: Int, width: Int, levels: Bool = false) -> Raster {
    let scale = GreyScale(values)
    var raster = Raster(width: width, height: height)
    for y in 0..<height {
        for x in 0..<width {
            let level = levels ? values[y * width + x] : scale.level(values[y * width + x])
            raster.set(x: x, y: y, level.isNaN ? Picture.nanColor : RGB(grey: Int((level * 255).rounded())))
        }
    }
    return raster
}

/// The bars of `hist(tensor, bins)`; nil when no value is finite.
func histogramRaster(_ tensor: Tensor, bins: Int) -> Raster? {
    let stats = TensorStatistics(tensor)
    guard stats.finiteCount > 0, bins >= 1 else { return nil }
    return histogramRaster(histogramCounts(tensor, stats: stats, bins: bins))
}

/// Vertical bars, one per bin, scaled to the fullest.
func histogramRaster(_ counts: [Int]) -> Raster {
    let barWidth = max(2, 320 / max(counts.count, 1))
    let (width, height) = (barWidth * counts.count + 8, 160)
    var raster = Raster(width: width, height: height)
    let fullest = max(counts.max() ?? 1, 1)
    for (index, count) in counts.enumerated() {
        let bar = count == 0 ? 0 : max(1, (height - 8) * count / fullest)
        raster.fill(x: 4 + index * barWidth, y: height - 4 - bar, width: barWidth - 1, height: bar, color: palette[0])
    }
    raster.fill(x: 0, y: height - 4, width: width, height: 1, color: RGB(grey: 0))
    return raster
}

/// Curves on one chart, each in its colour, sharing the vertical range of their finite values.
func lineChartRaster(_ series: [[Double]]) -> Raster {
    let (width, height, margin) = (480, 240, 8)
    var raster = Raster(width: width, height: height)
    let finite = series.joined().filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else { return raster }
    let span = high > low ? high - low : 1
    let longest = max(series.map(\.count).max() ?? 1, 2)
    raster.fill(x: margin, y: height - margin, width: width - 2 * margin, height: 1, color: RGB(grey: 0))
    raster.fill(x: margin, y: margin, width: 1, height: height - 2 * margin, color: RGB(grey: 0))
    for (index, values) in series.enumerated() {
        var previous: (x: Int, y: Int)?
        for (step, value) in values.enumerated() {
            guard value.isFinite else {
                previous = nil
                continue
            }
            let x = margin + step * (width - 2 * margin - 2) / (longest - 1)
            let y = height - margin - 2 - Int((value - low) / span * Double(height - 2 * margin - 4))
            raster.line(from: previous ?? (x, y), to: (x, y), color: palette[index % palette.count])
            previous = (x, y)
        }
    }
    return raster
}

/// Horizontal bars for values in 0 ... 1 (probabilities), one row each, the largest in orange.
func barsRaster(_ values: [Double]) -> Raster {
    let (rowHeight, length) = (12, 200)
    var raster = Raster(width: length + 8, height: values.count * rowHeight + 4)
    let largest = values.indices.max { values[$0] < values[$1] }
    for (index, value) in values.enumerated() {
        let fraction = value.isFinite ? min(1, max(0, value)) : 0
        raster.fill(x: 4, y: 2 + index * rowHeight, width: length, height: rowHeight - 3, color: RGB(grey: 235))
        raster.fill(
            x: 4, y: 2 + index * rowHeight, width: Int((fraction * Double(length)).rounded()), height: rowHeight - 3,
            color: index == largest ? palette[1] : palette[0])
    }
    return raster
}

/// A confusion matrix as a heat map: each cell's shade is its share of its row (true class), so
/// the diagonal stands out however many samples each class has.
func confusionRaster(_ matrix: [[Int]]) -> Raster {
    let cell = 16
    var raster = Raster(width: matrix.count * cell, height: matrix.count * cell)
    for (truth, row) in matrix.enumerated() {
        let total = max(row.reduce(0, &+), 1)
        for (predicted, count) in row.enumerated() {
            let share = Double(count) / Double(total)
            let shade = RGB(255 - Int(share * 224), 255 - Int(share * 160), 255 - Int(share * 60))
            raster.fill(x: predicted * cell, y: truth * cell, width: cell - 1, height: cell - 1, color: shade)
        }
    }
    return raster
}

/// The digit beside its probability bars, as `predict` shows them.
func predictionRaster(image: Tensor, probabilities: [Double]) -> Raster {
    let bars = barsRaster(probabilities)
    guard let digit = pictureRaster(image) else { return bars }
    // The digit at four times its size, so that it is about as tall as the bars.
    let factor = max(1, min(8, bars.height / max(digit.height, 1)))
    let large = digit.scaled(by: factor)
    var raster = Raster(width: large.width + 12 + bars.width, height: max(large.height, bars.height))
    raster.draw(large, x: 0, y: 0)
    raster.draw(bars, x: large.width + 12, y: 0)
    return raster
}
