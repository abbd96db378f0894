// `steps(loss)`: the backward pass walked one node at a time. Each `s.next()` shows the gradient
// that reached the node from above, the node's local rule, and what each input now holds: the
// sum of what its consumers have sent so far, or a leaf's accumulated `.grad`.

import Ember

/// A backward pass in progress, in the shell.
final class TapeStepperObject: ShellObject {
    let walk: BackwardWalk
    private var number: [ObjectIdentifier: Int] = [:]

    init(_ output: Variable) throws {
        walk = try asRuntimeError { try BackwardWalk(from: output) }
        for (index, node) in walk.order.enumerated() { number[ObjectIdentifier(node)] = index + 1 }
    }

    var typeName: String { "BackwardSteps" }

    private static let methods = MethodTable<TapeStepperObject>(
        "BackwardSteps",
        [
            "next": Method(doc: "Runs the next node's backward and shows what flowed through it.") {
                object, _, context in .object(TextObject(try object.next(context)))
            },
            "run": Method(doc: "Runs every remaining node.") { object, _, context in
                var shown: [String] = []
                while object.walk.next != nil { shown.append(try object.next(context)) }
                return .object(TextObject(shown.joined(separator: "\n\n")))
            },
        ])

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        TapeStepperObject.methods.bind(name, to: self)
    }

    var attributeNames: [String] { TapeStepperObject.methods.names }

    func render(in context: ShellContext) -> String {
        guard let node = walk.next else { return "backward finished: \(walk.order.count) nodes run" }
        return "backward at node #\(walk.position + 1) of \(walk.order.count): \(node.name); s.next() runs it"
    }

    /// One step, described.
    private func next(_ context: ShellContext) throws -> String {
        guard let node = walk.next else { return "backward finished: \(walk.order.count) nodes run" }
        let upstream = node.pendingGradient
        let position = walk.position + 1
        try asRuntimeError { try walk.step() }
        var lines = [
            "#\(position) \(node.name)  → \(formatShape(node.outputShape))",
            "  upstream dOut: " + (upstream.map { inline($0, context) } ?? "zeros (nothing reached it)"),
            "  local rule: \(node.rule)",
        ]
        for input in node.inputs {
            guard let input else { continue }
            if let producer = input.gradFn, let n = number[ObjectIdentifier(producer)] {
                let held = producer.pendingGradient.map { inline($0, context) } ?? "nothing yet"
                lines.append("  → #\(n) \(producer.name) now holds \(held)")
            } else {
                let grad = input.grad.map { inline($0, context) } ?? "nothing"
                lines.append("  → \(GraphRendering.leafLabel(input)): .grad = \(grad)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A tensor on one line when small, its shape and a note otherwise.
    private func inline(_ tensor: Tensor, _ context: ShellContext) -> String {
        guard tensor.count <= 8 else {
            return "\(formatShape(tensor.shape)) tensor (mean \(pythonFloat(Double((try? tensor.mean().item()) ?? 0))))"
        }
        return tensor.formatted(context.printOptions).split(separator: "\n").joined(separator: " ")
    }
}
