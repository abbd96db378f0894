import Ember
import EmberShell
import Testing

@Suite struct StatisticsRenderingTests {
    @Test func countsAndMomentsOverFiniteValues() throws {
        let t = try Tensor(shape: [2, 3], scalars: [1, 2, 3, .nan, .infinity, 0])
        let s = TensorStatistics(t)
        #expect(s.count == 6 && s.finiteCount == 4 && s.nanCount == 1 && s.infinityCount == 1)
        #expect(s.minimum == 0 && s.maximum == 3 && s.mean == 1.5)
        // (0.25 + 0.25 + 2.25 + 2.25) / 3 = 5 / 3.
        #expect(abs(s.standardDeviation - (5.0 / 3).squareRoot()) < 1e-12)
        #expect(
            renderStatistics(t, style: .plain)
                == "shape [2, 3]  count 6  min 0.000  max 3.000\nmean 1.500  std 1.291  nan 1  inf 1  zeros 16.7%")
    }

    @Test func tinyGradientsKeepTheirDigits() {
        let text = renderStatistics(Tensor([2e-5, -1e-5]), style: .plain)
        #expect(
            text == "shape [2]  count 2  min -1.000e-05  max 2.000e-05\n"
                + "mean 5.000e-06  std 2.121e-05  nan 0  inf 0  zeros 0.0%")
    }

    @Test func emptyTensorHasNoMoments() throws {
        let text = renderStatistics(try Tensor.zeros([0, 4]), style: .plain)
        #expect(text == "shape [0, 4]  count 0  min nan  max nan\nmean nan  std nan  nan 0  inf 0  zeros 0.0%")
    }

    @Test func colourMarksNaNCounts() {
        let colour = TerminalStyle(color: true, unicode: true)
        let text = renderStatistics(Tensor([.nan, 1]), style: colour)
        #expect(text.contains("nan \u{1B}[1m\u{1B}[38;2;230;80;80m1\u{1B}[0m"))
        #expect(text.contains("inf 0"))
    }
}
