// Batches over a dataset, as PyTorch's DataLoader gives them. Each pass over the loader is one
// epoch; with shuffling, each epoch draws a new order from the loader's own generator, so the
// sequence of orders depends only on the seed.

/// A sequence of `(images, labels)` batches covering a dataset once per iteration.
///
/// - Parameters:
///   - dataset: the images and labels.
///   - batchSize: images per batch (the last batch may be smaller unless `dropLast`).
///   - shuffle: whether each epoch visits the images in a new random order.
///   - seed: the seed of the loader's generator; nil draws one from `Generator.global`.
///   - dropLast: whether to leave out a last batch smaller than `batchSize`.
/// ```swift
/// let loader = try DataLoader(train, batchSize: 64, shuffle: true, seed: 0)
/// for (x, y) in loader { ... }      // x: [64, 1, 28, 28], y: [64]
/// ```
public final class DataLoader: Sequence {
    /// The dataset batched.
    public let dataset: any Dataset
    /// Images per batch.
    public let batchSize: Int
    /// Whether each epoch has a new random order.
    public let shuffle: Bool
    /// Whether a last, smaller batch is left out.
    public let dropLast: Bool
    /// Draws the order of each epoch.
    private let generator: EmberCore.Generator

    /// Makes a loader; throws when `batchSize` is not positive.
    public init(
        _ dataset: any Dataset, batchSize: Int = 64, shuffle: Bool = false, seed: UInt64? = nil,
        dropLast: Bool = false
    ) throws {
        guard batchSize > 0 else {
            throw EmberError.invalidArgument(
                function: "DataLoader", message: "batch size must be positive, got \(batchSize)")
        }
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        generator = EmberCore.Generator(seed: seed ?? EmberCore.Generator.global.nextUInt64())
    }

    /// The number of batches in one epoch.
    public var count: Int {
        // Written without `count + batchSize − 1`, which overflows for a huge batch size.
        dataset.count / batchSize + (!dropLast && dataset.count % batchSize > 0 ? 1 : 0)
    }

    /// The dataset indices of each batch of the next epoch; with shuffling, each call draws a
    /// new order.
    public func nextEpochIndices() -> [[Int]] {
        let order = shuffle ? generator.permutation(dataset.count) : Array(0..<dataset.count)
        return (0..<count).map { batch in
            Array(order[batch * batchSize..<Swift.min((batch + 1) * batchSize, order.count)])
        }
    }

    /// Starts an epoch.
    public func makeIterator() -> Iterator {
        Iterator(dataset: dataset, batches: nextEpochIndices())
    }

    /// The batches of one epoch.
    ///
    /// `for … in` stops early at a batch the dataset cannot make and keeps the error in `error`;
    /// `nextBatch()` throws it instead.
    public struct Iterator: IteratorProtocol {
        private let dataset: any Dataset
        private let batches: [[Int]]
        private var position = 0
        /// The error that ended the iteration early, if any.
        public private(set) var error: EmberError?

        init(dataset: any Dataset, batches: [[Int]]) {
            self.dataset = dataset
            self.batches = batches
        }

        /// The next batch, nil at the end of the epoch; throws what the dataset throws.
        public mutating func nextBatch() throws -> (images: Tensor, labels: Tensor)? {
            guard position < batches.count else { return nil }
            defer { position += 1 }
            return try dataset.batch(batches[position])
        }

        /// The next batch; nil at the end of the epoch, or after a dataset error (kept in `error`).
        public mutating func next() -> (images: Tensor, labels: Tensor)? {
            guard error == nil else { return nil }
            do {
                return try nextBatch()
            } catch {
                self.error =
                    (error as? EmberError)
                    ?? EmberError.invalidArgument(function: "DataLoader", message: "\(error)")
                return nil
            }
        }
    }
}
