// Sequential: the container of the tutorial. Forward runs the layers in order, backward in exactly
// the reverse order, each layer receiving the gradient the one after it returned. Every call is
// recorded in the layer's trace, and an error names the layer it came from.

/// Layers applied one after another (PyTorch's `nn.Sequential`).
///
/// Parameters take PyTorch's state-dict names: the layer's index, a dot and the parameter's
/// name (`0.weight`, `3.bias`).
/// ```swift
/// let net = try Sequential(Linear(784, 128), ReLU(), Linear(128, 10))
/// let scores = try net(x)              // x: [N, 784] → [N, 10]
/// let dX = try net.backward(dScores)   // through Linear, ReLU, Linear in reverse
/// ```
public final class Sequential: Module {
    /// The layers, in forward order.
    public private(set) var layers: [any Module]
    /// The last values through the whole container, recorded by the shell.
    public let trace = Trace()
    /// Training or evaluation mode; setting it sets every layer's mode.
    public var isTraining = true {
        didSet { for layer in layers { isTraining ? layer.train() : layer.eval() } }
    }

    /// Makes a container of `layers`, run in the order given.
    public init(_ layers: [any Module]) {
        self.layers = layers
    }

    /// Makes a container of `layers`, run in the order given.
    public convenience init(_ layers: any Module...) {
        self.init(layers)
    }

    /// The layers, named by their index as in PyTorch's state dict.
    public var children: [(name: String, module: any Module)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    /// The layer at `index`; negative indices count from the end.
    public func layer(at index: Int) throws -> any Module {
        let position = index < 0 ? index + layers.count : index
        guard layers.indices.contains(position) else {
            throw EmberError.indexOutOfRange(
                operation: "Sequential", index: index, axis: 0, size: layers.count)
        }
        return layers[position]
    }

    /// Adds a layer at the end. A layer that is, or holds, this container is refused: forward,
    /// backward, the parameters and the printout would go round the cycle for ever. So is one
    /// nested past `maximumNesting`.
    public func append(_ layer: any Module) throws {
        if Sequential.reachableContainers(from: layer).contains(where: { $0 === self }) {
            throw EmberError.invalidArgument(
                function: "Sequential.append",
                message: "a Sequential cannot hold itself, directly or through another container")
        }
        try Sequential.checkNesting(of: [layer])
        layers.append(layer)
    }

    /// The deepest nesting of containers accepted: forward, backward and the printout go one
    /// call deeper on the native stack for each level.
    public static let maximumNesting = 100

    /// Refuses `layers` when a container made of them would be nested more than
    /// `maximumNesting` deep.
    public static func checkNesting(of layers: [any Module]) throws {
        // Level by level, each container once per level, so shared layers cost nothing extra.
        var level = layers.compactMap { $0 as? Sequential }
        var depth = 1
        while !level.isEmpty {
            depth += 1
            guard depth <= maximumNesting else {
                throw EmberError.invalidArgument(
                    function: "Sequential",
                    message: "containers nested more than \(maximumNesting) deep; use fewer levels of Sequential")
            }
            var seen: Set<ObjectIdentifier> = []
            level = level.flatMap { $0.layers.compactMap { $0 as? Sequential } }
                .filter { seen.insert(ObjectIdentifier($0)).inserted }
        }
    }

    /// Every container `module` is or holds at any depth, each once.
    private static func reachableContainers(from module: any Module) -> [Sequential] {
        var found: [Sequential] = []
        var seen: Set<ObjectIdentifier> = []
        var pending = [module]
        while let next = pending.popLast() {
            guard let container = next as? Sequential, seen.insert(ObjectIdentifier(container)).inserted else {
                continue
            }
            found.append(container)
            pending += container.layers
        }
        return found
    }

    /// Runs every layer in order, recording each one's input and output in its trace.
    public func forward(_ input: Tensor) throws -> Tensor {
        var x = input
        for (index, layer) in layers.enumerated() {
            layer.trace.input = x
            x = try inLayer(index) { try layer.forward(x) }
            layer.trace.output = x
        }
        return x
    }

    /// The last layer's output shape for an input of `inputShape`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try outputShapes(for: inputShape).last ?? inputShape
    }

    /// The output shape of every layer for an input of `inputShape`, without computing anything.
    public func outputShapes(for inputShape: [Int]) throws -> [[Int]] {
        var shape = inputShape
        return try layers.indices.map { index in
            shape = try inLayer(index) { try layers[index].outputShape(for: shape) }
            return shape
        }
    }

    /// Runs every layer's backward in exactly the reverse order of forward, recording the
    /// gradients in each trace.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        try backward(gradOutput, first: 0) ?? gradOutput
    }

    /// The backward pass of training, where the model's input needs no gradient: the first
    /// layer only adds into its parameters' gradients.
    public func backwardParameters(_ gradOutput: Tensor) throws {
        guard let first = layers.first else { return }
        let gradient = try backward(gradOutput, first: 1) ?? gradOutput
        first.trace.gradOutput = gradient
        first.trace.gradInput = nil
        try inLayer(0) { try first.backwardParameters(gradient) }
    }

    /// Backward through the layers from the last down to `first`, in reverse order of forward.
    private func backward(_ gradOutput: Tensor, first: Int) throws -> Tensor? {
        var gradient = gradOutput
        for index in stride(from: layers.count - 1, through: first, by: -1) {
            let layer = layers[index]
            layer.trace.gradOutput = gradient
            gradient = try inLayer(index) { try layer.backward(gradient) }
            layer.trace.gradInput = gradient
        }
        return gradient
    }

    /// Runs `body` for the layer at `index`, adding the layer to any error's message.
    public func inLayer<R>(_ index: Int, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as EmberError {
            throw EmberError.inLayer(index: index, layer: layers[index].description, underlying: error)
        }
    }

    /// The layer list in the manner of Torch7's printout, with parameter counts and a total.
    public var description: String {
        var lines = ["Sequential {"]
        let flow = layers.indices.map { "(\($0))" }
        lines.append("  [" + (["input"] + flow + ["output"]).joined(separator: " → ") + "]")
        let labels = layers.enumerated().map { "  (\($0.offset)): " + $0.element.description }
        let width = labels.map { $0.split(separator: "\n").first?.count ?? 0 }.max() ?? 0
        for (label, layer) in zip(labels, layers) {
            var rows = label.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let count = layer.parameterCount
            if count > 0, !(layer is Sequential) {
                rows[0] +=
                    String(repeating: " ", count: width - rows[0].count + 2)
                    + formatCount(count) + " parameters"
            }
            lines.append(rows[0])
            lines += rows.dropFirst().map { "  " + $0 }
        }
        lines.append("}")
        lines.append("Total: \(formatCount(parameterCount)) parameters")
        return lines.joined(separator: "\n")
    }
}

/// An integer with thousands separators: `45,010`.
public func formatCount(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (offset, character) in digits.enumerated() {
        if offset > 0 && (digits.count - offset) % 3 == 0 { result += "," }
        result.append(character)
    }
    return (value < 0 ? "-" : "") + result
}
