// The graph of an export as it grows, one layer at a time: each node reads the value the one
// before it wrote, and parameters become initializers under their state-dict names, so an
// exported file names its weights as the safetensors checkpoint of the same model does.

/// Nodes and initializers of a graph being built, and the value the next node reads.
struct ONNXGraphBuilder {
    private(set) var nodes: [ONNXNode] = []
    private(set) var initializers: [ONNXTensor] = []
    /// The name of the value the next layer reads: the graph's input, then each node's output.
    private(set) var current: String

    /// Starts a graph whose first node reads the graph input `input`.
    init(input: String) {
        current = input
    }

    /// Adds the Float32 tensor `tensor` as an initializer named `name` and returns the name.
    mutating func constant(_ name: String, _ tensor: Tensor) -> String {
        initializers.append(
            ONNXTensor(name: name, dataType: .float, dims: tensor.shape, rawData: floatBytes(tensor)))
        return name
    }

    /// Adds a one-axis Int64 initializer, such as the target shape of a Reshape.
    mutating func constant(_ name: String, integers: [Int]) -> String {
        let bytes = integers.flatMap { SafetensorsFormat.littleEndianBytes(UInt64(bitPattern: Int64($0))) }
        initializers.append(ONNXTensor(name: name, dataType: .int64, dims: [integers.count], rawData: bytes))
        return name
    }

    /// Adds the node `opType` reading the current value (then `extraInputs`) and makes its
    /// output the current value. `path` is the layer's place in the model (`features.0`); the
    /// node and its output are named after it.
    mutating func apply(
        _ opType: String, at path: String, extraInputs: [String] = [], attributes: [ONNXAttribute] = []
    ) {
        let name = path.isEmpty ? opType : path + "/" + opType
        nodes.append(
            ONNXNode(
                name: name, opType: opType, inputs: [current] + extraInputs, outputs: [name],
                attributes: attributes))
        current = name
    }

    /// Names the last value `output`, the graph's output: the last node writes it, or an
    /// Identity does when no node was added (a model of dropout alone).
    mutating func finish(output: String) {
        if let last = nodes.indices.last {
            nodes[last].outputs = [output]
        } else {
            apply("Identity", at: "")
            nodes[0].outputs = [output]
        }
        current = output
    }
}
