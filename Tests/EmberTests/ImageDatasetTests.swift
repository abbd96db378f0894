import Ember
import Foundation
import Testing

/// Bytes scaled as a dataset scales them: (byte / 255 − mean) / std.
func scaled(_ bytes: [Int], mean: Float = 0, std: Float = 1) -> [Float] {
    bytes.map { byte -> Float in
        let unit: Float = Float(byte) / 255
        return (unit - mean) / std
    }
}

@Suite struct ImageDatasetTests {
    /// Five 1×2×2 images whose pixels are 10·i + k, labelled i mod 3.
    func tiny(normalize: (mean: Float, std: Float)? = nil) throws -> ImageDataset {
        try ImageDataset(
            name: "tiny", pixels: (0..<5).flatMap { i in (0..<4).map { UInt8(10 * i + $0) } },
            labels: (0..<5).map { $0 % 3 }, imageShape: [1, 2, 2], classNames: ["a", "b", "c"],
            normalize: normalize)
    }

    @Test func batchesScaleBytesToUnitFloats() throws {
        let ds = try tiny()
        let (images, labels) = try ds.batch([4, 0])
        #expect(images.shape == [2, 1, 2, 2])
        #expect(images.scalars == scaled([40, 41, 42, 43, 0, 1, 2, 3]))
        #expect(labels == Tensor([1, 0]))
        let (image, label) = try ds.item(at: -1)
        #expect(image.shape == [1, 2, 2])
        #expect(image.scalars == scaled([40, 41, 42, 43]))
        #expect(label == 1)
    }

    @Test func normalizationSubtractsMeanAndDividesByStd() throws {
        let ds = try tiny(normalize: (mean: 0.5, std: 0.25))
        let (images, _) = try ds.batch([1])
        #expect(images.scalars == scaled([10, 11, 12, 13], mean: 0.5, std: 0.25))
        #expect(
            ds.description == "tiny: 5 images of [1, 2, 2], 3 classes, normalized with mean 0.5, std 0.25")
    }

    @Test func subsetsAndSplitsShareStorageAndStayDisjoint() throws {
        let ds = try tiny()
        let middle = try ds.subset(1..<4)
        #expect(middle.count == 3)
        #expect(try middle.batch([0]).images == (try ds.batch([1])).images)
        let inner = try middle.subset(indices: [2, 0])
        #expect(try inner.batch([0, 1]).labels == Tensor([0, 1]))
        let (first, second) = try ds.split(fraction: 0.6, seed: 7)
        #expect(first.count == 3 && second.count == 2)
        let firstImages = try first.batch(Array(0..<3)).images.scalars
        let secondImages = try second.batch(Array(0..<2)).images.scalars
        let firstPixels = Set(stride(from: 0, to: 12, by: 4).map { firstImages[$0] })
        let secondPixels = Set(stride(from: 0, to: 8, by: 4).map { secondImages[$0] })
        #expect(firstPixels.isDisjoint(with: secondPixels))
        #expect(firstPixels.union(secondPixels).count == 5)
        let erased: any Dataset = ds
        let (head, tail) = try erased.split(fraction: 0.6, seed: 7)
        #expect(try head.batch([0, 1, 2]).images.scalars == firstImages && tail.count == 2)
        #expect(try erased.subset(0..<2).count == 2)
        let (again, _) = try ds.split(fraction: 0.6, seed: 7)
        #expect(try again.batch(Array(0..<3)).images.scalars == firstImages)
    }

    @Test func badArgumentsGiveClearErrors() throws {
        let ds = try tiny()
        #expect(throws: EmberError.self) { try ds.batch([5]) }
        do {
            _ = try ds.subset(2..<9)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "subset: range 2..<9 is outside the dataset's 0..<5")
        }
        do {
            _ = try ds.item(at: 5)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "tiny item: index 5 is out of range for axis 0 of size 5")
        }
        do {
            _ = try ImageDataset(
                name: "x", pixels: [1, 2, 3], labels: [0], imageShape: [1, 2, 2], classNames: ["a"])
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "ImageDataset: 1 images of [1, 2, 2] need 4 bytes of pixels, got 3")
        }
        do {
            _ = try ImageDataset(
                name: "x", pixels: [1], labels: [3], imageShape: [1, 1, 1], classNames: ["a"])
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "ImageDataset: label 3 of image 0 is not a class index in 0..<1")
        }
    }

    @Test func realMNISTTestSplitLoadsFromAnExplicitPath() throws {
        let ds = try Datasets.mnist(
            split: .test, path: TestData.mnistDirectory, download: false, locations: DatasetLocations())
        #expect(ds.count == 10_000)
        #expect(ds.imageShape == [1, 28, 28])
        #expect(ds.classNames == (0..<10).map(String.init))
        #expect(try ds.batch(Array(0..<10)).labels == Tensor([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]))
        let raw = try IDXArray(contentsOf: TestData.mnistDirectory + "/t10k-images-idx3-ubyte.gz")
        let image = try ds.item(at: 0).image
        #expect(image.scalars.max() == 1.0)
        let expected = scaled(raw.payload[0..<784].map(Int.init)).reduce(0.0) { $0 + Double($1) }
        #expect(image.scalars.reduce(0.0) { $0 + Double($1) } == expected)
        #expect(ds.description == "MNIST test: 10,000 images of [1, 28, 28], 10 classes")
    }

    @Test func fashionMNISTLoadsFromTheSystemFolder() throws {
        let locations = DatasetLocations(
            systemDirectories: ["fashion-mnist": ["/usr/share/datasets/fashion-mnist"]])
        let train = try Datasets.fashionMNIST(split: .train, download: false, locations: locations)
        let test = try Datasets.fashionMNIST(split: .test, download: false, locations: locations)
        #expect(train.count == 60_000)
        #expect(test.count == 10_000)
        #expect(test.classNames[0] == "T-shirt/top" && test.classNames[9] == "Ankle boot")
        let (images, labels) = try train.batch(Array(0..<64))
        #expect(images.shape == [64, 1, 28, 28])
        #expect(labels.scalars.allSatisfy { $0 >= 0 && $0 < 10 })
    }
}
