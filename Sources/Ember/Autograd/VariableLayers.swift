// The layer ops and losses on the tape (PyTorch's `torch.nn.functional`), each a call of its
// op's forward and backward. A layer's parameters enter as leaves standing for the
// `Parameter`, so their gradients add straight into `Parameter.grad` as on the explicit path.

extension Variable {
    /// y = x · Wᵀ + b for x: [N, inFeatures], W: [outFeatures, inFeatures], b: [outFeatures].
    public static func linear(_ input: Variable, weight: Variable, bias: Variable?) throws -> Variable {
        try linear(input, weight: weight, bias: bias) { _ in }
    }

    /// `linear`, handing the saved context to `keep` too: a layer keeps it for an explicit
    /// backward after a recorded forward.
    static func linear(
        _ input: Variable, weight: Variable, bias: Variable?, keep: (LinearSaved) -> Void
    ) throws -> Variable {
        let w = weight.value
        guard w.rank == 2, input.value.rank >= 1, input.shape.last == w.shape[1],
            bias.map({ $0.shape == [w.shape[0]] }) ?? true
        else {
            throw EmberError.incompatibleShapes(
                operation: "linear", first: input.shape, second: w.shape,
                reason: "do not fit x · Wᵀ (bias \(bias.map { formatShape($0.shape) } ?? "none"))")
        }
        let (value, saved) = try linearForward(input.value, weight: w, bias: bias?.value)
        keep(saved)
        let inputs = [input, weight] + (bias.map { [$0] } ?? [])
        return recorded(
            "AddmmBackward0", rule: "dX = dOut · W, dW += dOutᵀ · X, db += Σ dOut", value: value,
            inputs: inputs, saves: [input, weight]
        ) { gradient, targets in
            let dX = try linearBackward(
                gradient, saved, inputGradient: targets[0] != nil, weightGradient: targets[1],
                biasGradient: targets.count > 2 ? targets[2] : nil)
            if let dX { try targets[0]?.receive(dX) }
        }
    }

    /// The 2-D convolution of x: [N, C, H, W] with W: [O, C, k, k] and b: [O]. `scratch` is the
    /// caller's per-core memory (a layer passes its own).
    public static func conv2d(
        _ input: Variable, weight: Variable, bias: Variable?, stride: Int = 1, padding: Int = 0,
        scratch: ConvolutionScratch = ConvolutionScratch()
    ) throws -> Variable {
        try conv2d(input, weight: weight, bias: bias, stride: stride, padding: padding, scratch: scratch) { _ in }
    }

    /// `conv2d`, handing the saved context to `keep` too, as `linear` does.
    static func conv2d(
        _ input: Variable, weight: Variable, bias: Variable?, stride: Int, padding: Int,
        scratch: ConvolutionScratch, keep: (Conv2dSaved) -> Void
    ) throws -> Variable {
        let (x, w) = (input.shape, weight.shape)
        let limit = 1 << 20
        guard x.count == 4, w.count == 4, x[1] == w[1], w[2] == w[3], (1...limit).contains(stride),
            (0...limit).contains(padding), x[2] + 2 * padding >= w[2], x[3] + 2 * padding >= w[3],
            bias.map({ $0.shape == [w[0]] }) ?? true
        else {
            throw EmberError.incompatibleShapes(
                operation: "conv2d", first: x, second: w,
                reason: "do not fit a convolution with stride \(stride) and padding \(padding)")
        }
        let g = ConvolutionGeometry(
            batch: x[0], channels: x[1], height: x[2], width: x[3], kernelHeight: w[2], kernelWidth: w[3],
            stride: stride, padding: padding)
        let (value, saved) = try conv2dForward(
            input.value, weight: weight.value, bias: bias?.value, geometry: g, scratch: scratch, operation: "conv2d")
        keep(saved)
        let inputs = [input, weight] + (bias.map { [$0] } ?? [])
        return recorded(
            "ConvolutionBackward0", rule: "dX = col2im(Wᵀ · dOut), dW += dOut · colsᵀ, db += Σ dOut",
            value: value, inputs: inputs, saves: [input, weight]
        ) { gradient, targets in
            let dX = try conv2dBackward(
                gradient, saved, inputGradient: targets[0] != nil, weightGradient: targets[1],
                biasGradient: targets.count > 2 ? targets[2] : nil, operation: "conv2d")
            if let dX { try targets[0]?.receive(dX) }
        }
    }

