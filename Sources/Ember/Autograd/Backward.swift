// The backward pass over the tape. A node may only run once every node that consumes its
// output has sent its share of the gradient, so the nodes run in reverse topological order:
// a depth-first walk from the result lists each node after all the nodes it depends on, and the
// walk is iterative, with its own stack, so a graph thousands of ops deep cannot overflow the
// native stack.

/// The nodes reachable from `root`, each after every node that reads its output: running them
/// in this order gives every node its full gradient before it runs.
public func topologicalOrder(from root: Node) -> [Node] {
    var postOrder: [Node] = []
    var visited: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
    // Each entry is a node and the index of the next input to visit.
    var stack: [(node: Node, next: Int)] = [(root, 0)]
    while let (node, next) = stack.last {
        let children = node.nextNodes
        if next < children.count {
            stack[stack.count - 1].next = next + 1
            let child = children[next]
            if visited.insert(ObjectIdentifier(child)).inserted { stack.append((child, 0)) }
        } else {
            stack.removeLast()
            postOrder.append(node)
        }
    }
    // Post-order puts inputs before consumers; backward needs consumers first.
    return postOrder.reversed()
}

/// A backward pass taken one node at a time (for `steps(loss)`); `Variable.backward` runs one
/// to the end.
public final class BackwardWalk {
    /// The nodes in the order they run.
    public let order: [Node]
    /// The index in `order` of the next node to run.
    public private(set) var position = 0
    private let retainGraph: Bool

    /// Seeds the root's gradient and orders the graph; nothing runs yet.
    public init(from output: Variable, gradient: Tensor? = nil, retainGraph: Bool = false) throws {
        guard output.requiresGrad else { throw AutogradError.noGradient }
        let seed: Tensor
        if let gradient {
            guard gradient.shape == output.shape else {
                throw AutogradError.gradientShape(expected: output.shape, got: gradient.shape)
            }
            seed = gradient
        } else {
            guard output.value.count == 1 else { throw AutogradError.nonScalarOutput(shape: output.shape) }
            seed = try Tensor.full(output.shape, value: 1)
        }
        self.retainGraph = retainGraph
        guard let root = output.gradFn else {
            order = []
            try output.receive(seed)
            return
        }
        if root.isFreed { throw AutogradError.graphFreed(node: root.name) }
        order = topologicalOrder(from: root)
        try root.receive(seed)
    }

    /// The node that runs next, or nil at the end.
    public var next: Node? { position < order.count ? order[position] : nil }

    /// Runs the next node's backward, sending a gradient to each of its inputs; returns it.
    @discardableResult
    public func step() throws -> Node? {
        guard let node = next else { return nil }
        // No cancellation check here: training stops between batches, never halfway through
        // a backward that has already added into some gradients.
        do {
            try node.run(retainGraph: retainGraph)
        } catch {
            abandon()
            throw error
        }
        position += 1
        return node
    }

    /// Drops the gradients of nodes that will not run.
    public func abandon() {
        for node in order[position...] { node.clearPending() }
        position = order.count
    }
}

extension Variable {
    /// Computes the gradient of this value with respect to every leaf that requires one and
    /// adds it into their `grad` (PyTorch's `backward`).
    ///
    /// - Parameters:
    ///   - gradient: dSelf; may be omitted only for a one-element value (it is then 1).
    ///   - retainGraph: keep the saved contexts, so that a second backward can run.
    public func backward(_ gradient: Tensor? = nil, retainGraph: Bool = false) throws {
        let walk = try BackwardWalk(from: self, gradient: gradient, retainGraph: retainGraph)
        while try walk.step() != nil {}
    }
}
