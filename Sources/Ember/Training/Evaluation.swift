// Measuring a classifier on a dataset: accuracy, mean loss and the confusion matrix, computed
// batch by batch in evaluation mode. The numbers are returned as data; the shell renders them.

import Foundation

/// How a model did on a dataset.
public struct Evaluation: Sendable, Equatable, CustomStringConvertible {
    /// The number of images evaluated.
    public let count: Int
    /// The number whose highest score was the right class.
    public let correct: Int
    /// The mean loss per image.
    public let loss: Float
    /// `confusion[t][p]` counts the images of true class t predicted as class p (C × C).
    public let confusion: [[Int]]
    /// The class names, indexing the rows and columns of `confusion`.
    public let classNames: [String]

    /// The fraction classified right, in [0, 1].
    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }

    /// The accuracy of each class: the right predictions over the images of that class (NaN for
    /// a class with no images).
    public var classAccuracy: [Double] {
        confusion.enumerated().map { row, counts in
            Double(counts[row]) / Double(counts.reduce(0, +))
        }
    }

    /// The printout, as `print` shows it.
    public var description: String {
        "accuracy \(percent(accuracy)) (\(formatCount(correct)) of \(formatCount(count))), "
            + "loss \(String(format: "%.4f", loss))"
    }
}

/// Evaluates `model` on every image of `data`, `batchSize` at a time, in evaluation mode (the
/// model's mode is restored afterwards).
///
/// - Parameters:
///   - loss: the loss to average; `CrossEntropyLoss()` when nil.
/// ```swift
/// let result = try evaluate(model: net, data: test)
/// print(result.accuracy, result.confusion[3][5])
/// ```
public func evaluate(
    model: any Module, data: any Dataset, loss: (any Loss)? = nil, batchSize: Int = 256
) throws -> Evaluation {
    guard batchSize > 0 else {
        throw EmberError.invalidArgument(
            function: "evaluate", message: "batch size must be positive, got \(batchSize)")
    }
    guard data.count > 0 else {
        throw EmberError.invalidArgument(function: "evaluate", message: "the dataset is empty")
    }
    let criterion = loss ?? CrossEntropyLoss()
    let classes = data.classNames.count
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
    var lossSum = 0.0
    try inEvaluationMode(model) {
        for start in stride(from: 0, to: data.count, by: batchSize) {
            let (images, labels) = try data.batch(Array(start..<min(start + batchSize, data.count)))
            let output = try model.forward(images)
            guard output.rank == 2, output.shape[1] == classes else {
                throw EmberError.invalidArgument(
                    function: "evaluate",
                    message: "the model's output has shape \(formatShape(output.shape)), but the "
                        + "dataset's \(classes) classes need [\(labels.count), \(classes)]")
            }
            let predicted = try predictedClasses(output, batch: labels.count, function: "evaluate")
            lossSum += Double(try criterion.forward(output, labels)) * Double(labels.count)
            for (label, guess) in zip(labels.scalars, predicted) { confusion[Int(label)][guess] += 1 }
        }
    }
    let correct = (0..<classes).reduce(0) { $0 + confusion[$1][$1] }
    return Evaluation(
        count: data.count, correct: correct, loss: Float(lossSum / Double(data.count)),
        confusion: confusion, classNames: data.classNames)
}

/// Runs `body` with `model` in evaluation mode, then puts back the mode it had.
func inEvaluationMode<R>(_ model: any Module, _ body: () throws -> R) rethrows -> R {
    let wasTraining = model.isTraining
    model.eval()
    defer { if wasTraining { model.train() } }
    return try body()
}

/// The index of the highest score in each row of `output`, which must be `[batch, C]`.
func predictedClasses(_ output: Tensor, batch: Int, function: String) throws -> [Int] {
    guard output.rank == 2, output.shape[0] == batch, output.shape[1] > 0 else {
        throw EmberError.invalidArgument(
            function: function,
            message: "the model's output has shape \(formatShape(output.shape)); classifying "
                + "\(batch) images needs [\(batch), classes]")
    }
    let classes = output.shape[1]
    return output.withUnsafeBufferPointer { scores in
        (0..<batch).map { row in
            var best = 0
            for column in 1..<classes where scores[row * classes + column] > scores[row * classes + best] {
                best = column
            }
            return best
        }
    }
}
