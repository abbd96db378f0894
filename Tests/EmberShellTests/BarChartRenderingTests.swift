import EmberShell
import Testing

@Suite struct BarChartRenderingTests {
    @Test func plainBarsScaleToTheLargestAndMarkIt() throws {
        let expected = """
            cat ####     25.0%
            dog ######## 50.0% <
             ox ####     25.0%
            """
        #expect(
            try renderBarChart(labels: ["cat", "dog", "ox"], values: [0.25, 0.5, 0.25], style: .plain, width: 8)
                == expected)
    }

    @Test func unicodeBarsUseEighthsAndAnArrow() throws {
        // 0.3 of 4 cells is 9.6 eighths, drawn as 10: one full block and ▎ (two eighths).
        let unicode = TerminalStyle(color: false, unicode: true)
        #expect(
            try renderBarChart(labels: ["a", "b"], values: [1, 0.3], style: unicode, width: 4)
                == "a ████ 100.0% ◀\nb █▎    30.0%")
    }

    @Test func colourHighlightsTheLargest() throws {
        let colour = TerminalStyle(color: true, unicode: true)
        let lines = try renderBarChart(labels: ["0", "1"], values: [0.1, 0.9], style: colour, width: 9)
            .split(separator: "\n").map(String.init)
        #expect(lines[1].contains("\u{1B}[1m\u{1B}[38;2;255;160;60m█████████\u{1B}[0m"))
        #expect(!lines[0].contains("\u{1B}[1m"))
        #expect(lines.map(visibleWidth) == [17, 17])
    }

    @Test func labelsMustMatchValues() {
        #expect(
            RenderingFixtures.errorText {
                try renderBarChart(labels: ["a", "b"], values: [1, 2, 3], style: .plain)
            } == "bar chart: expected one label per value, got 2 labels and 3 values")
    }
}
