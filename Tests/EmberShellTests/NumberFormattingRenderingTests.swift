import EmberShell
import Testing

@Suite struct NumberFormattingRenderingTests {
    @Test func fourSignificantDigitsInFixedNotation() {
        #expect(formatNumber(0.1234567) == "0.1235")
        #expect(formatNumber(1) == "1.000")
        #expect(formatNumber(1234.4) == "1234")
        #expect(formatNumber(-0.0412) == "-0.04120")
        #expect(formatNumber(1e-4) == "0.0001000")
        #expect(formatNumber(0) == "0.000")
        #expect(formatNumber(-0.0) == "0.000")
    }

    @Test func tinyAndHugeMagnitudesAreScientific() {
        #expect(formatNumber(2e-5) == "2.000e-05")
        #expect(formatNumber(-3.14159e-7) == "-3.142e-07")
        #expect(formatNumber(12345.6) == "1.235e+04")
        // 9999.7 rounds to 10000, five digits: scientific.
        #expect(formatNumber(9999.7) == "1.000e+04")
        #expect(formatNumber(6e23) == "6.000e+23")
    }

    @Test func nonFiniteValues() {
        #expect(formatNumber(.nan) == "nan")
        #expect(formatNumber(.infinity) == "inf")
        #expect(formatNumber(-.infinity, compact: true) == "-inf")
    }

    @Test func compactDropsTrailingZeros() {
        #expect(formatNumber(0.5, compact: true) == "0.5")
        #expect(formatNumber(2e-5, compact: true) == "2e-05")
        #expect(formatNumber(0, compact: true) == "0")
        #expect(formatNumber(100, compact: true) == "100")
        #expect(formatNumber(-2.5, compact: true) == "-2.5")
        #expect(formatNumber(12345.6, compact: true) == "1.235e+04")
    }

    @Test func durationsAsClocks() {
        #expect(formatDuration(12) == "0:12")
        #expect(formatDuration(59.6) == "1:00")
        #expect(formatDuration(62) == "1:02")
        #expect(formatDuration(3723) == "1:02:03")
        #expect(formatDuration(-1) == "-:--")
        #expect(formatDuration(.nan) == "-:--")
    }

    @Test func ratesWithThousandsSeparators() {
        #expect(formatRate(5210.4, unit: "img/s") == "5,210 img/s")
        #expect(formatRate(1_234_567, unit: "img/s") == "1,234,567 img/s")
        #expect(formatRate(3.26, unit: "batch/s") == "3.3 batch/s")
        #expect(formatRate(.infinity, unit: "img/s") == "- img/s")
    }
}
