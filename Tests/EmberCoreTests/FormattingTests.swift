import EmberCore
import Testing

@Suite struct FormattingTests {
    @Test func fixedNotationWithFourDecimals() throws {
        let t = try Tensor(shape: [2, 2], scalars: [1.5, -0.25, 3, 0.125])
        #expect(
            t.description == """
                tensor([[ 1.5000, -0.2500],
                        [ 3.0000,  0.1250]], shape=[2, 2])
                """)
    }

    @Test func wholeNumbersPrintWithATrailingPoint() throws {
        #expect(Tensor([1, 2, 3]).description == "tensor([1., 2., 3.], shape=[3])")
        #expect(Tensor(2).description == "tensor(2.)")
        #expect(Tensor(0.5).description == "tensor(0.5000)")
    }

    @Test func smallGradientsSwitchToScientific() {
        #expect(Tensor([2e-5, 1e-3]).description == "tensor([2.0000e-05, 1.0000e-03], shape=[2])")
        var options = PrintOptions()
        options.scientific = false
        options.precision = 2
        #expect(Tensor([2e-5, 0.5]).formatted(options) == "tensor([0.00, 0.50], shape=[2])")
    }

    @Test func nonFiniteValues() {
        #expect(Tensor([.nan, 1, -.infinity]).description == "tensor([nan, 1., -inf], shape=[3])")
        #expect(Tensor([.nan, 0.5]).description == "tensor([   nan, 0.5000], shape=[2])")
    }

    @Test func bigTensorsAreSummarised() throws {
        let t = try Tensor.arange(0, 1001)
        #expect(t.description == "tensor([   0.,    1.,    2., …,  998.,  999., 1000.], shape=[1001])")
        // Values over three orders of magnitude apart switch to scientific notation.
        let wide = try Tensor.arange(0, 2000)
        #expect(wide.description.hasPrefix("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00, …,"))
        let m = try Tensor.zeros([100, 100])
        let lines = m.description.split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines[3] == "        …,")
        #expect(lines[0] == "tensor([[0., 0., 0., …, 0., 0., 0.],")
    }

    @Test func longRowsWrap() throws {
        let t = try Tensor.arange(0, 30).map { $0 + 0.5 }
        let lines = t.description.split(separator: "\n")
        // (80 − 8 columns of indent) / (7 + 2 per item) = 8 items per line.
        #expect(lines.count == 4)
        #expect(lines[0] == "tensor([ 0.5000,  1.5000,  2.5000,  3.5000,  4.5000,  5.5000,  6.5000,  7.5000,")
        #expect(lines[1].hasPrefix("         "))
    }
}
