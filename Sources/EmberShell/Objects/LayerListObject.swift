// `net.layers` of a Sequential: the layers themselves rather than a copy, so that
// `net.layers.append(ReLU())` adds a layer to the model, as it would in PyTorch.

import Ember

/// The live list of a Sequential's layers.
final class LayerListObject: ShellObject {
    let sequential: Sequential

    init(_ sequential: Sequential) {
        self.sequential = sequential
    }

    var typeName: String { "list" }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        guard name == "append" else { return nil }
        let sequential = self.sequential
        return .function(
            Callable(
                "append", kind: .method, signature: Signature([ParameterSpec("module")]),
                doc: "Adds a layer at the end."
            ) {
                arguments, _ in
                let layer = try arguments.module("module")
                try checkContainable(layer, in: sequential)
                try sequential.append(layer)
                return .none
            })
    }

    var attributeNames: [String] { ["append"] }

    func render(in context: ShellContext) -> String {
        "[" + sequential.layers.map(\.description).joined(separator: ", ") + "]"
    }

    var length: Int? { sequential.layers.count }

    func iterate(in context: ShellContext) throws -> AnyIterator<Value>? {
        AnyIterator(sequential.layers.map(moduleValue).makeIterator())
    }

    func item(at keys: [SubscriptKey], in context: ShellContext) throws -> Value {
        guard keys.count == 1, case .index(.int(let index)) = keys[0] else {
            throw ShellError(.type, "list indices must be integers")
        }
        return moduleValue(try sequential.layer(at: index))
    }
}
