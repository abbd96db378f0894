import EmberShell
import Testing

@Suite struct TableRenderingTests {
    @Test func numbersAreRightAlignedAndNamesLeft() throws {
        let expected = """
            +--------+-------+------------+
            | name   |  size |       loss |
            +--------+-------+------------+
            | x      |    12 |        0.5 |
            | weight | 1,234 | -2.000e-05 |
            +--------+-------+------------+
            """
        let table = try renderTable(
            header: ["name", "size", "loss"], rows: [["x", "12", "0.5"], ["weight", "1,234", "-2.000e-05"]],
            style: .plain)
        #expect(table == expected)
    }

    @Test func unicodeRulesAndExplicitAlignments() throws {
        let expected = """
            ┌──────┬────┐
            │ left │  r │
            ├──────┼────┤
            │ 12   │ ab │
            └──────┴────┘
            """
        let table = try renderTable(
            header: ["left", "r"], rows: [["12", "ab"]], alignments: [.left, .right],
            style: TerminalStyle(color: false, unicode: true))
        #expect(table == expected)
    }

    @Test func colouredCellsKeepTheColumnsStraight() throws {
        let colour = TerminalStyle(color: true, unicode: true)
        let table = try renderTable(
            header: ["n"], rows: [["\u{1B}[1m7\u{1B}[0m"], ["10"]], style: colour)
        let widths = table.split(separator: "\n").map { visibleWidth(String($0)) }
        #expect(widths == Array(repeating: 6, count: 6))
        #expect(table.contains("│ \u{1B}[1mn\u{1B}[0m  │"))
    }

    @Test func rowsMustMatchTheHeader() {
        #expect(
            RenderingFixtures.errorText {
                try renderTable(header: ["a", "b"], rows: [["1", "2"], ["3"]], style: .plain)
            } == "table: row 1 has 1 cells, the header has 2")
        #expect(
            RenderingFixtures.errorText {
                try renderTable(header: ["a"], rows: [], alignments: [.left, .right], style: .plain)
            } == "table: got 2 alignments for 1 columns")
    }

    @Test func confusionMatrixWithAccuracy() throws {
        let expected = """
            rows: true class, columns: predicted class
            +-----+-----+-----+
            |     | cat | dog |
            +-----+-----+-----+
            | cat |  48 |   2 |
            | dog |   5 |  45 |
            +-----+-----+-----+
            total 100  correct 93  accuracy 93.0%
            """
        #expect(
            try renderConfusionMatrix(matrix: [[48, 2], [5, 45]], classNames: ["cat", "dog"], style: .plain)
                == expected)
    }

    @Test func confusionMatrixFallsBackToIndicesWhenNamesAreTooWide() throws {
        let expected = """
            rows: true class, columns: predicted class
            +---------------+---+---+
            |               | 0 | 1 |
            +---------------+---+---+
            | 0 T-shirt/top | 1 | 0 |
            | 1 Trouser     | 0 | 1 |
            +---------------+---+---+
            total 2  correct 2  accuracy 100.0%
            """
        let narrow = TerminalStyle(color: false, unicode: false, width: 30)
        #expect(
            try renderConfusionMatrix(
                matrix: [[1, 0], [0, 1]], classNames: ["T-shirt/top", "Trouser"], style: narrow) == expected)
    }

    @Test func confusionMatrixHighlightsTheDiagonalInColour() throws {
        let colour = TerminalStyle(color: true, unicode: true)
        let text = try renderConfusionMatrix(matrix: [[48, 2], [5, 45]], classNames: ["a", "b"], style: colour)
        #expect(text.contains("\u{1B}[1m\u{1B}[38;2;255;160;60m48\u{1B}[0m"))
        #expect(text.contains("\u{1B}[1m\u{1B}[38;2;255;160;60m45\u{1B}[0m"))
        #expect(!text.contains("m2\u{1B}"))
    }

    @Test func confusionMatrixMustBeSquare() {
        #expect(
            RenderingFixtures.errorText {
                try renderConfusionMatrix(matrix: [[1, 2], [3]], classNames: ["a", "b"], style: .plain)
            } == "confusion_matrix: row 1 has 1 counts, expected 2")
        #expect(
            RenderingFixtures.errorText {
                try renderConfusionMatrix(matrix: [[1]], classNames: ["a", "b"], style: .plain)
            } == "confusion_matrix: expected 2 rows, one per class name, got 1")
        #expect(
            RenderingFixtures.errorText {
                try renderConfusionMatrix(matrix: [[-1]], classNames: ["a"], style: .plain)
            } == "confusion_matrix: row 0 holds a negative count")
    }
}
