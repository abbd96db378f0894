// A loss as the shell shows it: `loss.forward(out, y)` (or `loss(out, y)`) gives a 0-d tensor,
// as in PyTorch, and `loss.backward()` gives dLoss/dOutput to feed to the model's backward.

import Ember

/// A loss seen from the shell.
final class LossObject: ShellObject {
    let loss: any Loss
    /// The value of the last forward, shown with the loss.
    private var lastValue: Float?

    init(_ loss: any Loss) {
        self.loss = loss
    }

    var typeName: String { String(describing: type(of: loss)) }

    func forward(_ output: Tensor, _ target: Tensor) throws -> Value {
        let value = try loss.forward(output, target)
        lastValue = value
        return .tensor(Tensor(value))
    }

    private static let methods = MethodTable<LossObject>(
        "Loss",
        [
            "forward": Method(
                [ParameterSpec("input"), ParameterSpec("target")],
                doc: "The loss of input (the model's output) against target, averaged over the batch."
            ) {
                object, arguments, _ in
                try object.forward(try arguments.tensor("input"), try arguments.tensor("target"))
            },
            "backward": Method(doc: "dLoss/dInput for the last forward: pass it to the model's backward.") {
                object, _, _ in
                .tensor(try object.loss.backward())
            },
        ])

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        LossObject.methods.bind(name, to: self)
    }

    var attributeNames: [String] { LossObject.methods.names }

    func render(in context: ShellContext) -> String {
        loss.description + (lastValue.map { "  (last value \(pythonFloat(Double($0))))" } ?? "")
    }

    func call(_ arguments: [Value], keywords: [(String, Value)], in context: ShellContext) throws -> Value? {
        let signature = Signature([ParameterSpec("input"), ParameterSpec("target")])
        let bound = try Arguments(binding: arguments, keywords: keywords, to: signature, of: typeName)
        let value = try forward(try bound.tensor("input"), try bound.tensor("target"))
        return try record(bound.value("input"), target: try bound.tensor("target")) ?? value
    }
}
