// Many small pictures at once: a batch of images, or the filters of a convolution. All pictures
// share one brightness scale, so that a filter that looks faint really has small weights; the
// scale is printed under the grid. `renderPicture` chooses between one image and a grid from the
// shape, which is what `show(t)` does.

import Ember

/// Draws what `show(t)` shows, chosen from the shape: one image (`[H, W]`, `[1, H, W]`,
/// `[1, 1, H, W]`), a grid of images (`[N, H, W]`, `[N, 1, H, W]`) or of convolution filters
/// (`[out, in, k, k]`).
///
/// See `renderImage` for how one image is drawn and `renderPictureGrid` for grids. Throws for
/// other shapes: `show: expected an image [H, W], images [N, H, W] or filters [N, C, k, k], got [5]`.
/// ```swift
/// print(try renderPicture(conv.weight.value, style: style))
/// ```
public func renderPicture(_ tensor: Tensor, style: TerminalStyle, caption: String? = nil) throws -> String {
    if imageSize(tensor.shape) != nil { return try renderImage(tensor, style: style, caption: caption) }
    return try renderPictureGrid(tensor, style: style, caption: caption)
}

/// Draws a batch of images or a convolution's filters as a grid of small pictures on one shared
/// brightness scale.
///
/// - Parameters:
///   - tensor: `[N, H, W]` or `[N, 1, H, W]` (or `[H, W]`, a grid of one): N pictures, as many per row as fit the width,
///     each with its index under it. `[N, C, k, k]` with C > 1 (filters of a convolution with C
///     input channels): one row per output filter, labelled on the left, one column per input
///     channel, numbered on top; channels that do not fit the width are left out, and a line
///     says so.
///   - style: as for `renderImage`.
///   - caption: an optional last line.
///
/// Brightness is mapped from the smallest to the largest finite value of the whole tensor, not
/// per picture, so that pictures can be compared; a line under the grid gives that range.
public func renderPictureGrid(_ tensor: Tensor, style: TerminalStyle, caption: String? = nil) throws
    -> String
{
    // An image alone is a grid of one.
    let shape = tensor.rank == 2 ? [1] + tensor.shape : tensor.shape
    guard shape.count == 3 || shape.count == 4 else {
        throw EmberError.shapeMismatch(
            operation: "show", expected: "an image [H, W], images [N, H, W] or filters [N, C, k, k]",
            got: shape)
    }
    try requireNonEmpty(tensor)
    let scale = GreyScale(tensor.scalars)
    let levels = tensor.scalars.map(scale.level)
    let (count, channels) = (shape[0], shape.count == 4 ? shape[1] : 1)
    let (height, width) = (shape[shape.count - 2], shape[shape.count - 1])
    let pictures = (0..<count * channels).map { index in
        Picture(
            height: height, width: width,
            levels: Array(levels[index * height * width..<(index + 1) * height * width]))
    }
    var lines =
        channels == 1
        ? wrappedGrid(pictures, style: style)
        : filterRows(pictures, channels: channels, style: style)
    lines.append("")
    lines.append(
        "shared scale: " + formatNumber(Double(scale.low)) + " (dark) to "
            + formatNumber(Double(scale.high)) + " (bright)")
    if let caption { lines.append(caption) }
    return joinLines(lines)
}

/// The space between two pictures of a grid.
private let gridGap = 2

/// Pictures in rows of as many as fit the width, each with its index centred under it, a blank
/// line between rows.
private func wrappedGrid(_ pictures: [Picture], style: TerminalStyle) -> [String] {
    let labelWidth = String(pictures.count - 1).count
    let cellWidth = max(pictures.first?.width ?? 1, labelWidth)
    let perRow = max(1, (style.width + gridGap) / (cellWidth + gridGap))
    var lines: [String] = []
    for start in stride(from: 0, to: pictures.count, by: perRow) {
        let indices = Array(start..<min(start + perRow, pictures.count))
        let cells = indices.map { index in
            pictures[index].lines(style: style) + [centerInWidth(String(index), cellWidth)]
        }
        if start > 0 { lines.append("") }
        lines += placeColumns(cells, widths: Array(repeating: cellWidth, count: cells.count), gap: gridGap)
    }
    return lines
}

/// Filters `[N, C, k, k]` as one row per output filter and one column per input channel.
private func filterRows(_ pictures: [Picture], channels: Int, style: TerminalStyle) -> [String] {
    let filters = pictures.count / channels
    let rowLabelWidth = String(filters - 1).count
    let cellWidth = max(pictures.first?.width ?? 1, String(channels - 1).count)
    let shown = min(channels, max(1, (style.width - rowLabelWidth) / (cellWidth + gridGap)))
    let widths = [rowLabelWidth] + Array(repeating: cellWidth, count: shown)
    let header = [[""]] + (0..<shown).map { [centerInWidth(String($0), cellWidth)] }
    var lines = ["rows: output channels, columns: input channels"]
    lines += placeColumns(header, widths: widths, gap: gridGap)
    for filter in 0..<filters {
        let cells = (0..<shown).map { pictures[filter * channels + $0].lines(style: style) }
        lines.append("")
        lines += placeColumns(
            [[padLeftToWidth(String(filter), rowLabelWidth)]] + cells, widths: widths, gap: gridGap)
    }
    if shown < channels {
        lines.append("")
        lines.append("input channels 0-\(shown - 1) of \(channels) shown (the terminal is too narrow)")
    }
    return lines
}
