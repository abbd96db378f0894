// The forms a drawing front end (a notebook) shows for a displayed value beside its printout:
// pixels for a prediction and a confusion matrix, compact HTML for tensors, models and
// evaluations. The printout stays the value's `text/plain`.

import Ember

extension Interpreter {
    /// The pixels and HTML of a displayed value, or nil when its printout says everything.
    public func richForms(of value: Value) -> ShellPicture? {
        switch value {
        case .tensor(let tensor):
            return ShellPicture(text: repr(value), html: tensorHTML(tensor.tensor))
        case .object(let prediction as PredictionObject):
            return ShellPicture(
                text: repr(value),
                raster: predictionRaster(
                    image: prediction.image, probabilities: prediction.prediction.probabilities.map(Double.init)))
        case .object(let evaluation as EvaluationObject):
            let e = evaluation.evaluation
            return ShellPicture(
                text: repr(value), raster: confusionRaster(e.confusion),
                html: confusionHTML(e.confusion, classNames: e.classNames, accuracy: e.accuracy))
        case .object(let module as ModuleObject):
            return ShellPicture(
                text: repr(value),
                html: "<details open><summary><b>\(escapeHTML(module.typeName))</b></summary><pre>"
                    + escapeHTML(repr(value)) + "</pre></details>")
        default:
            return nil
        }
    }
}

/// `&`, `<`, `>` and `"` as entities.
public func escapeHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}

/// A tensor of at most two dimensions and a hundred values as a table under its shape; larger
/// ones as the shape and a `<pre>` of the printout's values.
private func tensorHTML(_ tensor: Tensor) -> String {
    let caption = "<small>tensor, shape \(escapeHTML(formatShape(tensor.shape))), float32</small>"
    guard tensor.rank <= 2, tensor.count <= 100, tensor.count > 0 else { return caption }
    let columns = tensor.rank == 2 ? tensor.shape[1] : max(tensor.count, 1)
    let rows = stride(from: 0, to: tensor.count, by: columns).map { start in
        "<tr>"
            + tensor.scalars[start..<start + columns].map { "<td>\(formatNumber(Double($0)))</td>" }.joined()
            + "</tr>"
    }
    return caption + "<table style=\"font-family: monospace\">" + rows.joined() + "</table>"
}

/// A confusion matrix as a table, the diagonal in bold, the accuracy under it.
private func confusionHTML(_ matrix: [[Int]], classNames: [String], accuracy: Double) -> String {
    let names = matrix.indices.map { $0 < classNames.count ? escapeHTML(classNames[$0]) : String($0) }
    var html = "<table><tr><th>true \\ predicted</th>" + names.map { "<th>\($0)</th>" }.joined() + "</tr>"
    for (truth, row) in matrix.enumerated() {
        html += "<tr><th>\(names[truth])</th>"
        for (predicted, count) in row.enumerated() {
            html += predicted == truth ? "<td><b>\(count)</b></td>" : "<td>\(count)</td>"
        }
        html += "</tr>"
    }
    return html + "</table><p>accuracy \(formatNumber(accuracy * 100))%</p>"
}
