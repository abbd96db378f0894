import Ember
import Testing

/// Every layer's backward against central differences, in training and evaluation mode where
/// they differ. Inputs are drawn so that no value sits within the step h of a kink.
@Suite struct GradientCheckTests {
    let generator = Generator(seed: 2024)

    /// Normal values pushed at least 0.05 away from zero, so ReLU-like kinks are never crossed.
    func awayFromZero(_ shape: [Int]) throws -> Tensor {
        try Tensor.randn(shape, generator: generator).map { $0 >= 0 ? $0 + 0.05 : $0 - 0.05 }
    }

    /// Distinct values 0.05 apart in random order, so every pooling window has a clear winner.
    func distinctValues(_ shape: [Int]) throws -> Tensor {
        let count = shape.reduce(1, *)
        let order = generator.permutation(count)
        return try Tensor(shape: shape, scalars: order.map { Float($0) * 0.05 - Float(count) * 0.025 })
    }

    func expectPasses(_ module: any Module, _ input: Tensor, _ label: String = "") throws {
        let report = try gradientCheck(module: module, input: input, generator: generator)
        #expect(report.passed, "\(module) \(label)\n\(report)")
        #expect(report.entries.count == 1 + module.namedParameters().count)
    }

    @Test func linear() throws {
        try expectPasses(try Linear(5, 3, generator: generator), try Tensor.randn([4, 5], generator: generator))
        try expectPasses(
            try Linear(4, 2, bias: false, generator: generator), try Tensor.randn([3, 4], generator: generator))
    }

    @Test func conv2d() throws {
        try expectPasses(
            try Conv2d(2, 3, kernelSize: 3, generator: generator), try Tensor.randn([2, 2, 5, 5], generator: generator))
        try expectPasses(
            try Conv2d(1, 2, kernelSize: 3, stride: 2, padding: 1, generator: generator),
            try Tensor.randn([2, 1, 6, 5], generator: generator), "stride 2, padding 1")
    }

    @Test func pooling() throws {
        try expectPasses(try MaxPool2d(2), try distinctValues([2, 2, 4, 4]))
        try expectPasses(try MaxPool2d(3, stride: 2, padding: 1), try distinctValues([1, 2, 5, 5]), "overlapping")
        try expectPasses(try AvgPool2d(2), try Tensor.randn([2, 2, 4, 4], generator: generator))
        try expectPasses(try AvgPool2d(3, stride: 2, padding: 1), try Tensor.randn([1, 1, 5, 5], generator: generator))
    }

    @Test func activations() throws {
        try expectPasses(ReLU(), try awayFromZero([3, 7]))
        try expectPasses(LeakyReLU(negativeSlope: 0.1), try awayFromZero([3, 7]))
        try expectPasses(Sigmoid(), try Tensor.randn([3, 7], generator: generator))
        try expectPasses(Tanh(), try Tensor.randn([3, 7], generator: generator))
        try expectPasses(Softmax(), try Tensor.randn([3, 7], generator: generator))
        try expectPasses(Softmax(dim: 0), try Tensor.randn([3, 7], generator: generator), "dim 0")
        try expectPasses(LogSoftmax(), try Tensor.randn([3, 7], generator: generator))
        try expectPasses(LogSoftmax(dim: 1), try Tensor.randn([2, 3, 4], generator: generator), "3-D")
        try expectPasses(Flatten(), try Tensor.randn([2, 3, 2, 2], generator: generator))
    }

    @Test func dropoutInBothModes() throws {
        let dropout = try Dropout(p: 0.3, generator: generator)
        try expectPasses(dropout, try Tensor.randn([4, 6], generator: generator), "training")
        dropout.eval()
        try expectPasses(dropout, try Tensor.randn([4, 6], generator: generator), "evaluation")
    }

    @Test func batchNormInBothModes() throws {
        let bn1 = try BatchNorm1d(3)
        try bn1.weight.assign(Tensor([0.5, 1.5, -1]))
        try bn1.bias.assign(Tensor([0.1, 0, -0.2]))
        try expectPasses(bn1, try Tensor.randn([5, 3], generator: generator), "training, [N, C]")
        try expectPasses(bn1, try Tensor.randn([4, 3, 2], generator: generator), "training, [N, C, L]")
        bn1.eval()
        try expectPasses(bn1, try Tensor.randn([5, 3], generator: generator), "evaluation")
        let bn2 = try BatchNorm2d(2)
        try bn2.weight.assign(Tensor([2, -0.5]))
        try expectPasses(bn2, try Tensor.randn([3, 2, 3, 3], generator: generator), "training")
        bn2.eval()
        try expectPasses(bn2, try Tensor.randn([3, 2, 3, 3], generator: generator), "evaluation")
    }

    @Test func sequentialOfEverything() throws {
        let net = Sequential(
            try Conv2d(1, 2, kernelSize: 3, padding: 1, generator: generator), try BatchNorm2d(2), Tanh(),
            try AvgPool2d(2), Flatten(), try Linear(8, 5, generator: generator), Sigmoid(),
            try Linear(5, 3, generator: generator))
        try expectPasses(net, try Tensor.randn([3, 1, 4, 4], generator: generator))
    }

    @Test func losses() throws {
        let scores = try Tensor.randn([4, 5], generator: generator)
        let classes = Tensor([0, 3, 4, 3])
        for loss in [CrossEntropyLoss(), NLLLoss()] as [any Loss] {
            let report = try gradientCheck(loss: loss, output: scores, target: classes)
            #expect(report.passed, "\(loss)\n\(report)")
        }
        let report = try gradientCheck(
            loss: MSELoss(), output: scores, target: try Tensor.randn([4, 5], generator: generator))
        #expect(report.passed, "\(report)")
    }

    @Test func modelWithLoss() throws {
        let net = Sequential(try Linear(6, 4, generator: generator), Tanh(), try Linear(4, 3, generator: generator))
        let report = try gradientCheck(
            model: net, loss: CrossEntropyLoss(), input: try Tensor.randn([5, 6], generator: generator),
            target: Tensor([0, 1, 2, 1, 0]), generator: generator)
        #expect(report.passed, "\(report)")
        #expect(report.entries.map(\.name) == ["input", "0.weight", "0.bias", "2.weight", "2.bias"])
    }

    /// The tutorial's ReLU backward multiplies dOut by relu(x) instead of the 0/1 mask: the
    /// check must catch that.
    @Test func checkCatchesTheTutorialsReLUBug() throws {
        final class TutorialReLU: Module {
            var isTraining = true
            let trace = Trace()
            private var cachedInput: Tensor?
            var description: String { "TutorialReLU()" }
            func forward(_ input: Tensor) throws -> Tensor {
                cachedInput = input
                return input.relu()
            }
            func backward(_ gradOutput: Tensor) throws -> Tensor {
                try gradOutput * (cachedInput ?? gradOutput).relu()
            }
        }
        let report = try gradientCheck(module: TutorialReLU(), input: try awayFromZero([3, 4]))
        #expect(!report.passed)
    }

    @Test func checkLeavesGradientsAndRunningStatisticsAsTheyWere() throws {
        let bn = try BatchNorm1d(2)
        let before = bn.runningMean.value
        try bn.weight.assignGrad(Tensor([1, 2]))
        _ = try gradientCheck(module: bn, input: try Tensor.randn([4, 2], generator: generator))
        #expect(bn.runningMean.value == before)
        #expect(bn.weight.grad.scalars == [1, 2])
    }
}
