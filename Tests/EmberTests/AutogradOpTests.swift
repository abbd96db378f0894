import Ember
import Testing

/// Every op's backward on the tape against central differences of Σ dOut ⊙ f(inputs), summed
/// in Double. Inputs are drawn away from the kinks of ReLU, abs, clamp and max.
@Suite struct AutogradOpTests {
    let generator = Generator(seed: 99)

    func normal(_ shape: [Int]) throws -> Tensor { try Tensor.randn(shape, generator: generator) }

    /// Normal values pushed at least 0.1 away from zero.
    func awayFromZero(_ shape: [Int]) throws -> Tensor {
        try normal(shape).map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 }
    }

    /// Distinct values 0.05 apart in random order, so that every maximum is clear.
    func distinct(_ shape: [Int]) throws -> Tensor {
        let count = shape.reduce(1, *)
        let order = generator.permutation(count)
        return try Tensor(shape: shape, scalars: order.map { Float($0) * 0.05 - Float(count) * 0.025 })
    }

    func expectPasses(
        _ label: String, _ inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
        _ function: ([Variable]) throws -> Variable
    ) throws {
        let report = try gradientCheck(function: function, inputs: inputs, generator: generator)
        #expect(report.passed, "\(label)\n\(report)", sourceLocation: sourceLocation)
        #expect(report.entries.count == inputs.count, sourceLocation: sourceLocation)
    }

    @Test func arithmeticWithBroadcastingMatchesFiniteDifferences() throws {
        try expectPasses("add", [try normal([3, 4]), try normal([4])]) { try $0[0] + $0[1] }
        try expectPasses("sub", [try normal([3, 1]), try normal([3, 4])]) { try $0[0] - $0[1] }
        try expectPasses("mul", [try normal([2, 3, 4]), try normal([3, 1])]) { try $0[0] * $0[1] }
        try expectPasses("div", [try normal([3, 4]), try awayFromZero([4]).map { $0 + 3 }]) { try $0[0] / $0[1] }
        try expectPasses("scalars", [try normal([5])]) { try (2 - $0[0] * 3) / 4 + 1 }
        try expectPasses("neg", [try normal([5])]) { try -$0[0] }
        let condition = try Tensor(shape: [4], scalars: [1, 0, 0, 1])
        try expectPasses("where", [try normal([3, 4]), try normal([4])]) {
            try Variable.where(condition, $0[0], $0[1])
        }
    }

    @Test func maximumAndMinimumMatchFiniteDifferences() throws {
        // Values on two grids 0.025 apart, so that no pair is within a step of a tie.
        let a = try distinct([3, 4])
        let b = try distinct([4]).map { $0 + 0.025 }
        try expectPasses("maximum", [a, b]) { try $0[0].maximum($0[1]) }
        try expectPasses("minimum", [a, b]) { try $0[0].minimum($0[1]) }
    }

    @Test func aTieOfMaximumSharesTheGradient() throws {
        let a = Variable(Tensor([1, 2, 3]), requiresGrad: true)
        let b = Variable(Tensor([2, 2, 2]), requiresGrad: true)
        let y = try a.maximum(b)
        #expect(y.value.scalars == [2, 2, 3])
        #expect(y.gradFn?.name == "MaximumBackward0")
        try y.sum().backward()
        #expect(a.grad?.scalars == [0, 0.5, 1])
        #expect(b.grad?.scalars == [1, 0.5, 0])
    }

    @Test func elementwiseFunctionsMatchFiniteDifferences() throws {
        let positive = try normal([3, 4]).map { Swift.abs($0) + 0.5 }
        try expectPasses("exp", [try normal([3, 4])]) { try $0[0].exp() }
        try expectPasses("log", [positive]) { try $0[0].log() }
        try expectPasses("sqrt", [positive]) { try $0[0].sqrt() }
        try expectPasses("abs", [try awayFromZero([3, 4])]) { try $0[0].abs() }
        try expectPasses("pow 3", [try normal([3, 4])]) { try $0[0].pow(3) }
        try expectPasses("pow 2", [try normal([3, 4])]) { try $0[0].pow(2) }
        try expectPasses("pow 0.5", [positive]) { try $0[0].pow(0.5) }
        let spread = try distinct([3, 4])
        try expectPasses("clamp", [spread]) { try $0[0].clamp(min: -0.12, max: 0.13) }
        try expectPasses("relu", [try awayFromZero([3, 4])]) { try $0[0].relu() }
        try expectPasses("leaky relu", [try awayFromZero([3, 4])]) { try $0[0].leakyRelu(negativeSlope: 0.2) }
        try expectPasses("sigmoid", [try normal([3, 4])]) { try $0[0].sigmoid() }
        try expectPasses("tanh", [try normal([3, 4])]) { try $0[0].tanh() }
        try expectPasses("softmax", [try normal([3, 4])]) { try $0[0].softmax(axis: 1) }
        try expectPasses("log softmax", [try normal([3, 4])]) { try $0[0].logSoftmax(axis: 0) }
    }

    @Test func reductionsMatchFiniteDifferences() throws {
        try expectPasses("sum", [try normal([3, 4])]) { try $0[0].sum() }
        try expectPasses("sum dim", [try normal([2, 3, 4])]) { try $0[0].sum(axis: 1) }
        try expectPasses("sum keepdim", [try normal([2, 3, 4])]) { try $0[0].sum(axis: -1, keepDim: true) }
        try expectPasses("mean", [try normal([3, 4])]) { try $0[0].mean() }
        try expectPasses("mean dim", [try normal([3, 4])]) { try $0[0].mean(axis: 0) }
        try expectPasses("amax", [try distinct([3, 4])]) { try $0[0].amax() }
        try expectPasses("amax dim", [try distinct([3, 4])]) { try $0[0].amax(axis: 1) }
        try expectPasses("amin dim", [try distinct([3, 4])]) { try $0[0].amin(axis: 0, keepDim: true) }
    }

    @Test func shapeOpsMatchFiniteDifferences() throws {
        try expectPasses("reshape", [try normal([3, 4])]) { try $0[0].reshape([2, -1]) }
        try expectPasses("flatten", [try normal([2, 3, 2])]) { try $0[0].flatten(startAxis: 1) }
        try expectPasses("unsqueeze", [try normal([3])]) { try $0[0].unsqueeze(0) }
        try expectPasses("squeeze", [try normal([3, 1])]) { try $0[0].squeeze() }
        try expectPasses("permute", [try normal([2, 3, 4])]) { try $0[0].permute([2, 0, 1]) }
        try expectPasses("transpose", [try normal([2, 3])]) { try $0[0].transpose(0, 1) }
        try expectPasses("index", [try normal([4, 5])]) {
            try $0[0].indexed([.range(start: 1, end: nil, step: 2), .at(-1)])
        }
        // A row read twice receives both of its gradients.
        try expectPasses("index arrays", [try normal([4, 5])]) {
            try $0[0].indexed([.positions(Tensor([0, 2, 0])), .range(start: 1, end: nil, step: 2)])
        }
        try expectPasses("mask", [try normal([4, 5])]) { try $0[0].indexed([.all, .mask(Tensor([1, 0, 1, 1, 0]))]) }
        try expectPasses("cat", [try normal([2, 3]), try normal([1, 3])]) { try Variable.cat($0, axis: 0) }
        try expectPasses("stack", [try normal([2, 3]), try normal([2, 3])]) { try Variable.stack($0, axis: 1) }
    }

    @Test func matmulMatchesFiniteDifferences() throws {
        try expectPasses("matrix · matrix", [try normal([3, 4]), try normal([4, 2])]) { try $0[0].matmul($0[1]) }
        try expectPasses("vector · matrix", [try normal([4]), try normal([4, 2])]) { try $0[0].matmul($0[1]) }
        try expectPasses("matrix · vector", [try normal([3, 4]), try normal([4])]) { try $0[0].matmul($0[1]) }
    }

    @Test func layerOpsMatchFiniteDifferences() throws {
        try expectPasses("linear", [try normal([4, 5]), try normal([3, 5]), try normal([3])]) {
            try Variable.linear($0[0], weight: $0[1], bias: $0[2])
        }
        try expectPasses("conv2d", [try normal([2, 2, 5, 5]), try normal([3, 2, 3, 3]), try normal([3])]) {
            try Variable.conv2d($0[0], weight: $0[1], bias: $0[2], stride: 2, padding: 1)
        }
        try expectPasses("max pool", [try distinct([2, 2, 4, 4])]) { try $0[0].maxPool2d(kernelSize: 2) }
        try expectPasses("avg pool", [try normal([1, 2, 5, 5])]) {
            try $0[0].avgPool2d(kernelSize: 3, stride: 2, padding: 1)
        }
        try expectPasses("dropout", [try normal([3, 6])]) { try $0[0].dropout(p: 0.3, generator: generator) }
        try expectPasses("batch norm, batch statistics", [try normal([4, 3, 2]), try normal([3]), try normal([3])]) {
            let (mean, variance) = batchStatistics($0[0].value)
            return try Variable.batchNorm(
                $0[0], weight: $0[1], bias: $0[2], mean: mean, variance: variance, eps: 1e-5, usedBatchStatistics: true)
        }
        try expectPasses("batch norm, running statistics", [try normal([4, 3]), try normal([3]), try normal([3])]) {
            try Variable.batchNorm(
                $0[0], weight: $0[1], bias: $0[2], mean: [0.1, -0.2, 0.3], variance: [1, 2, 0.5], eps: 1e-5,
                usedBatchStatistics: false)
        }
    }

    @Test func lossesMatchFiniteDifferences() throws {
        let labels = try Tensor(shape: [4], scalars: [2, 0, 1, 2])
        try expectPasses("cross entropy", [try normal([4, 3])]) { try Variable.crossEntropy($0[0], labels) }
        try expectPasses("nll", [try normal([4, 3])]) { try Variable.nllLoss($0[0].logSoftmax(axis: 1), labels) }
        let target = try normal([4, 3])
        try expectPasses("mse", [try normal([4, 3])]) { try Variable.mseLoss($0[0], target) }
        // A loss inside a larger expression: its backward scales by dLoss.
        try expectPasses("3 · cross entropy", [try normal([4, 3])]) {
            try Variable.crossEntropy($0[0], labels) * 3
        }
    }

    /// A wrong rule off by 1% must fail: the tolerance is tight enough to catch it.
    @Test func gradientCheckCatchesAWrongBackward() throws {
        func square(_ x: Variable, slope: Float) -> Variable {
            let input = x.value
            return Variable.function("SquareBackward", inputs: [x], value: input.map { $0 * $0 }) { dOut in
                [try dOut * input.map { slope * $0 }]
            }
        }
        let x = try awayFromZero([6]).map { $0 + 1 }
        let right = try gradientCheck(function: { square($0[0], slope: 2) }, inputs: [x], generator: generator)
        #expect(right.passed, "\(right)")
        let wrong = try gradientCheck(function: { square($0[0], slope: 2.02) }, inputs: [x], generator: generator)
        #expect(!wrong.passed, "\(wrong)")
    }
}
