// How much work each measurement does and how often it is repeated. The standard setting is
// what `ember bench` reports; the quick one only checks that everything runs.

/// The sizes and repetition counts of a benchmark run.
public struct BenchmarkConfiguration: Sendable {
    /// Untimed runs of each measurement before timing starts.
    public var warmups: Int
    /// Timed runs of each measurement; the report gives their median.
    public var repetitions: Int
    /// The side of the square matrices of the sgemm ceiling.
    public var gemmSize: Int
    /// CNN training steps (batches of 64) per timed run.
    public var trainingSteps: Int
    /// Images per inference batch.
    public var inferenceBatch: Int
    /// Inference batches per timed run.
    public var inferenceBatches: Int
    /// MLP training steps (batches of 128) per timed run.
    public var mlpSteps: Int
    /// Launches of `ember` timed for each start-up figure.
    public var launches: Int
    /// Fashion-MNIST training images in the memory measurement; nil for the whole split.
    public var epochImages: Int?
    /// The folder holding Fashion-MNIST's `train-images-idx3-ubyte.gz` and labels.
    public var datasetDirectory: String

    /// Makes a configuration; every count is at least 1.
    public init(
        warmups: Int, repetitions: Int, gemmSize: Int, trainingSteps: Int, inferenceBatch: Int,
        inferenceBatches: Int, mlpSteps: Int, launches: Int, epochImages: Int?,
        datasetDirectory: String = fashionMNISTDirectory
    ) {
        self.warmups = max(warmups, 0)
        self.repetitions = max(repetitions, 1)
        self.gemmSize = max(gemmSize, 1)
        self.trainingSteps = max(trainingSteps, 1)
        self.inferenceBatch = max(inferenceBatch, 1)
        self.inferenceBatches = max(inferenceBatches, 1)
        self.mlpSteps = max(mlpSteps, 1)
        self.launches = max(launches, 1)
        self.epochImages = epochImages.map { max($0, 1) }
        self.datasetDirectory = datasetDirectory
    }

    /// The figures `ember bench` reports: a warm-up, then the median of 7 runs.
    public static let standard = BenchmarkConfiguration(
        warmups: 1, repetitions: 7, gemmSize: 2048, trainingSteps: 40, inferenceBatch: 1000,
        inferenceBatches: 4, mlpSteps: 20, launches: 7, epochImages: nil)

    /// A tiny run that exercises every measurement in a second or two.
    public static let quick = BenchmarkConfiguration(
        warmups: 0, repetitions: 1, gemmSize: 128, trainingSteps: 1, inferenceBatch: 50,
        inferenceBatches: 1, mlpSteps: 1, launches: 1, epochImages: 128)
}

/// Where the Debian package `dataset-fashion-mnist` installs the data.
public let fashionMNISTDirectory = "/usr/share/datasets/fashion-mnist"
