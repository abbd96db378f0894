// The plot area of a line chart: a grid of character cells that series draw lines on. In Braille
// mode each cell holds 2 × 4 dots, which gives a terminal chart four times the vertical
// resolution of one character per point; in character mode each cell is one point, drawn with
// its series' marker. Lines are drawn with Bresenham's algorithm on the dot grid, integers only,
// so the picture is the same on every machine.

import Ember

/// A grid of cells that series draw on, in dots: `dotWidth × dotHeight`.
struct ChartCanvas {
    let columns: Int
    let rows: Int
    let braille: Bool
    /// The Braille dots set in each cell, one bit per dot.
    private var dots: [UInt8]
    /// The series that last drew in each cell: its marker or colour shows.
    private var owners: [Int?]

    init(columns: Int, rows: Int, braille: Bool) {
        self.columns = columns
        self.rows = rows
        self.braille = braille
        dots = Array(repeating: 0, count: columns * rows)
        owners = Array(repeating: nil, count: columns * rows)
    }

    var dotWidth: Int { columns * (braille ? 2 : 1) }
    var dotHeight: Int { rows * (braille ? 4 : 1) }

    /// The bit of the Braille dot at column `x` (0 or 1) and row `y` (0 to 3) of a cell: the
    /// Unicode order numbers the left column 1, 2, 3, 7 and the right 4, 5, 6, 8 from the top.
    private static let dotBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Sets the dot at (`x`, `y`), counted from the top left, for `series`.
    mutating func set(x: Int, y: Int, series: Int) {
        guard x >= 0, x < dotWidth, y >= 0, y < dotHeight else { return }
        let (column, row) = braille ? (x / 2, y / 4) : (x, y)
        let cell = row * columns + column
        if braille { dots[cell] |= ChartCanvas.dotBits[x % 2][y % 4] }
        owners[cell] = series
    }

    /// Draws the straight line from `start` to `end`, both ends included.
    mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), series: Int) {
        let (dx, dy) = (abs(end.x - start.x), -abs(end.y - start.y))
        let (stepX, stepY) = (start.x < end.x ? 1 : -1, start.y < end.y ? 1 : -1)
        var (x, y, error) = (start.x, start.y, dx + dy)
        while true {
            set(x: x, y: y, series: series)
            if x == end.x && y == end.y { return }
            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += stepX
            }
            if doubled <= dx {
                error += dx
                y += stepY
            }
        }
    }

    /// The rows of cells as text: Braille patterns in their series' colour when the style has
    /// colour, or each series' marker in character mode. Lines keep their trailing spaces.
    func lines(markers: [Character], style: TerminalStyle) -> [String] {
        (0..<rows).map { row in
            (0..<columns).map { column -> String in
                let cell = row * columns + column
                guard let owner = owners[cell] else { return " " }
                guard braille else { return String(markers[owner % markers.count]) }
                let pattern = String(UnicodeScalar(0x2800 + UInt32(dots[cell])) ?? " ")
                return ANSI.paint(pattern, seriesPalette[owner % seriesPalette.count], style: style)
            }.joined()
        }
    }
}
