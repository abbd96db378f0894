// The layers' recording forwards: each is its explicit forward's op, called on the tape, with
// the layer's parameters entering as leaves that stand for them. The layer keeps the op's
// context as its explicit forward would, so `backward(dOut)` still works after a recorded call;
// the tape's node holds its own copy, so a layer used twice in one graph works too.

extension Parameter {
    /// The leaf standing for this parameter on the tape.
    public var variable: Variable { Variable(parameter: self) }
}

extension Linear {
    /// This layer records on the tape.
    public var isRecordable: Bool { true }

    /// y = x · Wᵀ + b on the tape.
    public func forward(_ input: Variable) throws -> Variable {
        _ = try outputShape(for: input.shape)
        return try Variable.linear(input, weight: weight.variable, bias: bias?.variable) { saved = $0 }
    }
}

extension Conv2d {
    /// This layer records on the tape.
    public var isRecordable: Bool { true }

    /// y = W ∗ x + b on the tape, with the layer's scratch memory.
    public func forward(_ input: Variable) throws -> Variable {
        _ = try outputShape(for: input.shape)
        return try Variable.conv2d(
            input, weight: weight.variable, bias: bias?.variable, stride: stride, padding: padding, scratch: scratch
        ) { saved = $0 }
    }
}

extension ReLU {
    /// This layer records on the tape.
    public var isRecordable: Bool { true }

    /// max(x, 0) on the tape.
    public func forward(_ input: Variable) throws -> Variable {
        try input.relu { saved = $0 }
    }
}

extension LeakyReLU {
    /// This layer records on the tape.
    public var isRecordable: Bool { true }

    /// x where positive, slope · x elsewhere, on the tape.
    public func forward(_ input: Variable) throws -> Variable {
        try input.leakyRelu(negativeSlope: negativeSlope) { saved = $0 }
    }
}

extension Sigmoid {
    /// This layer records on the tape.
    public var isRecordable: Bool { true }

    /// σ(x) on the tape.
    public func forward(_ input: Variable) throws -> Variable {
        try input.sigmoid { saved = $0 }
    }
}

extension Tanh {
    /// This layer records on the tape.
    public var isRecordable: Bool { true }

    /// tanh(x) on the tape.
    public func forward(_ input: Variable) throws -> Variable {
        try input.tanh { saved = $0 }
    }
}

extension MaxPool2d {
    /// This layer records on the tape.
    public var isRecordable: Bool { true }

    /// The maximum of each window on the tape.
    public func forward(_ input: Variable) throws -> Variable {
        let g = try geometry(for: input.shape)
        // The last forward's indices are overwritten in place once no node holds them (the
        // graph of the last step was freed); a node still holding them keeps its own copy.
        var indices = saved?.argmaxIndices ?? []
        saved = nil
        let output = try input.maxPool2d(geometry: g, indices: &indices) { saved = $0 }
        cachedGeometry = g
        return output
    }
}

extension AvgPool2d {
    /// This layer records on the tape.
    public var isRecordable: Bool { true }

    /// The mean of each window on the tape.
    public func forward(_ input: Variable) throws -> Variable {
        let g = try geometry(for: input.shape)
        cachedGeometry = g
        return try input.avgPool2d(geometry: g)
    }
}

extension Flatten {
    /// This layer records on the tape.
    public var isRecordable: Bool { true }

    /// The axes merged, on the tape.
    public func forward(_ input: Variable) throws -> Variable {
        let output = try input.reshape(try outputShape(for: input.shape))
        cachedInputShape = input.shape
        return output
    }
}

extension Dropout {
    /// This layer records on the tape.
    public var isRecordable: Bool { true }

    /// Dropout on the tape, in the layer's mode and with its generator.
    public func forward(_ input: Variable) throws -> Variable {
        cachedShape = input.shape
        return try input.dropout(p: p, training: isTraining, generator: generator) { saved = $0 }
    }
}

extension NormalizedExponential {
    /// This layer records on the tape.
    public var isRecordable: Bool { true }

    /// Softmax or log-softmax on the tape, along the layer's axis.
    public func forward(_ input: Variable) throws -> Variable {
        let axis = resolvedAxis(rank: input.value.rank)
        let output = isLogarithm ? try input.logSoftmax(axis: axis) : try input.softmax(axis: axis)
        cachedAxis = axis
        cachedOutput = output.value
        return output
    }
}

extension Sequential {
    /// True when every layer records.
    public var isRecordable: Bool { layers.allSatisfy(\.isRecordable) }

    /// Every layer's recording forward, in order, recording each one's input and output in its
    /// trace as the explicit forward does.
    public func forward(_ input: Variable) throws -> Variable {
        var x = input
        for (index, layer) in layers.enumerated() {
            layer.trace.input = x.value
            x = try inLayer(index) { try layer.forward(x) }
            layer.trace.output = x.value
        }
        return x
    }
}

extension BatchNorm {
    /// This layer records on the tape.
    public var isRecordable: Bool { true }

    /// Batch normalisation on the tape, in the layer's mode (updating the running estimates in
    /// training, as the explicit forward does).
    public func forward(_ input: Variable) throws -> Variable {
        let (mean, variance, batch) = try statistics(for: input.value)
        return try Variable.batchNorm(
            input, weight: weight.variable, bias: bias.variable, mean: mean, variance: variance, eps: eps,
            usedBatchStatistics: batch
        ) { saved = $0 }
    }
}
