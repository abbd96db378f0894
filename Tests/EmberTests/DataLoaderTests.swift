import Ember
import Testing

@Suite struct DataLoaderTests {
    /// Ten 1×1×1 images whose single pixel is the image's index, labelled index mod 10.
    let dataset: ImageDataset

    init() throws {
        dataset = try ImageDataset(
            name: "ten", pixels: (0..<10).map(UInt8.init), labels: Array(0..<10), imageShape: [1, 1, 1],
            classNames: (0..<10).map(String.init))
    }

    /// The image indices of each batch of one pass over `loader`.
    func epoch(_ loader: DataLoader) -> [[Int]] {
        loader.map { batch in batch.labels.scalars.map { Int($0) } }
    }

    @Test func countsBatchesWithAndWithoutDropLast() throws {
        #expect(try DataLoader(dataset, batchSize: 3).count == 4)
        #expect(try DataLoader(dataset, batchSize: 3, dropLast: true).count == 3)
        #expect(try DataLoader(dataset, batchSize: 5, dropLast: true).count == 2)
        #expect(epoch(try DataLoader(dataset, batchSize: 3)) == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]])
        let dropped = epoch(try DataLoader(dataset, batchSize: 3, shuffle: true, seed: 1, dropLast: true))
        #expect(dropped.map(\.count) == [3, 3, 3])
        var iterator = try DataLoader(dataset, batchSize: 4).makeIterator()
        let (images, labels) = try #require(try iterator.nextBatch())
        #expect(images.shape == [4, 1, 1, 1])
        let expected: [Float] = [0, 1 / 255, 2 / 255, 3 / 255]
        #expect(images.scalars == expected)
        #expect(labels == Tensor([0, 1, 2, 3]))
    }

    @Test func everyIndexIsSeenOncePerEpoch() throws {
        let loader = try DataLoader(dataset, batchSize: 4, shuffle: true, seed: 3)
        for _ in 0..<3 {
            #expect(epoch(loader).flatMap { $0 }.sorted() == Array(0..<10))
        }
    }

    @Test func theSameSeedGivesTheSameBatchesAndEpochsDiffer() throws {
        let first = try DataLoader(dataset, batchSize: 4, shuffle: true, seed: 42)
        let second = try DataLoader(dataset, batchSize: 4, shuffle: true, seed: 42)
        let firstEpochs = (0..<3).map { _ in epoch(first) }
        let secondEpochs = (0..<3).map { _ in epoch(second) }
        #expect(firstEpochs == secondEpochs)
        #expect(firstEpochs[0] != firstEpochs[1] && firstEpochs[1] != firstEpochs[2])
        let other = try DataLoader(dataset, batchSize: 4, shuffle: true, seed: 43)
        #expect(epoch(other) != firstEpochs[0])
        #expect(firstEpochs[0] != epoch(try DataLoader(dataset, batchSize: 4)))
    }

    @Test func aNonPositiveBatchSizeIsRefused() {
        do {
            _ = try DataLoader(dataset, batchSize: 0)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "DataLoader: batch size must be positive, got 0")
        }
    }
}
