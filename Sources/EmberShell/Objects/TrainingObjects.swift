// What training gives back, as the shell shows it: a history (a table, and curves for `plot`),
// an evaluation (accuracy, loss and the confusion matrix) and a prediction (the image beside
// the bar chart of its class probabilities).

import Ember

/// The record of a `fit`.
final class HistoryObject: ShellObject, Plottable {
    let history: History

    init(_ history: History) {
        self.history = history
    }

    var typeName: String { "History" }
    var attributeNames: [String] {
        ["loss", "accuracy", "val_loss", "val_accuracy", "batch_losses", "epochs", "stop_reason"]
    }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        func floats<T: BinaryFloatingPoint>(_ values: [T?]) -> Value {
            .list(ListStorage(values.map { $0.map { Value.float(Double($0)) } ?? .none }))
        }
        switch name {
        case "loss": return floats(history.trainLoss)
        case "accuracy": return floats(history.trainAccuracy)
        case "val_loss": return floats(history.validationLoss)
        case "val_accuracy": return floats(history.validationAccuracy)
        case "batch_losses": return floats(history.batchLosses)
        case "epochs": return .int(history.epochs.count)
        case "stop_reason": return .string(history.stopReason.description)
        default: return nil
        }
    }

    func render(in context: ShellContext) -> String { history.description }

    /// Per-epoch losses from five epochs on; before that, the batch losses averaged into at
    /// most 60 points, which show more than a curve of two or three points would.
    var curves: ([[Double]], [String]) {
        if history.epochs.count >= 5 {
            let validation = history.validationLoss.compactMap { $0.map(Double.init) }
            let train = history.trainLoss.map(Double.init)
            return validation.count == train.count
                ? ([train, validation], ["train loss", "val loss"]) : ([train], ["train loss"])
        }
        let losses = history.batchLosses.map(Double.init)
        let chunk = max(1, (losses.count + 59) / 60)
        let averaged = stride(from: 0, to: losses.count, by: chunk).map { start -> Double in
            let part = losses[start..<min(start + chunk, losses.count)]
            return part.reduce(0, +) / Double(part.count)
        }
        return ([averaged], ["train loss per \(chunk == 1 ? "batch" : "\(chunk) batches")"])
    }
}

/// The result of `evaluate`.
final class EvaluationObject: ShellObject {
    let evaluation: Evaluation

    init(_ evaluation: Evaluation) {
        self.evaluation = evaluation
    }

    var typeName: String { "Evaluation" }
    var attributeNames: [String] { ["accuracy", "loss", "confusion", "class_accuracy", "count", "correct"] }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        switch name {
        case "accuracy": return .float(evaluation.accuracy)
        case "loss": return .float(Double(evaluation.loss))
        case "confusion": return .list(ListStorage(evaluation.confusion.map { .list(ListStorage($0.map(Value.int))) }))
        case "class_accuracy": return .list(ListStorage(evaluation.classAccuracy.map(Value.float)))
        case "count": return .int(evaluation.count)
        case "correct": return .int(evaluation.correct)
        default: return nil
        }
    }

    func render(in context: ShellContext) -> String {
        let e = evaluation
        var lines = [
            "accuracy \(formatNumber(e.accuracy * 100))% (\(formatCount(e.correct)) of \(formatCount(e.count))), mean loss \(formatNumber(Double(e.loss)))"
        ]
        if let matrix = try? renderConfusionMatrix(matrix: e.confusion, classNames: e.classNames, style: context.style)
        {
            lines.append(matrix)
        }
        let confused = mostConfused()
        if !confused.isEmpty { lines.append("most confused (true → predicted): " + confused.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }

    /// The three largest off-diagonal cells: `Shirt → T-shirt/top (123)`.
    private func mostConfused() -> [String] {
        var cells: [(count: Int, truth: Int, predicted: Int)] = []
        for (truth, row) in evaluation.confusion.enumerated() {
            for (predicted, count) in row.enumerated() where truth != predicted && count > 0 {
                cells.append((count, truth, predicted))
            }
        }
        let names = evaluation.classNames
        return cells.sorted { ($0.count, $1.truth) > ($1.count, $0.truth) }.prefix(3).map { cell in
            let truth = cell.truth < names.count ? names[cell.truth] : String(cell.truth)
            let predicted = cell.predicted < names.count ? names[cell.predicted] : String(cell.predicted)
            return "\(truth) → \(predicted) (\(cell.count))"
        }
    }
}

/// The result of `predict`.
final class PredictionObject: ShellObject {
    let prediction: Prediction
    let image: Tensor
    /// The label of each bar: the class names, or the class indices.
    let labels: [String]
    /// The true label, when the image came with one.
    let truth: String?

    init(_ prediction: Prediction, image: Tensor, classNames: [String]?, truth: String?) {
        self.prediction = prediction
        self.image = image
        self.truth = truth
        let count = prediction.probabilities.count
        labels = classNames.flatMap { $0.count == count ? $0 : nil } ?? (0..<count).map(String.init)
    }

    var typeName: String { "Prediction" }
    var attributeNames: [String] { ["label", "probabilities", "class_name", "confidence"] }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        switch name {
        case "label": return .int(prediction.classIndex)
        case "probabilities": return .tensor(Tensor(prediction.probabilities))
        case "class_name": return prediction.className.map(Value.string) ?? .none
        case "confidence": return .float(Double(prediction.confidence))
        default: return nil
        }
    }

    func render(in context: ShellContext) -> String {
        let name = prediction.className ?? String(prediction.classIndex)
        let caption =
            "predicted \(name), \(formatNumber(Double(prediction.confidence) * 100))%"
            + (truth.map { " (label \($0))" } ?? "")
        let picture = (try? renderImage(image, style: context.style, caption: caption)) ?? caption
        let values = prediction.probabilities.map(Double.init)
        // The bars take what the line has left after the picture, the labels and the percentages.
        let room = context.style.width - visibleWidth(picture) - 3 - (labels.map(\.count).max() ?? 0) - 11
        let bars =
            (try? renderBarChart(labels: labels, values: values, style: context.style, width: max(room, 10))) ?? ""
        return sideBySide(picture, bars, gap: 3)
    }
}
