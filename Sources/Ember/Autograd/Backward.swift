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

extension Variable {
    /// Computes the gradient of this value with respect to every leaf that requires one and
    /// adds it into their `grad` (PyTorch's `backward`).
    ///
    /// - Parameters:
    ///   - gradient: dSelf; may be omitted only for a one-element value (it is then 1).
    ///   - retainGraph: keep the saved contexts, so that a second backward can run.
    public func backward(_ gradient: Tensor? = nil, retainGraph: Bool = false) throws {
        guard requiresGrad else { throw AutogradError.noGradient }
        let seed: Tensor
        if let gradient {
            guard gradient.shape == shape else {
                throw AutogradError.gradientShape(expected: shape, got: gradient.shape)
            }
            seed = gradient
        } else {
            guard value.count == 1 else { throw AutogradError.nonScalarOutput(shape: shape) }
            seed = try Tensor.full(shape, value: 1)
        }
        guard let root = gradFn else {
            try receive(seed)
            return
        }
        let order = topologicalOrder(from: root)
        defer { for node in order { node.clearPending() } }
        try root.receive(seed)
        for node in order {
            try Cancellation.check("backward")
            try node.run(retainGraph: retainGraph)
        }
    }
}
