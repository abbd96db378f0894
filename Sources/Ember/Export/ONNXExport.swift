// Exporting a model to an ONNX file, the format runtimes such as onnxruntime run. The model is
// written as it computes in evaluation mode, whatever mode it is in: batch normalisation with
// its running statistics, dropout as the identity. Every layer is mapped before anything is
// written, so a layer without an ONNX operator leaves no file behind.

/// The ONNX IR version written: 7 is the first that opset 13 may be used with.
let onnxIRVersion = 7
/// The version of ONNX's operator set the nodes are written for.
let onnxOpsetVersion = 13

/// Writes `module` to `path` as an ONNX model, atomically, as PyTorch's `torch.onnx.export`.
///
/// The graph's input is named `input` and has the shape of `exampleInput`, except axis 0,
/// which is the free axis `batch`; the output is named `output`. Parameters and running
/// statistics are initializers under their state-dict names (`0.weight`). A layer with no ONNX
/// operator is an error naming it, and then nothing is written.
/// ```swift
/// try exportONNX(net, exampleInput: try Tensor.zeros([1, 1, 28, 28]), to: "net.onnx")
/// ```
/// In Python: `onnxruntime.InferenceSession("net.onnx").run(None, {"input": x})`.
public func exportONNX(_ module: any Module, exampleInput: Tensor, to path: String) throws {
    try writeFileAtomically(onnxModel(module, exampleInput: exampleInput), to: path)
}

/// The bytes of the ONNX file `exportONNX` writes, for a caller that stores or sends them
/// itself.
public func onnxModel(_ module: any Module, exampleInput: Tensor) throws -> [UInt8] {
    let inputShape = exampleInput.shape
    guard !inputShape.isEmpty else {
        throw EmberError.invalidArgument(
            function: "exportONNX", message: "the example input needs a batch axis, got shape []")
    }
    var builder = ONNXGraphBuilder(input: "input")
    var shape = inputShape
    // The batch axis stays free unless a layer merges it into another (Flatten from axis 0).
    var batchIsFirstAxis = true
    for (prefix, layer) in exportedLayers(of: module) {
        let path = prefix.isEmpty ? "" : String(prefix.dropLast())
        let next: [Int]
        do {
            next = try layer.outputShape(for: shape)
        } catch let error as EmberError where !path.isEmpty {
            throw EmberError.invalidArgument(function: "exportONNX", message: "in layer '\(path)': \(error)")
        }
        try builder.append(layer, path: path, prefix: prefix, inputShape: shape)
        if let flatten = layer as? Flatten, flatten.startDim == 0 || flatten.startDim == -shape.count {
            batchIsFirstAxis = false
        }
        shape = next
    }
    builder.finish(output: "output")
    let batch = ONNXDimension.named("batch")
    let outputShape = batchIsFirstAxis ? [batch] + shape.dropFirst().map { .size($0) } : nil
    let graph = ONNXGraph(
        name: "Ember", nodes: builder.nodes, initializers: builder.initializers,
        inputs: [
            ONNXValueInfo(
                name: "input", dataType: .float, shape: [batch] + inputShape.dropFirst().map { .size($0) })
        ],
        outputs: [ONNXValueInfo(name: "output", dataType: .float, shape: outputShape)])
    let model = ONNXModel(
        irVersion: onnxIRVersion, operatorSets: [ONNXOperatorSet(version: onnxOpsetVersion)], producerName: "Ember",
        graph: graph)
    return model.serialized
}

/// The layers of `module` in forward order with their state-dict prefixes (`features.0.`),
/// nested `Sequential`s opened; walked with a stack, so deep nesting cannot exhaust the call
/// stack.
private func exportedLayers(of module: any Module) -> [(prefix: String, layer: any Module)] {
    var pending: [(prefix: String, layer: any Module)] = [("", module)]
    var layers: [(prefix: String, layer: any Module)] = []
    while let (prefix, layer) = pending.popLast() {
        guard let sequential = layer as? Sequential else {
            layers.append((prefix, layer))
            continue
        }
        for child in sequential.children.reversed() {
            pending.append((prefix + child.name + ".", child.module))
        }
    }
    return layers
}
