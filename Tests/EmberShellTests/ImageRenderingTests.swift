import Ember
import EmberShell
import Foundation
import Testing

@Suite struct ImageRenderingTests {
    @Test func plainImageAveragesPairsOfRows() throws {
        // Column means 0, 0.5, 0.5, 1 → ramp characters ' ', '+', '+', '@'.
        let image = try Tensor(shape: [2, 4], scalars: [0, 0, 1, 1, 0, 1, 0, 1])
        #expect(try renderImage(image, style: .plain) == " ++@")
    }

    @Test func oddHeightKeepsTheLastRowAloneAndAddsTheCaption() throws {
        // Values 0 ... 11 map to v / 11; the first line averages rows 0 and 1, the second is row 2.
        let values = (0..<12).map(Float.init)
        let expected = ".:-=\n#%@@\nlabel 7"
        for shape in [[3, 4], [1, 3, 4], [1, 1, 3, 4]] {
            let image = try Tensor(shape: shape, scalars: values)
            #expect(try renderImage(image, style: .plain, caption: "label 7") == expected)
        }
    }

    @Test func constantImageIsMidGreyAndNaNIsMarked() throws {
        let image = try Tensor(shape: [1, 2], scalars: [.nan, 3])
        #expect(try renderImage(image, style: .plain) == "?+")
    }

    @Test func colourDrawsUpperAndLowerPixelsInOneCell() throws {
        let image = try Tensor(shape: [2, 1], scalars: [0, 1])
        let colour = TerminalStyle(color: true, unicode: true)
        #expect(
            try renderImage(image, style: colour)
                == "\u{1B}[38;2;0;0;0m\u{1B}[48;2;255;255;255m▀\u{1B}[0m")
        // A colour is sent again only when it changes.
        let pair = try Tensor(shape: [2, 2], scalars: [0, 0, 1, 1])
        #expect(
            try renderImage(pair, style: colour)
                == "\u{1B}[38;2;0;0;0m\u{1B}[48;2;255;255;255m▀▀\u{1B}[0m")
        // NaN is magenta.
        let nan = try Tensor(shape: [1, 1], scalars: [.nan])
        #expect(try renderImage(nan, style: colour) == "\u{1B}[38;2;255;0;255m▀\u{1B}[0m")
        // A last row alone keeps the terminal's background.
        let row = try Tensor(shape: [1, 2], scalars: [0, 1])
        #expect(
            try renderImage(row, style: colour)
                == "\u{1B}[38;2;0;0;0m▀\u{1B}[38;2;255;255;255m▀\u{1B}[0m")
    }

    @Test func otherShapesAreRejected() throws {
        let expected = "show: expected an image [H, W], [1, H, W] or [1, 1, H, W], got "
        for shape in [[5], [2, 3, 4], [1, 2, 3, 4, 5]] {
            let tensor = try Tensor.zeros(shape)
            #expect(
                RenderingFixtures.errorText { try renderImage(tensor, style: .plain) }
                    == expected + formatShape(shape))
        }
        let empty = try Tensor.zeros([0, 3])
        #expect(
            RenderingFixtures.errorText { try renderImage(empty, style: .plain) }
                == "show: cannot draw an empty tensor of shape [0, 3]")
    }

    /// The first MNIST test image, a 7. The expected text was computed apart from Ember, in
    /// Python from the raw IDX bytes with the same rule (pixel / 255 in float32, pairs of rows
    /// averaged, ramp index ⌊10 · level⌋ capped at 9).
    @Test func mnistDigitIsRecognisable() throws {
        let images = try IDXArray(contentsOf: RenderingFixtures.mnistDirectory + "/t10k-images-idx3-ubyte.gz")
        let first = try Tensor(shape: [28, 28], scalars: Array(images.floats()[0..<784]))
        let lines = try renderImage(first, style: .plain, caption: "label 7")
            .split(separator: "\n", omittingEmptySubsequences: false)
        let expected = [
            "", "", "",
            "      .--:.",
            "      +#*#%@%%%%%%%%%-",
            "            . ....:@@:",
            "                 :@@:",
            "                -@%.",
            "               :@%.",
            "              +@#.",
            "             %@+",
            "           -@@-",
            "          -@@@.",
            "          :==",
            "label 7",
        ]
        #expect(lines.map(String.init) == expected)
    }
}
