import EmberShell
import Testing

@Suite struct TextLayoutRenderingTests {
    @Test func visibleWidthIgnoresEscapes() {
        #expect(visibleWidth("\u{1B}[1mloss\u{1B}[0m") == 4)
        #expect(visibleWidth("\u{1B}[38;2;0;0;0m\u{1B}[48;2;255;255;255m▀▀\u{1B}[0m") == 2)
        #expect(visibleWidth("█▏┌─⡜") == 5)
        #expect(visibleWidth("ab\nwider\n") == 5)
        #expect(visibleWidth("") == 0)
    }

    @Test func sideBySidePadsTheLeftPicture() {
        #expect(sideBySide("ab\nc", "1\n2\n3", gap: 2) == "ab  1\nc   2\n    3")
        #expect(sideBySide("abc\nd", "x", gap: 1) == "abc x\nd")
    }

    @Test func sideBySidePadsByVisibleWidth() {
        let red = "\u{1B}[38;2;230;80;80mab\u{1B}[0m"
        #expect(sideBySide(red + "\nc", "1\n2", gap: 1) == red + " 1\nc  2")
    }
}
