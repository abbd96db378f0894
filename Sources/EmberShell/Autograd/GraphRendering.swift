// `graph(loss)`: the DAG of the tape drawn as text, one line per op in the order backward runs
// them, each with its output shape and the edges to what it reads: other ops by number, leaves
// by name and shape. A value two ops read appears once, with two edges into it.

import Ember

enum GraphRendering {
    /// The name of a leaf: a parameter's name, or `leaf`.
    static func leafLabel(_ variable: Variable) -> String {
        (variable.parameter.map { "\($0.name)" } ?? "leaf") + " " + formatShape(variable.shape)
    }

    /// The drawing of the graph that produced `output`.
    static func render(_ output: Variable) -> String {
        guard let root = output.gradFn else {
            return output.requiresGrad
                ? "a leaf \(formatShape(output.shape)): no ops recorded" : "no graph: the tensor does not require grad"
        }
        let order = topologicalOrder(from: root)
        var number: [ObjectIdentifier: Int] = [:]
        for (index, node) in order.enumerated() { number[ObjectIdentifier(node)] = index + 1 }
        let leaves = Set(order.flatMap { $0.inputs.compactMap { $0 } }.filter(\.isLeaf).map(ObjectIdentifier.init))
        var lines = [
            "\(order.count) op\(order.count == 1 ? "" : "s"), \(leaves.count) lea\(leaves.count == 1 ? "f" : "ves") that need a gradient; backward runs top to bottom"
        ]
        let width = order.map(\.name.count).max() ?? 0
        for (index, node) in order.enumerated() {
            let edges = node.inputs.compactMap { input -> String? in
                guard let input else { return nil }
                if let producer = input.gradFn, let n = number[ObjectIdentifier(producer)] { return "#\(n)" }
                return leafLabel(input)
            }
            let name = node.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let freed = node.isFreed ? "  (freed)" : ""
            lines.append(
                "#\(index + 1) \(name)  → \(formatShape(node.outputShape))  ← \(edges.isEmpty ? "constants" : edges.joined(separator: ", "))\(freed)"
            )
        }
        return lines.joined(separator: "\n")
    }
}
