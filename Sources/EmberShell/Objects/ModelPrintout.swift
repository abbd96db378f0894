// The printout of a model: the layer list with parameter counts, and after a pass, each layer's
// output shape and the statistics of the last values forward and backward.

import Ember

enum ModelPrintout {
    /// The printout of any module.
    static func render(_ module: any Module, options: PrintOptions) -> String {
        guard let sequential = module as? Sequential else {
            let count = module.parameterCount
            return module.description + (count > 0 ? "  (\(formatCount(count)) parameters)" : "")
        }
        guard sequential.layers.contains(where: { $0.trace.output != nil }) else { return sequential.description }
        var rows = [["#", "layer", "output", "params", "output mean ± std", "dInput mean ± std"]]
        for (index, layer) in sequential.layers.enumerated() {
            rows.append([
                String(index), rowLabel(layer), layer.trace.output.map { formatShape($0.shape) } ?? "",
                layer.parameterCount > 0 ? formatCount(layer.parameterCount) : "",
                layer.trace.output.map(meanAndSpread) ?? "", layer.trace.gradInput.map(meanAndSpread) ?? "",
            ])
        }
        return "Sequential (\(formatCount(sequential.parameterCount)) parameters, last pass)\n" + alignedColumns(rows)
    }

    /// `summary(net, [1, 28, 28])`: output shapes and parameter counts, from shapes alone.
    static func summary(_ module: any Module, inputShape: [Int]) throws -> String {
        let layers = (module as? Sequential)?.layers ?? [module]
        let shapes = try (module as? Sequential)?.outputShapes(for: inputShape) ?? [module.outputShape(for: inputShape)]
        var rows = [["#", "layer", "output shape", "params"]]
        rows.append(["", "input", formatShape(inputShape), ""])
        for (index, (layer, shape)) in zip(layers, shapes).enumerated() {
            rows.append([String(index), rowLabel(layer), formatShape(shape), formatCount(layer.parameterCount)])
        }
        return alignedColumns(rows) + "\nTotal: \(formatCount(module.parameterCount)) parameters"
    }

    private static func meanAndSpread(_ tensor: Tensor) -> String {
        let statistics = TensorStatistics(tensor)
        return formatNumber(statistics.mean) + " ± " + formatNumber(statistics.standardDeviation)
    }

    /// Rows as left-aligned text columns two spaces apart; numeric columns right-aligned.
    static func alignedColumns(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                let numeric = cell.first.map { $0.isNumber } ?? false
                return numeric && column != 1 ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    /// The string without trailing spaces.
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
