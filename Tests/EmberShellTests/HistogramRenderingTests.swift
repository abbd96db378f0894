import Ember
import EmberShell
import Testing

@Suite struct HistogramRenderingTests {
    /// 29 columns leave 10 for the bars.
    let narrow = TerminalStyle(color: false, unicode: false, width: 29)

    @Test func fourValuesInThreeBins() throws {
        // Bins of width 1 from 0 to 3: 0 | 1, 1 | 3 (the last bin is closed).
        // std = √((1.25² + 0.25² + 0.25² + 1.75²) / 3) = √(4.75 / 3) = 1.258.
        let expected = """
            count 4  min 0.000  max 3.000  mean 1.250  std 1.258
            [0.000, 1.000)  #####      1
            [1.000, 2.000)  ########## 2
            [2.000, 3.000]  #####      1
            """
        #expect(try renderHistogram(Tensor([0, 1, 1, 3]), bins: 3, style: narrow) == expected)
    }

    @Test func nonFiniteValuesAreCountedNotBinned() throws {
        let expected = """
            count 4  min 1.000  max 2.000  mean 1.500  std 0.7071  nan 1  inf 1 (not binned)
            [1.000, 1.500)  ########## 1
            [1.500, 2.000]  ########## 1
            """
        #expect(try renderHistogram(Tensor([1, .nan, 2, .infinity]), bins: 2, style: narrow) == expected)
    }

    @Test func constantTensorGivesOneBin() throws {
        let text = try renderHistogram(Tensor([2, 2, 2]), bins: 20, style: narrow)
        #expect(text.split(separator: "\n").last == "[2.000, 2.000]  ########## 3")
    }

    @Test func aLoneValueStaysVisible() throws {
        let values: [Float] = [0] + Array(repeating: 1, count: 99)
        let lines = try renderHistogram(Tensor(values), bins: 2, style: narrow).split(separator: "\n")
        #expect(lines[1] == "[ 0.000, 0.5000)  #" + String(repeating: " ", count: 11) + "1")
    }

    @Test func unicodeBarsUseEighths() throws {
        // 3 of 8 in the first bin: 3.75 cells of 10, rounded to 30 eighths = 3 full + ▊.
        let values: [Float] = Array(repeating: 0, count: 3) + Array(repeating: 1, count: 8)
        let unicode = TerminalStyle(color: false, unicode: true, width: 29)
        let lines = try renderHistogram(Tensor(values), bins: 2, style: unicode).split(separator: "\n")
        #expect(lines[1] == "[ 0.000, 0.5000)  ███▊" + String(repeating: " ", count: 7) + "3")
        #expect(lines[2] == "[0.5000,  1.000]  ██████████ 8")
    }

    @Test func emptyAndBadArguments() throws {
        #expect(
            try renderHistogram(Tensor([Float]()), style: .plain)
                == "count 0  min nan  max nan  mean nan  std nan\nno finite values to bin")
        #expect(
            RenderingFixtures.errorText { try renderHistogram(Tensor([1]), bins: 0, style: .plain) }
                == "hist: bins must be positive, got 0")
    }
}
