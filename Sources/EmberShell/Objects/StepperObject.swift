// Stepping through a pass one layer at a time. Made with a loss, the stepper runs the forward
// pass and the loss, then waits before the first backward step: each `next()` takes the gradient
// through one more layer, from the last to the first, and shows what came in, what went out, the
// parameter gradients and that layer's own finite-difference check. Made without a loss, it walks
// the forward pass instead, one layer's output at a time.

import Ember
import Foundation

/// A pass through a `Sequential`, one layer per `next()`.
final class StepperObject: ShellObject {
    private let model: Sequential
    private let loss: (any Loss)?
    private let lossValue: Float?
    /// The value flowing between layers: the activation going forward, the gradient going back.
    private var carried: Tensor
    /// The index of the next layer to visit, nil when the walk is over.
    private var nextIndex: Int?
    /// Why the walk stopped early, if it did.
    private var stopReason: String?

    /// A backward walk: runs forward and the loss now, then waits before the last layer.
    init(model: Sequential, input: Tensor, target: Tensor, loss: any Loss) throws {
        self.model = model
        self.loss = loss
        let output = try model.forward(input)
        model.trace.input = input
        model.trace.output = output
        lossValue = try loss.forward(output, target)
        carried = try loss.backward()
        nextIndex = model.layers.isEmpty ? nil : model.layers.count - 1
    }

    /// A forward walk: waits before the first layer.
    init(model: Sequential, input: Tensor) {
        self.model = model
        loss = nil
        lossValue = nil
        carried = input
        nextIndex = model.layers.isEmpty ? nil : 0
    }

    private var isBackward: Bool { loss != nil }
    var typeName: String { "Stepper" }
    var attributeNames: [String] { ["next", "run", "done", "grad", "value"] }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        switch name {
        case "done": return .bool(nextIndex == nil)
        case "grad", "value": return .tensor(carried)
        default: return StepperObject.methods.bind(name, to: self)
        }
    }

    private static let methods = MethodTable<StepperObject>(
        "Stepper",
        [
            "next": Method(doc: "Takes the pass through one more layer and shows what happened there.") {
                stepper, _, context in
                .object(TextObject(try stepper.step(context)))
            },
            "run": Method(
                doc: "Takes the pass through every remaining layer; stops at a layer that produces NaN or Inf."
            ) {
                stepper, _, context in
                var reports: [String] = []
                while stepper.nextIndex != nil {
                    try context.checkInterrupt()
                    reports.append(try stepper.step(context))
                    if stepper.stopReason != nil { break }
                }
                return .object(TextObject(reports.joined(separator: "\n\n")))
            },
        ])

    /// One layer of the walk; returns its report.
    private func step(_ context: ShellContext) throws -> String {
        guard let index = nextIndex else {
            return stopReason ?? "The \(isBackward ? "backward" : "forward") pass is complete."
        }
        let layer = model.layers[index]
        let incoming = carried
        var lines = ["\(isBackward ? "backward" : "forward") through layer \(index), \(layer.description)"]
        if isBackward {
            layer.trace.gradOutput = incoming
            carried = try model.inLayer(index) { try layer.backward(incoming) }
            layer.trace.gradInput = carried
            lines.append("  gradient in   " + StepperObject.summary(incoming))
            lines.append("  gradient out  " + StepperObject.summary(carried))
            for parameter in layer.parameters {
                lines.append(
                    "  d\(parameter.name.padding(toLength: 11, withPad: " ", startingAt: 0)) "
                        + StepperObject.summary(parameter.grad))
            }
            if let input = layer.trace.input {
                lines.append("  " + check(layer, input: input, gradOutput: incoming, context))
            }
        } else {
            layer.trace.input = incoming
            carried = try model.inLayer(index) { try layer.forward(incoming) }
            layer.trace.output = carried
            lines.append("  input   " + StepperObject.summary(incoming))
            lines.append("  output  " + StepperObject.summary(carried))
        }
        nextIndex = isBackward ? (index > 0 ? index - 1 : nil) : (index + 1 < model.layers.count ? index + 1 : nil)
        if carried.scalars.contains(where: { !$0.isFinite }) {
            stopReason = "stopped: layer \(index), \(layer.description), produced NaN or Inf"
            nextIndex = nil
            lines.append(stopReason ?? "")
        } else if nextIndex == nil {
            lines.append(
                isBackward
                    ? "reached the input: the backward pass is complete"
                    : "reached the output: the forward pass is complete")
        }
        return lines.joined(separator: "\n")
    }

    /// The layer's own gradient check with the gradient that reached it.
    private func check(_ layer: any Module, input: Tensor, gradOutput: Tensor, _ context: ShellContext) -> String {
        var options = GradientCheckOptions()
        options.samplesPerTensor = 24
        do {
            let report = try gradientCheck(
                module: layer, input: input, gradOutput: gradOutput, options: options, generator: context.generator)
            let worst = report.entries.map(\.maxRelativeError).max() ?? 0
            return "finite-difference check: \(report.passed ? "passed" : "FAILED"), largest relative error "
                + formatNumber(worst) + " over "
                + report.entries.map { "\($0.name) (\($0.checked))" }.joined(separator: ", ")
        } catch {
            return "finite-difference check could not run: \(error)"
        }
    }

    /// `[8, 10]  min …  max …  mean …  std …` (and NaN/Inf counts when there are any).
    static func summary(_ tensor: Tensor) -> String {
        let s = TensorStatistics(tensor)
        var text = formatShape(s.shape)
        if s.finiteCount > 0 {
            text +=
                "  min \(formatNumber(s.minimum))  max \(formatNumber(s.maximum))"
                + "  mean \(formatNumber(s.mean))  std \(formatNumber(s.standardDeviation))"
        }
        if s.nanCount + s.infinityCount > 0 { text += "  NaN \(s.nanCount)  Inf \(s.infinityCount)" }
        return text
    }

    func render(in context: ShellContext) -> String {
        var lines = ["Stepper over \(model.layers.count) layers, \(isBackward ? "backward" : "forward") pass"]
        if let lossValue { lines.append("loss \(formatNumber(Double(lossValue)))") }
        if let index = nextIndex {
            lines.append(
                "next: \(isBackward ? "backward" : "forward") through layer \(index), \(model.layers[index].description)  (s.next(), s.run())"
            )
        } else {
            lines.append(stopReason ?? "done")
        }
        return lines.joined(separator: "\n")
    }
}

/// Text shown as it is, such as a report (no quotes, unlike a string).
final class TextObject: ShellObject {
    let text: String
    init(_ text: String) { self.text = text }
    var typeName: String { "Report" }
    func attribute(_ name: String, in context: ShellContext) throws -> Value? { name == "text" ? .string(text) : nil }
    var attributeNames: [String] { ["text"] }
    func render(in context: ShellContext) -> String { text }
}
