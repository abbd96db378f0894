// Classifying one image: the model's scores turned into probabilities with a softmax, and the
// most probable class.

/// A model's verdict on one image.
public struct Prediction: Sendable, Equatable, CustomStringConvertible {
    /// The index of the most probable class.
    public let classIndex: Int
    /// The probability of each class (the softmax of the model's scores); they sum to 1.
    public let probabilities: [Float]
    /// The name of the predicted class, when class names were given.
    public let className: String?

    /// The probability of the predicted class.
    public var confidence: Float { probabilities[classIndex] }

    /// The printout, as `print` shows it.
    public var description: String {
        let name = className.map { " (\($0))" } ?? ""
        return "class \(classIndex)\(name) with probability \(confidence)"
    }
}

/// Classifies one image with `model` in evaluation mode (the model's mode is restored after).
///
/// - Parameters:
///   - image: `[height, width]`, `[channels, height, width]` or `[1, channels, height, width]`.
///   - classNames: names to report the predicted class with (a dataset's `classNames`).
/// ```swift
/// let (image, label) = try test.item(at: 0)
/// let guess = try predict(model: net, image: image, classNames: test.classNames)
/// ```
public func predict(model: any Module, image: Tensor, classNames: [String]? = nil) throws -> Prediction {
    let batch: [Int]
    switch image.rank {
    case 2: batch = [1, 1] + image.shape
    case 3: batch = [1] + image.shape
    case 4 where image.shape[0] == 1: batch = image.shape
    default:
        throw EmberError.shapeMismatch(
            operation: "predict", expected: "one image [H, W], [C, H, W] or [1, C, H, W]", got: image.shape)
    }
    let output = try inEvaluationMode(model) { try model.forward(try image.reshape(batch)) }
    let classIndex = try predictedClasses(output, batch: 1, function: "predict")[0]
    if let classNames, classNames.count != output.shape[1] {
        throw EmberError.invalidArgument(
            function: "predict",
            message:
                "the model gives \(output.shape[1]) scores but \(classNames.count) class names were given")
    }
    return Prediction(
        classIndex: classIndex, probabilities: try output.softmax(axis: 1).scalars,
        className: classNames?[classIndex])
}
