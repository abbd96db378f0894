// Greyscale images on a terminal. In colour, each character cell shows two pixels: the upper
// half block `▀` takes the upper pixel as its foreground colour and the lower pixel as its
// background, so pixels come out square. Without colour, a ten-step character ramp stands for
// brightness, one character per pixel across and one line per two pixel rows (averaged), which
// keeps the picture's proportions since a character is about twice as tall as it is wide.

import Ember

/// Draws a greyscale image: a tensor `[H, W]`, `[1, H, W]` or `[1, 1, H, W]`.
///
/// - Parameters:
///   - tensor: the image; brightness is mapped linearly from its smallest finite value (black)
///     to its largest (white). A constant image is mid grey, so its extent stays visible. NaN
///     pixels are magenta in colour and `?` without; +Inf is white and -Inf black.
///   - style: colour draws `▀` half blocks in 24-bit grey; otherwise the ramp ` .:-=+*#%@`
///     from dark to bright, so an `H × W` image takes `W` columns and `⌈H / 2⌉` lines.
///   - caption: an optional line under the image, such as `label 7`.
///
/// Throws for other shapes and for an empty image.
/// ```swift
/// print(try renderImage(images[0], style: .plain, caption: "label 7"))
/// ```
public func renderImage(_ tensor: Tensor, style: TerminalStyle, caption: String? = nil) throws -> String {
    guard let (height, width) = imageSize(tensor.shape) else {
        throw EmberError.shapeMismatch(
            operation: "show", expected: "an image [H, W], [1, H, W] or [1, 1, H, W]",
            got: tensor.shape)
    }
    try requireNonEmpty(tensor)
    let scale = GreyScale(tensor.scalars)
    let picture = Picture(height: height, width: width, levels: tensor.scalars.map(scale.level))
    return joinLines(picture.lines(style: style) + (caption.map { [$0] } ?? []))
}

/// The height and width of an image shape `[H, W]`, `[1, H, W]` or `[1, 1, H, W]`.
func imageSize(_ shape: [Int]) -> (height: Int, width: Int)? {
    guard shape.count >= 2, shape.count <= 4, shape.dropLast(2).allSatisfy({ $0 == 1 }) else {
        return nil
    }
    return (shape[shape.count - 2], shape[shape.count - 1])
}

/// Throws when `tensor` has no elements: there is nothing to draw.
func requireNonEmpty(_ tensor: Tensor) throws {
    guard tensor.count > 0 else {
        throw EmberError.invalidArgument(
            function: "show", message: "cannot draw an empty tensor of shape \(formatShape(tensor.shape))")
    }
}

/// The linear map from values to brightness levels in 0 ... 1, fixed by the finite values given.
struct GreyScale {
    /// The value drawn black.
    let low: Float
    /// The value drawn white.
    let high: Float

    init(_ values: [Float]) {
        var (low, high) = (Float.infinity, -Float.infinity)
        for value in values where value.isFinite {
            low = min(low, value)
            high = max(high, value)
        }
        (self.low, self.high) = low <= high ? (low, high) : (0, 0)
    }

    /// The brightness of `value`; NaN stays NaN so that it can be drawn apart.
    func level(_ value: Float) -> Float {
        if value.isNaN { return .nan }
        guard high > low else { return 0.5 }
        // In Double, since the width of a Float range may overflow Float.
        let level = (Double(value) - Double(low)) / (Double(high) - Double(low))
        return Float(min(1, max(0, level)))
    }
}

/// Brightness levels in 0 ... 1 (NaN for a NaN pixel), row-major, ready to draw.
struct Picture {
    let height: Int
    let width: Int
    let levels: [Float]

    /// Dark to bright.
    static let ramp = Array(" .:-=+*#%@")
    /// The colour of a NaN pixel: no greyscale image has it.
    static let nanColor = RGB(255, 0, 255)

    /// The picture as lines of text, `⌈height / 2⌉` of them, each `width` columns wide (trailing
    /// spaces included, so that pictures can be placed side by side).
    func lines(style: TerminalStyle) -> [String] {
        stride(from: 0, to: height, by: 2).map { top in
            let upper = levels[top * width..<(top + 1) * width]
            let lower = top + 1 < height ? Array(levels[(top + 1) * width..<(top + 2) * width]) : nil
            return style.color ? halfBlockLine(Array(upper), lower) : rampLine(Array(upper), lower)
        }
    }

    /// One line in colour: `▀` with the upper pixel as foreground and the lower as background
    /// (the terminal's own background under the last row of an odd height). A colour is sent
    /// only when it changes, which keeps the black margins of a digit short.
    private func halfBlockLine(_ upper: [Float], _ lower: [Float]?) -> String {
        var line = ""
        var (foreground, background): (RGB?, RGB?) = (nil, nil)
        for column in 0..<width {
            let top = Picture.color(upper[column])
            if top != foreground { line += ANSI.foreground(top) }
            foreground = top
            if let bottom = lower.map({ Picture.color($0[column]) }) {
                if bottom != background { line += ANSI.background(bottom) }
                background = bottom
            }
            line += "▀"
        }
        return line + ANSI.reset
    }

    /// One line without colour: the ramp character for the mean of each pair of pixels.
    private func rampLine(_ upper: [Float], _ lower: [Float]?) -> String {
        String(
            (0..<width).map { column in
                let level = lower.map { (upper[column] + $0[column]) / 2 } ?? upper[column]
                if level.isNaN { return "?" }
                return Picture.ramp[min(Picture.ramp.count - 1, Int(level * Float(Picture.ramp.count)))]
            })
    }

    private static func color(_ level: Float) -> RGB {
        level.isNaN ? nanColor : RGB(grey: Int((level * 255).rounded()))
    }
}
