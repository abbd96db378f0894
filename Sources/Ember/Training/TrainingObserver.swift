// What `fit` reports while it runs. It draws nothing itself: an observer (the shell's progress
// bar, a test, a log) receives these values and shows them as it likes.

/// The state of training after one batch. Epochs and batches are numbered from 1.
public struct BatchProgress: Sendable, Equatable {
    /// The current epoch, from 1.
    public let epoch: Int
    /// The number of epochs asked for.
    public let epochs: Int
    /// The batch just finished, from 1.
    public let batch: Int
    /// The number of batches in an epoch.
    public let batches: Int
    /// The mean loss over the images of this epoch so far.
    public let runningLoss: Float
    /// The fraction of this epoch's images so far whose highest score was the right class.
    public let runningAccuracy: Double
    /// Images trained on per second in this epoch.
    public let imagesPerSecond: Double
    /// Seconds since the epoch started.
    public let secondsElapsed: Double
    /// Seconds the rest of the epoch should take at the pace so far.
    public let secondsRemaining: Double
}

/// The results of one epoch. Epochs are numbered from 1.
public struct EpochSummary: Sendable, Equatable {
    /// The epoch, from 1.
    public let epoch: Int
    /// The batches trained on (fewer than `batches` when training stopped during the epoch).
    public let batchesDone: Int
    /// The number of batches in an epoch.
    public let batches: Int
    /// The mean training loss over the epoch's images.
    public let trainLoss: Float
    /// The training accuracy over the epoch's images, in [0, 1].
    public let trainAccuracy: Double
    /// The loss on the validation data after the epoch, if there is validation data.
    public let validationLoss: Float?
    /// The accuracy on the validation data after the epoch, if there is validation data.
    public let validationAccuracy: Double?
    /// Seconds the epoch took, validation included.
    public let seconds: Double
}

/// Receives `fit`'s progress; every method has an empty default, so an observer implements
/// only what it shows.
///
/// ```swift
/// final class Printer: TrainingObserver {
///     func epochFinished(_ summary: EpochSummary) { print(summary.trainLoss) }
/// }
/// ```
public protocol TrainingObserver: AnyObject {
    /// An epoch (numbered from 1) of `epochs` is starting, with `batches` batches.
    func epochStarted(epoch: Int, epochs: Int, batches: Int)
    /// A batch has been trained on.
    func batchFinished(_ progress: BatchProgress)
    /// An epoch has ended, validation included. Not called for an epoch cut short.
    func epochFinished(_ summary: EpochSummary)
}

extension TrainingObserver {
    /// By default, nothing happens at the start of an epoch.
    public func epochStarted(epoch: Int, epochs: Int, batches: Int) {}
    /// By default, nothing happens after a batch.
    public func batchFinished(_ progress: BatchProgress) {}
    /// By default, nothing happens after an epoch.
    public func epochFinished(_ summary: EpochSummary) {}
}
