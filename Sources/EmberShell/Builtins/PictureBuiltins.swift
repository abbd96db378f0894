// Built-ins that draw in the terminal: `show` (an image, a batch, conv filters, or a dataset
// item with its label), `hist` (a histogram), `stats` (a numeric summary) and `plot` (curves).
// Like matplotlib's `show`, they draw and return None.

import Ember

enum PictureBuiltins {
    static func make(_ interpreter: Interpreter) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: [
            builtin(
                "show", [ParameterSpec("obj"), ParameterSpec("caption", .null)],
                doc:
                    "Draws a tensor as a picture: an image [H, W] or [1, H, W], a batch [N, 1, H, W] as a grid, or conv filters [out, in, k, k]; also an (image, label) pair."
            ) {
                arguments, context in
                var caption = arguments.has("caption") ? try arguments.string("caption") : nil
                var value = arguments.value("obj")
                if case .tuple(let pair) = value, pair.count == 2, pair[0].tensorValue != nil {
                    caption = caption ?? "label \(interpreter.str(pair[1]))"
                    value = pair[0]
                }
                guard let tensor = value.tensorValue else {
                    throw ShellError(
                        .type, "show(): expected a tensor or an (image, label) pair, not \(value.typeName)")
                }
                context.show(
                    try renderPicture(tensor, style: context.style, caption: caption), raster: pictureRaster(tensor))
                return .none
            },
            builtin(
                "hist", [ParameterSpec("input"), ParameterSpec("bins", .int(20))],
                doc: "A histogram of the values of a tensor, one line per bin."
            ) {
                arguments, context in
                let bins = try arguments.int("bins")
                guard (1...1000).contains(bins) else {
                    throw ShellError(.value, "hist(): bins must be in 1...1000, got \(bins)")
                }
                let input = try arguments.tensor("input")
                context.show(
                    try renderHistogram(input, bins: bins, style: context.style),
                    raster: histogramRaster(input, bins: bins))
                return .none
            },
            builtin(
                "stats", [ParameterSpec("input")],
                doc: "Shape, count, min, max, mean, std, and how many values are NaN, infinite or zero."
            ) {
                arguments, context in
                context.writeLine(renderStatistics(try arguments.tensor("input"), style: context.style))
                return .none
            },
            builtin(
                "plot", [ParameterSpec("labels", .null)], variadic: "series",
                doc:
                    "Draws curves: lists of numbers, 1-D tensors or training histories, all on one chart: plot(h1, h2, labels=['SGD', 'Adam'])."
            ) {
                arguments, context in
                var series: [[Double]] = []
                var names: [String] = []
                for value in arguments.rest {
                    let (curves, curveNames) = try plotSeries(value, interpreter)
                    series += curves
                    names += curveNames
                }
                guard !series.isEmpty else { throw ShellError(.type, "plot(): give at least one series") }
                if arguments.has("labels") {
                    names = try interpreter.collect(arguments.value("labels")).map(
                        interpreter.str)
                }
                let labels = names.count == series.count ? names : []
                context.show(
                    try renderLineChart(series, labels: labels, style: context.style), raster: lineChartRaster(series))
                return .none
            },
        ])
    }

    /// The curves a value stands for: a list or tensor is one; a history has its own.
    private static func plotSeries(_ value: Value, _ interpreter: Interpreter) throws -> ([[Double]], [String]) {
        if let tensor = value.tensorValue { return ([tensor.scalars.map(Double.init)], [""]) }
        if case .object(let object) = value, let plottable = object as? Plottable { return plottable.curves }
        let items = try interpreter.collect(value)
        return (
            [
                try items.map { item in
                    guard let number = item.number else {
                        throw ShellError(.type, "plot(): series must hold numbers, found \(item.typeName)")
                    }
                    return number
                }
            ], [""]
        )
    }
}

/// An object that `plot` can draw, such as a training history.
protocol Plottable {
    /// The curves and their names.
    var curves: ([[Double]], [String]) { get }
}
