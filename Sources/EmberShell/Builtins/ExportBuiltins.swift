// `torch.onnx.export`, PyTorch's own call for writing a model as ONNX, over Ember's exporter.
// It is reached through the `torch.onnx` namespace only, as in PyTorch, not as a bare name.

import Ember

enum ExportBuiltins {
    /// The members of `torch.onnx`.
    static func onnxMembers() -> [String: Value] {
        Dictionary(uniqueKeysWithValues: [
            builtin(
                "export",
                [
                    ParameterSpec("model", doc: "the layer or model to write"),
                    ParameterSpec("args", doc: "an example input tensor, or a tuple holding one"),
                    ParameterSpec("f", doc: "the path of the .onnx file"),
                ],
                doc:
                    "torch.onnx.export(net, x, 'net.onnx') writes net as an ONNX model (IR 7, opset 13) that onnxruntime and other runtimes run. The input is named 'input' with x's shape and a free batch axis; the output is named 'output'. The model is written as it computes in eval mode: BatchNorm uses its running statistics, Dropout passes its input on. The file is written whole or not at all; a layer ONNX cannot express is an error naming it."
            ) {
                arguments, context in
                let model = try arguments.module("model")
                let path = try arguments.string("f")
                var example = arguments.value("args")
                if case .tuple(let items) = example, items.count == 1 { example = items[0] }
                guard let input = example.tensorValue else {
                    throw ShellError(
                        .type, "export(): args must be an example input tensor, not \(example.typeName)")
                }
                try exportONNX(model, exampleInput: input, to: path)
                context.writeLine("exported \(path)")
                return .none
            }
        ])
    }
}
