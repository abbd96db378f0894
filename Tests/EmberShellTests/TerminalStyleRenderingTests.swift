import EmberShell
import Testing

@Suite struct TerminalStyleRenderingTests {
    @Test func terminalGetsColourAndUnicode() {
        let style = TerminalStyle.detect(environment: ["TERM": "xterm-256color"], isTerminal: true)
        #expect(style == TerminalStyle(color: true, unicode: true, width: 80))
    }

    @Test func noColorOfAnyValueTurnsColourOffButKeepsUnicode() {
        for value in ["", "1", "false"] {
            let style = TerminalStyle.detect(environment: ["NO_COLOR": value], isTerminal: true)
            #expect(style == TerminalStyle(color: false, unicode: true, width: 80))
        }
    }

    @Test func dumbTerminalAndPipesArePlain() {
        #expect(TerminalStyle.detect(environment: ["TERM": "dumb"], isTerminal: true) == .plain)
        #expect(TerminalStyle.detect(environment: ["TERM": "xterm"], isTerminal: false) == .plain)
    }

    @Test func columnsSetsTheWidthWhenItIsUsable() {
        #expect(TerminalStyle.detect(environment: ["COLUMNS": "132"], isTerminal: false).width == 132)
        #expect(TerminalStyle.detect(environment: ["COLUMNS": "wide"], isTerminal: true).width == 80)
        #expect(TerminalStyle.detect(environment: ["COLUMNS": "5"], isTerminal: true).width == 80)
        #expect(TerminalStyle.detect(environment: [:], isTerminal: true).width == 80)
    }

    @Test func plainIsEightyColumnsOfAscii() {
        #expect(TerminalStyle.plain == TerminalStyle(color: false, unicode: false, width: 80))
        #expect(TerminalStyle(color: false, unicode: false, width: 3).width == 20)
    }
}