    /// The geometry of a square pooling window over x: [N, C, H, W], or an error.
    private static func poolGeometry(_ shape: [Int], kernelSize: Int, stride: Int?, padding: Int, _ name: String)
        throws -> ConvolutionGeometry
    {
        let step = stride ?? kernelSize
        let limit = 1 << 20
        guard shape.count == 4, (1...limit).contains(kernelSize), (1...limit).contains(step), padding >= 0,
            padding <= kernelSize / 2, shape[2] + 2 * padding >= kernelSize, shape[3] + 2 * padding >= kernelSize
        else {
            throw EmberError.shapeMismatch(
                operation: "\(name)(kernel \(kernelSize), stride \(step), padding \(padding))",
                expected: "input [N, C, H, W] with H, W ≥ \(Swift.max(kernelSize - 2 * padding, 1))", got: shape)
        }
        return ConvolutionGeometry(
            batch: shape[0], channels: shape[1], height: shape[2], width: shape[3], kernelHeight: kernelSize,
            kernelWidth: kernelSize, stride: step, padding: padding)
    }

    /// The maximum of each window (`stride` defaults to the kernel size).
    public func maxPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws -> Variable {
        let g = try Variable.poolGeometry(shape, kernelSize: kernelSize, stride: stride, padding: padding, "max_pool2d")
        var indices: [Int32] = []
        return try maxPool2d(geometry: g, indices: &indices) { _ in }
    }

    /// Max pooling with a checked geometry, handing the saved context to `keep`.
    func maxPool2d(
        geometry g: ConvolutionGeometry, indices: inout [Int32], keep: (MaxPool2dSaved) -> Void
    ) throws -> Variable {
        try Variable.unary(
            "MaxPool2DWithIndicesBackward0", rule: "dX = dOut at each window's maximum", self, saves: false,
            forward: { kept(try maxPool2dForward($0, geometry: g, indices: &indices, operation: "max_pool2d"), keep) },
            backward: maxPool2dBackward)
    }

    /// The mean of each window (`stride` defaults to the kernel size).
    public func avgPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws -> Variable {
        try avgPool2d(
            geometry: try Variable.poolGeometry(
                shape, kernelSize: kernelSize, stride: stride, padding: padding, "avg_pool2d"))
    }

    /// Average pooling with a checked geometry.
    func avgPool2d(geometry g: ConvolutionGeometry) throws -> Variable {
        try Variable.unary(
            "AvgPool2DBackward0", rule: "dX = dOut / k², spread over each window", self, saves: false,
            forward: { try avgPool2dForward($0, geometry: g) }, backward: avgPool2dBackward)
    }

    /// Each element zeroed with probability p in training, the others scaled by 1/(1 − p).
    public func dropout(p: Float = 0.5, training: Bool = true, generator: Generator = .global) throws -> Variable {
        try dropout(p: p, training: training, generator: generator) { _ in }
    }

    /// `dropout`, handing the saved context (the mask) to `keep`.
    func dropout(p: Float, training: Bool, generator: Generator, keep: (DropoutSaved) -> Void) throws -> Variable {
        guard p >= 0, p < 1 else {
            throw EmberError.invalidArgument(function: "dropout", message: "p must be in [0, 1), got \(p)")
        }
        return try Variable.unary(
            "MulBackward0", rule: "dX = dOut ⊙ mask", self, saves: false,
            forward: { kept(try dropoutForward($0, p: p, training: training, generator: generator), keep) },
            backward: dropoutBackward)
    }

    /// A loss value as a one-element tensor whose backward scales the op's gradient by dLoss.
    private static func lossValue<Saved>(
        _ name: String, rule: String, _ input: Variable, _ value: Float, _ saved: Saved,
        backward: @escaping (Float, Saved) throws -> Tensor
    ) -> Variable {
        recorded(name, rule: rule, value: Tensor(value), inputs: [input]) { gradient, targets in
            try targets[0]?.receive(try backward(gradient.scalars[0], saved))
        }
    }

