import EmberShell
import Testing

@Suite struct LineChartRenderingTests {
    /// Worked by hand: x = 0, 4, 8 on 9 columns; y = 2, 1, 0 on rows 0, 2, 4; lines by
    /// Bresenham's algorithm, the second series drawn over the first where they cross.
    @Test func twoSeriesOfThreePoints() throws {
        let expected = """
            2 +ooooo
              |   * o*
            1 +  *   o**
              | *     o
            0 +*       o
              +---------
               0       2
               * train  o test
            """
        let chart = try renderLineChart(
            [[0, 2, 1], [2, 2, 0]], labels: ["train", "test"], style: .plain, width: 9, height: 5)
        #expect(chart == expected)
    }

    @Test func onePointIsADotInAWidenedRange() throws {
        // A constant series is widened by 10 %: 4.5 ... 5.5.
        let expected = """
            5.5 +
                |*
            4.5 +
                +----
                 0
            """
        #expect(try renderLineChart([[5]], style: .plain, width: 4, height: 3) == expected)
    }

    @Test func nonFinitePointsLeaveAGap() throws {
        let expected = """
            2 +    *
              |
            0 +*
              +-----
               0   2
            """
        #expect(try renderLineChart([[0, .nan, 2]], style: .plain, width: 5, height: 3) == expected)
    }

    @Test func brailleDotsFollowTheLine() throws {
        // From dot (0, 7) to (3, 0): dots (0,7) (0,6) (1,5) (1,4) in the lower left cell and
        // (2,3) (2,2) (3,1) (3,0) in the upper right, both the pattern 0x5C, ⡜.
        let unicode = TerminalStyle(color: false, unicode: true)
        let expected = """
            1 ┤ ⡜
            0 ┤⡜
              └──
               0
            """
        #expect(try renderLineChart([[0, 1]], style: unicode, width: 2, height: 2) == expected)
    }

    @Test func colourGivesEachSeriesItsColour() throws {
        let colour = TerminalStyle(color: true, unicode: true)
        let chart = try renderLineChart([[1, 2, 3], [3, 1, 2]], style: colour, width: 10, height: 4)
        #expect(chart.contains("\u{1B}[38;2;86;156;214m━\u{1B}[0m series 1"))
        #expect(chart.contains("\u{1B}[38;2;255;160;60m━\u{1B}[0m series 2"))
        #expect(chart.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
    }

    @Test func unicodeWithoutColourTellsSeriesApartByMarkers() throws {
        let unicode = TerminalStyle(color: false, unicode: true)
        let chart = try renderLineChart([[1, 2], [2, 1]], style: unicode, width: 4, height: 2)
        #expect(chart.split(separator: "\n").last == "   * series 1  o series 2")
        #expect(chart.contains("┤"))
    }

    @Test func defaultSizeFitsTheWidth() throws {
        let history = (0..<100).map { 2.3 / Double($0 + 1) }
        let narrow = TerminalStyle(color: false, unicode: false, width: 40)
        let lines = try renderLineChart([history], style: narrow).split(separator: "\n")
        #expect(lines.count == 13 + 2)
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(lines.first == "   2.3 +*")
        #expect(lines.last?.hasSuffix("99") == true)
    }

    @Test func badArguments() {
        #expect(
            RenderingFixtures.errorText { try renderLineChart([[1], [2]], labels: ["a"], style: .plain) }
                == "plot: expected 2 labels, one per series, got 1")
        #expect(
            RenderingFixtures.errorText { try renderLineChart([[.nan], []], style: .plain) }
                == "plot: no finite values to draw")
        #expect(
            RenderingFixtures.errorText { try renderLineChart([[1]], style: .plain, height: 1) }
                == "plot: height must be at least 2, got 1")
        #expect(
            RenderingFixtures.errorText { try renderLineChart([[1]], style: .plain, width: 1) }
                == "plot: width must be at least 2, got 1")
    }
}
