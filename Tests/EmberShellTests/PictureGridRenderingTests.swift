import Ember
import EmberShell
import Testing

@Suite struct PictureGridRenderingTests {
    @Test func batchSharesOneScale() throws {
        // Scaled per image, the black one would be constant and show mid grey.
        let batch = try Tensor(shape: [2, 2, 2], scalars: [0, 0, 0, 0, 1, 1, 1, 1])
        #expect(
            try renderPicture(batch, style: .plain)
                == "    @@\n0   1\n\nshared scale: 0.000 (dark) to 1.000 (bright)")
    }

    @Test func gridWrapsToTheWidth() throws {
        // Five constant 2 × 4 images of 0 ... 4; three fit in 20 columns.
        let values = (0..<5).flatMap { Array(repeating: Float($0), count: 8) }
        let batch = try Tensor(shape: [5, 1, 2, 4], scalars: values)
        let narrow = TerminalStyle(color: false, unicode: false, width: 20)
        let expected = """
                  ::::  ++++
             0     1     2

            ####  @@@@
             3     4

            shared scale: 0.000 (dark) to 4.000 (bright)
            """
        #expect(try renderPictureGrid(batch, style: narrow) == expected)
    }

    @Test func filtersWithSeveralInputChannelsAreRows() throws {
        // [out 2, in 2, 1, 2] holding 0 ... 7, drawn on one scale 0 ... 7.
        let weight = try Tensor(shape: [2, 2, 1, 2], scalars: (0..<8).map(Float.init))
        let expected = """
            rows: output channels, columns: input channels
               0   1

            0   .  :=

            1  +#  %@

            shared scale: 0.000 (dark) to 7.000 (bright)
            """
        #expect(try renderPicture(weight, style: .plain, caption: nil) == expected)
    }

    @Test func channelsThatDoNotFitAreLeftOutAndSaid() throws {
        let weight = try Tensor.zeros([1, 10, 1, 1])
        let narrow = TerminalStyle(color: false, unicode: false, width: 20)
        let lines = try renderPictureGrid(weight, style: narrow, caption: "conv1").split(separator: "\n")
        #expect(lines[1] == "   0  1  2  3  4  5")
        #expect(
            lines.suffix(3) == [
                "input channels 0-5 of 10 shown (the terminal is too narrow)",
                "shared scale: 0.000 (dark) to 0.000 (bright)", "conv1",
            ])
    }

    @Test func anImageAloneIsAGridOfOne() throws {
        let image = try Tensor(shape: [1, 2], scalars: [0, 1])
        #expect(
            try renderPictureGrid(image, style: .plain)
                == " @\n0\n\nshared scale: 0.000 (dark) to 1.000 (bright)")
    }

    @Test func singleImagesGoToRenderImage() throws {
        let image = try Tensor(shape: [1, 1, 2, 4], scalars: [0, 0, 1, 1, 0, 1, 0, 1])
        #expect(try renderPicture(image, style: .plain) == " ++@")
    }

    @Test func otherShapesAreRejected() throws {
        let expected = "show: expected an image [H, W], images [N, H, W] or filters [N, C, k, k], got "
        for shape in [[5], [1, 1, 1, 2, 2]] {
            let tensor = try Tensor.zeros(shape)
            #expect(
                RenderingFixtures.errorText { try renderPicture(tensor, style: .plain) }
                    == expected + formatShape(shape))
        }
    }
}