    /// The cross-entropy of [N, C] scores against [N] class indices, averaged over the batch.
    public static func crossEntropy(_ scores: Variable, _ target: Tensor) throws -> Variable {
        let loss = CrossEntropyLoss()
        let targets = try classIndices(loss, output: scores.value, target: target)
        let (value, saved) = try crossEntropyForward(scores.value, targets: targets)
        return lossValue(
            "NllLossBackward0", rule: "dScores = dLoss · (softmax − onehot) / N", scores, value, saved,
            backward: crossEntropyBackward)
    }

    /// The negative log-likelihood of [N, C] log-probabilities against [N] class indices.
    public static func nllLoss(_ logProbabilities: Variable, _ target: Tensor) throws -> Variable {
        let loss = NLLLoss()
        let targets = try classIndices(loss, output: logProbabilities.value, target: target)
        let (value, saved) = nllForward(logProbabilities.value, targets: targets)
        return lossValue(
            "NllLossBackward0", rule: "dX = −dLoss / N at each target", logProbabilities, value, saved,
            backward: nllBackward)
    }

    /// The mean squared error between an output and a target of its shape.
    public static func mseLoss(_ output: Variable, _ target: Tensor) throws -> Variable {
        guard output.shape == target.shape, output.value.count > 0 else {
            throw EmberError.shapeMismatch(
                operation: "mse_loss", expected: "target " + formatShape(output.shape) + " (not empty)",
                got: target.shape)
        }
        let (value, saved) = try mseForward(output.value, target: target)
        return lossValue(
            "MseLossBackward0", rule: "dX = dLoss · 2(x − t) / n", output, value, saved, backward: mseBackward)
    }
}

/// Whether `recordedLoss` can record `loss`.
public func isRecordableLoss(_ loss: any Loss) -> Bool {
    loss is CrossEntropyLoss || loss is NLLLoss || loss is MSELoss
}

/// The loss module's value on the tape: `CrossEntropyLoss()(out, y)` with `out` recorded.
public func recordedLoss(_ loss: any Loss, _ output: Variable, _ target: Tensor) throws -> Variable {
    switch loss {
    case is CrossEntropyLoss: return try Variable.crossEntropy(output, target)
    case is NLLLoss: return try Variable.nllLoss(output, target)
    case is MSELoss: return try Variable.mseLoss(output, target)
    default:
        throw EmberError.invalidArgument(function: loss.description, message: "cannot be recorded for backward")
    }
}

extension Variable {
    /// Batch normalisation of x: [N, C, …] per channel with the statistics given (the batch's
    /// when `usedBatchStatistics`), handing the saved context to `keep`.
    public static func batchNorm(
        _ input: Variable, weight: Variable, bias: Variable, mean: [Float], variance: [Float], eps: Float,
        usedBatchStatistics: Bool, keep: (BatchNormSaved) -> Void = { _ in }
    ) throws -> Variable {
        let c = input.value.rank >= 2 ? input.shape[1] : -1
        guard c > 0, weight.shape == [c], bias.shape == [c], mean.count == c, variance.count == c else {
            throw EmberError.shapeMismatch(
                operation: "batch_norm",
                expected: "input [N, \(weight.shape.first ?? 0), …] matching weight, bias and statistics",
                got: input.shape)
        }
        let (value, saved) = try batchNormForward(
            input.value, weight: weight.value, bias: bias.value, mean: mean, variance: variance, eps: eps,
            usedBatchStatistics: usedBatchStatistics)
        keep(saved)
        return recorded(
            "NativeBatchNormBackward0",
            rule: "dX = γ/σ · (dOut − mean(dOut) − x̂ · mean(dOut · x̂)), dγ += Σ dOut · x̂, dβ += Σ dOut",
            value: value, inputs: [input, weight, bias], saves: [weight]
        ) { gradient, targets in
            let dX = try batchNormBackward(gradient, saved, weightGradient: targets[1], biasGradient: targets[2])
            try targets[0]?.receive(dX)
        }
    }
}
