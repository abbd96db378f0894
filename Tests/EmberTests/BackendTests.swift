import Ember
import Testing

/// A backend that records each call by its family and name, then lets the CPU backend do it.
final class RecordingBackend: Backend {
    let cpu = CPUBackend()
    /// "family.call" for every call, in order.
    private(set) var calls: [String] = []

    /// The families that received at least one call.
    var families: Set<String> { Set(calls.map { String($0.prefix { $0 != "." }) }) }

    private func record(_ family: String, _ call: String) { calls.append("\(family).\(call)") }

    func linear(_ input: Tensor, weight: Tensor, bias: Tensor?, saved: LinearSaved) throws -> Tensor {
        record("linear", "forward")
        return try cpu.linear(input, weight: weight, bias: bias, saved: saved)
    }
    func linearGradients(
        _ gradOutput: Tensor, _ saved: LinearSaved, inputGradient: Bool,
        weightGradient: (any GradientAccumulator)?, biasGradient: (any GradientAccumulator)?
    ) throws -> Tensor? {
        record("linear", "backward")
        return try cpu.linearGradients(
            gradOutput, saved, inputGradient: inputGradient, weightGradient: weightGradient,
            biasGradient: biasGradient)
    }
    func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor?, saved: Conv2dSaved) throws -> Tensor {
        record("convolution", "forward")
        return try cpu.conv2d(input, weight: weight, bias: bias, saved: saved)
    }
    func conv2dGradients(
        _ gradOutput: Tensor, _ saved: Conv2dSaved, inputGradient: Bool,
        weightGradient: (any GradientAccumulator)?, biasGradient: (any GradientAccumulator)?
    ) throws -> Tensor? {
        record("convolution", "backward")
        return try cpu.conv2dGradients(
            gradOutput, saved, inputGradient: inputGradient, weightGradient: weightGradient,
            biasGradient: biasGradient)
    }
    func maxPool2d(_ input: Tensor, geometry: ConvolutionGeometry, indices: inout [Int32]) throws -> Tensor {
        record("pooling", "forward")
        return try cpu.maxPool2d(input, geometry: geometry, indices: &indices)
    }
    func maxPool2dGradient(_ gradOutput: Tensor, _ saved: MaxPool2dSaved) throws -> Tensor {
        record("pooling", "backward")
        return try cpu.maxPool2dGradient(gradOutput, saved)
    }
    func avgPool2d(_ input: Tensor, geometry: ConvolutionGeometry) throws -> Tensor {
        record("pooling", "forward")
        return try cpu.avgPool2d(input, geometry: geometry)
    }
    func avgPool2dGradient(_ gradOutput: Tensor, _ saved: AvgPool2dSaved) throws -> Tensor {
        record("pooling", "backward")
        return try cpu.avgPool2dGradient(gradOutput, saved)
    }
    func batchStatistics(_ input: Tensor) -> (mean: [Float], variance: [Float]) {
        record("normalization", "statistics")
        return cpu.batchStatistics(input)
    }
    func batchNorm(_ input: Tensor, weight: Tensor, bias: Tensor, mean: [Float], inverseStd: [Float]) throws
        -> (normalized: Tensor, output: Tensor)
    {
        record("normalization", "forward")
        return try cpu.batchNorm(input, weight: weight, bias: bias, mean: mean, inverseStd: inverseStd)
    }
    func batchNormGradients(
        _ gradOutput: Tensor, _ saved: BatchNormSaved, weightGradient: (any GradientAccumulator)?,
        biasGradient: (any GradientAccumulator)?
    ) throws -> Tensor {
        record("normalization", "backward")
        return try cpu.batchNormGradients(
            gradOutput, saved, weightGradient: weightGradient, biasGradient: biasGradient)
    }
    func relu(_ input: Tensor) throws -> Tensor {
        record("activation", "forward")
        return try cpu.relu(input)
    }
    func reluGradient(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor {
        record("activation", "backward")
        return try cpu.reluGradient(gradOutput, saved)
    }
    func leakyReLU(_ input: Tensor, negativeSlope: Float) -> Tensor {
        record("activation", "forward")
        return cpu.leakyReLU(input, negativeSlope: negativeSlope)
    }
    func leakyReLUGradient(_ gradOutput: Tensor, _ saved: ActivationSaved, negativeSlope: Float) throws -> Tensor {
        record("activation", "backward")
        return try cpu.leakyReLUGradient(gradOutput, saved, negativeSlope: negativeSlope)
    }
    func sigmoid(_ input: Tensor) -> Tensor {
        record("activation", "forward")
        return cpu.sigmoid(input)
    }
    func sigmoidGradient(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor {
        record("activation", "backward")
        return try cpu.sigmoidGradient(gradOutput, saved)
    }
    func tanh(_ input: Tensor) -> Tensor {
        record("activation", "forward")
        return cpu.tanh(input)
    }
    func tanhGradient(_ gradOutput: Tensor, _ saved: ActivationSaved) throws -> Tensor {
        record("activation", "backward")
        return try cpu.tanhGradient(gradOutput, saved)
    }
    func crossEntropy(_ scores: Tensor, targets: [Int]) throws -> (loss: Float, probabilities: Tensor) {
        record("loss", "forward")
        return try cpu.crossEntropy(scores, targets: targets)
    }
    func crossEntropyGradient(_ gradLoss: Float, _ saved: CrossEntropySaved) -> Tensor {
        record("loss", "backward")
        return cpu.crossEntropyGradient(gradLoss, saved)
    }
    func nll(_ logProbabilities: Tensor, targets: [Int]) -> Float {
        record("loss", "forward")
        return cpu.nll(logProbabilities, targets: targets)
    }
    func nllGradient(_ gradLoss: Float, _ saved: NLLSaved) throws -> Tensor {
        record("loss", "backward")
        return try cpu.nllGradient(gradLoss, saved)
    }
    func select(_ mask: Tensor, _ lhs: consuming Tensor, _ rhs: Tensor) -> Tensor {
        record("elementwise", "select")
        return cpu.select(mask, lhs, rhs)
    }
    func add(_ other: Tensor, into accumulator: inout Tensor) {
        record("elementwise", "add")
        cpu.add(other, into: &accumulator)
    }
    func meanSquare(_ difference: Tensor) -> Float {
        record("loss", "forward")
        return cpu.meanSquare(difference)
    }
}

/// The ops reach their arithmetic only through the active backend.
@Suite struct BackendTests {
    let generator = Generator(seed: 11)
    let labels: Tensor
    init() throws { labels = try Tensor(shape: [4], scalars: [3, 1, 4, 1]) }

    /// Every call the tutorial CNN's forward and backward make on each path, in order.
    let expectedCalls = [
        "convolution.forward", "pooling.forward", "activation.forward",
        "convolution.forward", "pooling.forward", "activation.forward",
        "linear.forward", "activation.forward", "linear.forward", "loss.forward", "loss.backward",
        "linear.backward", "activation.backward", "linear.backward",
        "activation.backward", "pooling.backward", "convolution.backward",
        "activation.backward", "pooling.backward", "convolution.backward",
    ]

    @Test func explicitLayersRunEveryFamilyThroughTheActiveBackend() throws {
        let net = try tutorialCNN(generator: generator)
        let images = try Tensor.randn([4, 1, 28, 28], generator: generator)
        let loss = CrossEntropyLoss()
        let backend = RecordingBackend()
        let value = try ActiveBackend.withBackend(backend) { () throws -> Float in
            let value = try loss.forward(try net(images), labels)
            _ = try net.backward(try loss.backward())
            return value
        }
        #expect(backend.calls == expectedCalls)
        #expect(backend.families == ["convolution", "pooling", "activation", "linear", "loss"])
        // The same numbers as without the wrapper: it only forwards the calls.
        net.zeroGrad()
        #expect(try loss.forward(try net(images), labels) == value)
    }

    @Test func tapeRunsEveryFamilyThroughTheActiveBackend() throws {
        let net = try tutorialCNN(generator: generator)
        let images = try Tensor.randn([4, 1, 28, 28], generator: generator)
        let backend = RecordingBackend()
        try ActiveBackend.withBackend(backend) {
            let loss = try Variable.crossEntropy(try net(Variable(images)), labels)
            try loss.backward()
        }
        #expect(backend.calls == expectedCalls)
        #expect(net.allParameters().allSatisfy { $0.grad.scalars.contains { $0 != 0 } })
    }

    @Test func theBindingEndsWithItsBody() throws {
        let backend = RecordingBackend()
        try ActiveBackend.withBackend(backend) { _ = try reluForward(try Tensor.ones([2])) }
        _ = try reluForward(try Tensor.ones([2]))
        #expect(backend.calls == ["activation.forward"])
    }
}
