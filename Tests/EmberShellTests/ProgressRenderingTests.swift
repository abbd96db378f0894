import EmberShell
import Testing

@Suite struct ProgressRenderingTests {
    /// The bar and counter alone.
    func bar(_ done: Int, of total: Int, width: Int, _ style: TerminalStyle) -> String {
        renderProgress(done: done, total: total, width: width, fields: [], style: style)
    }

    @Test func plainBarAtStartMiddleAndEnd() {
        #expect(bar(0, of: 10, width: 10, .plain) == "[>         ] 0/10")
        #expect(bar(5, of: 10, width: 10, .plain) == "[=====>    ] 5/10")
        #expect(bar(10, of: 10, width: 10, .plain) == "[==========] 10/10")
    }

    @Test func unicodeBarAtStartMiddleAndEnd() {
        let unicode = TerminalStyle(color: false, unicode: true)
        #expect(bar(0, of: 10, width: 10, unicode) == "[          ] 0/10")
        #expect(bar(5, of: 10, width: 10, unicode) == "[█████     ] 5/10")
        #expect(bar(10, of: 10, width: 10, unicode) == "[██████████] 10/10")
        // 312 / 938 of 16 cells is 42.6 eighths, drawn as 43: five full and ▍ (three eighths).
        #expect(bar(312, of: 938, width: 16, unicode) == "[█████▍          ] 312/938")
    }

    @Test func labelAndFields() {
        let line = renderProgress(
            label: "epoch 1/3", done: 312, total: 938, width: 20,
            fields: [
                ("loss", "0.4312"), ("acc", "87.3%"), ("", formatRate(5210, unit: "img/s")),
                ("", formatDuration(12) + " left"),
            ], style: .plain)
        #expect(
            line == "epoch 1/3 [======>             ] 312/938  loss 0.4312  acc 87.3%  5,210 img/s  0:12 left")
    }

    @Test func outOfRangeCountsAreClamped() {
        #expect(bar(12, of: 10, width: 4, .plain) == "[====] 10/10")
        #expect(bar(3, of: 0, width: 4, .plain) == "[>   ] 0/0")
        #expect(bar(60_000, of: 60_000, width: 1, .plain) == "[=] 60,000/60,000")
    }

    @Test func colourPaintsTheFilledPart() {
        let colour = TerminalStyle(color: true, unicode: true)
        #expect(bar(1, of: 2, width: 2, colour) == "[\u{1B}[38;2;106;190;90m█\u{1B}[0m ] 1/2")
    }

    @Test func fittedLineNeverWrapsAtAnyWidth() {
        let fields = [
            ("loss", "0.4312"), ("acc", "87.3%"), ("", formatRate(5210, unit: "img/s")),
            ("", formatDuration(12) + " left"),
        ]
        for columns in 1...200 {
            for style in [TerminalStyle.plain, TerminalStyle(color: true, unicode: true)] {
                let line = renderFittedProgress(
                    label: "epoch 1/3", done: 312, total: 60_000, columns: columns, fields: fields, style: style)
                #expect(visibleWidth(line) < max(columns, 2), "width \(columns): \(line)")
                #expect(!line.contains("\n"))
            }
        }
        // Wide enough, everything is kept and the bar takes the rest.
        let wide = renderFittedProgress(
            label: "epoch 1/3", done: 312, total: 938, columns: 110, fields: fields, style: .plain)
        #expect(wide.hasPrefix("epoch 1/3 [") && wide.hasSuffix("0:12 left") && visibleWidth(wide) == 106)
        // Narrow, the fields go from the last, then the label.
        #expect(
            renderFittedProgress(label: "epoch 1/3", done: 5, total: 10, columns: 50, fields: fields, style: .plain)
                == "epoch 1/3 [=======>       ] 5/10  loss 0.4312")
        #expect(
            renderFittedProgress(label: "epoch 1/3", done: 5, total: 10, columns: 20, fields: fields, style: .plain)
                == "[====>   ] 5/10")
    }
}
