// Pixels for front ends that draw (a notebook): an RGB image with the few drawing operations the
// pictures need. The renderers beside it make the same pictures as the text renderers, from the
// same data, so a notebook and a terminal show one thing two ways.

/// An RGB image, 8 bits per channel, rows from the top.
public struct Raster: Sendable, Equatable {
    /// Pixels across.
    public let width: Int
    /// Pixels down.
    public let height: Int
    /// Red, green and blue of each pixel, row by row.
    public private(set) var pixels: [UInt8]

    /// A `width × height` image filled with `background`.
    init(width: Int, height: Int, background: RGB = RGB(grey: 255)) {
        self.width = max(1, width)
        self.height = max(1, height)
        pixels = [UInt8](repeating: 0, count: self.width * self.height * 3)
        fill(x: 0, y: 0, width: self.width, height: self.height, color: background)
    }

    /// Sets one pixel; points outside the image are ignored.
    mutating func set(x: Int, y: Int, _ color: RGB) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let offset = (y * width + x) * 3
        pixels[offset] = UInt8(clamping: color.red)
        pixels[offset + 1] = UInt8(clamping: color.green)
        pixels[offset + 2] = UInt8(clamping: color.blue)
    }

    /// Fills a rectangle, clipped to the image.
    mutating func fill(x: Int, y: Int, width: Int, height: Int, color: RGB) {
        for row in max(0, y)..<min(self.height, y + max(0, height)) {
            for column in max(0, x)..<min(self.width, x + max(0, width)) { set(x: column, y: row, color) }
        }
    }

    /// A straight line, two pixels thick so that it stays visible when the image is scaled down.
    mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), color: RGB) {
        let steps = max(abs(end.x - start.x), abs(end.y - start.y), 1)
        for step in 0...steps {
            let x = start.x + (end.x - start.x) * step / steps
            let y = start.y + (end.y - start.y) * step / steps
            fill(x: x, y: y, width: 2, height: 2, color: color)
        }
    }

    /// Copies `other` with its top left corner at (`x`, `y`).
    mutating func draw(_ other: Raster, x: Int, y: Int) {
        for row in 0..<other.height {
            for column in 0..<other.width {
                let offset = (row * other.width + column) * 3
                set(
                    x: x + column, y: y + row,
                    RGB(Int(other.pixels[offset]), Int(other.pixels[offset + 1]), Int(other.pixels[offset + 2])))
            }
        }
    }

    /// Each pixel as a `factor × factor` block: nearest-neighbour scaling keeps a small digit crisp.
    public func scaled(by factor: Int) -> Raster {
        guard factor > 1 else { return self }
        var result = Raster(width: width * factor, height: height * factor)
        for y in 0..<result.height {
            for x in 0..<result.width {
                let source = ((y / factor) * width + x / factor) * 3
                let target = (y * result.width + x) * 3
                result.pixels[target..<target + 3] = pixels[source..<source + 3]
            }
        }
        return result
    }
}

/// A picture the shell shows: the text a terminal prints, and for front ends that draw, its
/// pixels and an HTML form.
public struct ShellPicture: Sendable {
    /// What a terminal or a pipe shows (and a notebook's `text/plain`).
    public var text: String
    /// The picture's pixels, when it has some.
    public var raster: Raster?
    /// An HTML form (a table), when one reads better than pixels.
    public var html: String?

    /// A picture with its text form and, optionally, pixels and HTML.
    public init(text: String, raster: Raster? = nil, html: String? = nil) {
        self.text = text
        self.raster = raster
        self.html = html
    }
}

extension ShellContext {
    /// Shows a picture: through `showPicture` when a front end draws, else as its text. The
    /// pixels and HTML are made only for a front end that draws.
    func show(_ text: String, raster: @autoclosure () -> Raster?, html: @autoclosure () -> String? = nil) {
        guard let showPicture else { return writeLine(text) }
        showPicture(ShellPicture(text: text, raster: raster(), html: html()))
    }
}
