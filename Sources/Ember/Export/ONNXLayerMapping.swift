// Which ONNX operators compute each Ember layer, in inference mode: batch normalisation with
// its running statistics, dropout as nothing at all. Attributes repeat every setting the
// layer has, defaults included, so that the file says exactly what Ember computes.

extension ONNXGraphBuilder {
    /// Adds the nodes of `layer`, whose input has shape `inputShape`; throws for a layer with no
    /// mapping. `path` is the layer's place in the model and `prefix` its state-dict prefix.
    mutating func append(_ layer: any Module, path: String, prefix: String, inputShape: [Int]) throws {
        switch layer {
        case let conv as Conv2d:
            let weight = constant(prefix + "weight", conv.weight.value)
            let bias = conv.bias.map { constant(prefix + "bias", $0.value) }
            apply(
                "Conv", at: path, extraInputs: [weight] + (bias.map { [$0] } ?? []),
                attributes: window(conv.kernelSize, stride: conv.stride, padding: conv.padding) + [
                    ONNXAttribute(name: "dilations", value: .integers([1, 1])),
                    ONNXAttribute(name: "group", value: .integer(1)),
                ])
        case let pool as MaxPool2d:
            apply("MaxPool", at: path, attributes: window(pool.kernelSize, stride: pool.stride, padding: pool.padding))
        case let pool as AvgPool2d:
            // Ember divides every window by kernel², padding included, as PyTorch does by default.
            apply(
                "AveragePool", at: path,
                attributes: window(pool.kernelSize, stride: pool.stride, padding: pool.padding) + [
                    ONNXAttribute(name: "count_include_pad", value: .integer(1))
                ])
        case is ReLU: apply("Relu", at: path)
        case let leaky as LeakyReLU:
            apply("LeakyRelu", at: path, attributes: [ONNXAttribute(name: "alpha", value: .float(leaky.negativeSlope))])
        case is Sigmoid: apply("Sigmoid", at: path)
        case is Tanh: apply("Tanh", at: path)
        case let softmax as NormalizedExponential:
            try appendNormalizedExponential(softmax, path: path, rank: inputShape.count)
        case let flatten as Flatten:
            try appendFlatten(flatten, path: path, inputShape: inputShape)
        case let linear as Linear:
            appendLinear(linear, path: path, prefix: prefix, rank: inputShape.count)
        case let norm as BatchNorm:
            let inputs = [
                constant(prefix + "weight", norm.weight.value), constant(prefix + "bias", norm.bias.value),
                constant(prefix + "running_mean", norm.runningMean.value),
                constant(prefix + "running_var", norm.runningVar.value),
            ]
            apply(
                "BatchNormalization", at: path, extraInputs: inputs,
                attributes: [
                    ONNXAttribute(name: "epsilon", value: .float(norm.eps)),
                    ONNXAttribute(name: "momentum", value: .float(1 - norm.momentum)),
                ])
        case is Dropout:
            // Identity in inference: the next layer reads this layer's input.
            break
        default:
            throw EmberError.invalidArgument(
                function: "exportONNX",
                message: "layer \(path.isEmpty ? "" : "'\(path)' ")\(layer.description) has no ONNX operator; "
                    + "nothing was written")
        }
    }

    /// The attributes of a square window: its size, step and padding on all four sides.
    private func window(_ kernelSize: Int, stride: Int, padding: Int) -> [ONNXAttribute] {
        [
            ONNXAttribute(name: "kernel_shape", value: .integers([kernelSize, kernelSize])),
            ONNXAttribute(name: "strides", value: .integers([stride, stride])),
            ONNXAttribute(name: "pads", value: .integers([padding, padding, padding, padding])),
        ]
    }

    /// Softmax or LogSoftmax along the layer's axis, PyTorch's implicit one resolved from the
    /// rank (ONNX's default, the last axis, is not PyTorch's).
    private mutating func appendNormalizedExponential(
        _ layer: NormalizedExponential, path: String, rank: Int
    ) throws {
        let axis = try normalizeAxis(
            layer.dim ?? ([0, 1, 3].contains(rank) ? 0 : 1), rank: rank, operation: layer.description)
        apply(
            layer is LogSoftmax ? "LogSoftmax" : "Softmax", at: path,
            attributes: [ONNXAttribute(name: "axis", value: .integer(axis))])
    }

    /// Flatten from axis 1 to the end is ONNX's Flatten; any other range is a Reshape that
    /// copies the axes before it (0 in a Reshape shape), merges the range (-1) and keeps the
    /// sizes after it, so the batch axis stays free.
    private mutating func appendFlatten(_ layer: Flatten, path: String, inputShape: [Int]) throws {
        let rank = inputShape.count
        let start = try normalizeAxis(layer.startDim, rank: rank, operation: layer.description)
        let end = try normalizeAxis(layer.endDim, rank: rank, operation: layer.description)
        if start == 1 && end == rank - 1 {
            apply("Flatten", at: path, attributes: [ONNXAttribute(name: "axis", value: .integer(1))])
            return
        }
        let target = [Int](repeating: 0, count: start) + [-1] + Array(inputShape[(end + 1)...])
        let shape = constant((path.isEmpty ? "" : path + "/") + "shape", integers: target)
        apply("Reshape", at: path, extraInputs: [shape])
    }

    /// Gemm with the weight transposed (transB) for a batch of rows, as PyTorch exports it;
    /// MatMul with a transposed copy of the weight, then Add, for input with more axes, which
    /// Gemm does not take.
    private mutating func appendLinear(_ layer: Linear, path: String, prefix: String, rank: Int) {
        if rank == 2 {
            let weight = constant(prefix + "weight", layer.weight.value)
            let bias = layer.bias.map { constant(prefix + "bias", $0.value) }
            apply(
                "Gemm", at: path, extraInputs: [weight] + (bias.map { [$0] } ?? []),
                attributes: [
                    ONNXAttribute(name: "alpha", value: .float(1)), ONNXAttribute(name: "beta", value: .float(1)),
                    ONNXAttribute(name: "transB", value: .integer(1)),
                ])
            return
        }
        let transposed = constant(prefix + "weight.T", layer.weight.value.T)
        apply("MatMul", at: path, extraInputs: [transposed])
        if let bias = layer.bias {
            apply("Add", at: path, extraInputs: [constant(prefix + "bias", bias.value)])
        }
    }
}
