// An optimizer as the shell shows it: `opt.step()`, `opt.zero_grad()`, and `opt.lr` to read or
// change the learning rate between steps.

import Ember

/// An optimizer seen from the shell.
final class OptimizerObject: ShellObject {
    let optimizer: any Optimizer

    init(_ optimizer: any Optimizer) {
        self.optimizer = optimizer
    }

    var typeName: String { String(describing: type(of: optimizer)) }

    private static let methods = MethodTable<OptimizerObject>(
        "Optimizer",
        [
            "step": Method(doc: "Updates every parameter from its gradient.") { object, _, _ in
                object.optimizer.step()
                return .none
            },
            "zero_grad": Method(doc: "Sets every parameter's gradient to zero.") { object, _, _ in
                object.optimizer.zeroGrad()
                return .none
            },
        ])

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        if name == "lr" { return .float32(optimizer.learningRate) }
        if name == "params" { return .list(ListStorage(optimizer.parameters.map { .object(ParameterObject($0)) })) }
        return OptimizerObject.methods.bind(name, to: self)
    }

    func setAttribute(_ name: String, to value: Value, in context: ShellContext) throws -> Bool {
        guard name == "lr" else { return false }
        guard let rate = value.number, rate >= 0, rate.isFinite else {
            throw ShellError(.value, "lr must be a non-negative number, got \(value.typeName)")
        }
        optimizer.learningRate = Float(rate)
        return true
    }

    var attributeNames: [String] { OptimizerObject.methods.names + ["lr", "params"] }

    func render(in context: ShellContext) -> String {
        optimizer.description + " over \(optimizer.parameters.count) parameter tensors"
    }
}
