import Ember
import Testing

/// The tape against the explicit modules, on the graphs a chain cannot express, and its errors.
@Suite struct TapeTests {
    let generator = Generator(seed: 5)

    @Test func tapeGradientsEqualExplicitOnesOnTheTutorialCNN() throws {
        let net = try tutorialCNN(generator: generator)
        let images = try Tensor.randn([6, 1, 28, 28], generator: generator)
        let labels = try Tensor(shape: [6], scalars: [3, 1, 4, 1, 5, 9])
        let loss = CrossEntropyLoss()
        let explicitLoss = try loss.forward(try net(images), labels)
        _ = try net.backward(try loss.backward())
        let explicit = net.allParameters().map(\.grad)
        net.zeroGrad()
        let tapeLoss = try Variable.crossEntropy(try net(Variable(images)), labels)
        try tapeLoss.backward()
        #expect(try tapeLoss.value.item() == explicitLoss)
        for (parameter, expected) in zip(net.allParameters(), explicit) {
            #expect(parameter.grad == expected, "\(parameter.name)")
        }
    }

    @Test func tapeGradientsEqualExplicitOnesWithBatchNormAndDropout() throws {
        let masks = Generator(seed: 3)
        let net = Sequential(
            try Conv2d(1, 3, kernelSize: 3, generator: generator), try BatchNorm2d(3), ReLU(), Flatten(),
            try Dropout(p: 0.2, generator: masks), try Linear(12, 2, generator: generator))
        let images = try Tensor.randn([4, 1, 4, 4], generator: generator)
        let labels = try Tensor(shape: [4], scalars: [1, 0, 0, 1])
        let loss = CrossEntropyLoss()
        let start = masks.snapshot()
        _ = try loss.forward(try net(images), labels)
        _ = try net.backward(try loss.backward())
        let explicit = net.allParameters().map(\.grad)
        net.zeroGrad()
        masks.restore(start)
        try Variable.crossEntropy(try net(Variable(images)), labels).backward()
        #expect(net.allParameters().map(\.grad) == explicit)
    }

    @Test func explicitBackwardWorksAfterARecordedForward() throws {
        let net = try tutorialCNN(generator: generator)
        let images = try Tensor.randn([2, 1, 28, 28], generator: generator)
        let labels = try Tensor(shape: [2], scalars: [7, 2])
        let loss = CrossEntropyLoss()
        _ = try loss.forward(try net(images), labels)
        let dX = try net.backward(try loss.backward())
        let explicit = net.allParameters().map(\.grad)
        net.zeroGrad()
        let recorded = try net(Variable(images))
        #expect(net.layers[0].trace.output != nil)
        _ = try loss.forward(recorded.value, labels)
        #expect(try net.backward(try loss.backward()) == dX)
        #expect(net.allParameters().map(\.grad) == explicit)
    }

    @Test func residualBlockSendsGradientsThroughBothPaths() throws {
        let conv = try Conv2d(2, 2, kernelSize: 3, padding: 1, generator: generator)
        let x = try Tensor.randn([1, 2, 4, 4], generator: generator)
        let report = try gradientCheck(
            function: { inputs in
                let h = inputs[0]
                return try (try conv(h) + h).relu()
            }, inputs: [x.map { $0 >= 0 ? $0 + 0.2 : $0 - 0.2 }], generator: generator)
        #expect(report.passed, "\(report)")
        // The skip path alone gives dOut; the convolution path adds Wᵀ-weighted terms.
        let input = Variable(x, requiresGrad: true)
        try (try conv(input) + input).sum().backward()
        let throughConvolution = Variable(x, requiresGrad: true)
        try conv(throughConvolution).sum().backward()
        let skip = try #require(input.grad)
        let convolution = try #require(throughConvolution.grad)
        #expect(skip == convolution + 1)
    }

    @Test func moduleUsedTwiceCountsBothUses() throws {
        let lin = try Linear(3, 3, generator: generator)
        let x = try Tensor.randn([2, 3], generator: generator)
        try lin(lin(Variable(x))).sum().backward()
        let tape = lin.weight.grad
        // Explicitly: the second use's backward, then the first's, each with its own input.
        lin.zeroGrad()
        let first = try Linear(3, 3, generator: generator)
        let second = try Linear(3, 3, generator: generator)
        for copy in [first, second] {
            try copy.weight.assign(lin.weight.value)
            try copy.bias?.assign(try #require(lin.bias).value)
        }
        let dOut = try Tensor.ones([2, 3])
        _ = try first.backward(try second.backward(dOut, afterForward: try first(x)))
        let expected = try first.weight.grad + second.weight.grad
        #expect(try (tape - expected).abs().max().item() <= 1e-6)
    }

    @Test func gradientsAccumulateUntilCleared() throws {
        let x = Variable(try Tensor(shape: [3], scalars: [1, 2, 3]), requiresGrad: true)
        for _ in 0..<2 { try (try x * x + x * 2).sum().backward() }
        #expect(x.grad == (try Tensor(shape: [3], scalars: [8, 12, 16])))
        x.grad = nil
        try (try x * x).sum().backward()
        #expect(x.grad == (try Tensor(shape: [3], scalars: [2, 4, 6])))
    }

    @Test func onlyLeavesKeepGradientsUnlessRetained() throws {
        let x = Variable(try Tensor(shape: [2], scalars: [1, 2]), requiresGrad: true)
        let h = try x * 3
        let kept = try x * 4
        try kept.retainGrad()
        try (try h + kept).sum().backward()
        #expect(h.grad == nil)
        #expect(kept.grad == (try Tensor.ones([2])))
        #expect(x.grad == (try Tensor.full([2], value: 7)))
    }

    @Test func secondBackwardThroughAFreedGraphIsAnError() throws {
        let x = Variable(try Tensor.randn([3], generator: generator), requiresGrad: true)
        let y = try (try x * x).sum()
        try y.backward()
        #expect(throws: AutogradError.self) { try y.backward() }
        let z = try (try x * x).sum()
        try z.backward(retainGraph: true)
        try z.backward()
        do {
            try y.backward()
        } catch let error as AutogradError {
            #expect(
                error.description
                    == "backward: trying to backward through the graph a second time (SumBackward0 has freed its saved "
                    + "tensors); specify retain_graph=True the first time")
        }
    }

    @Test func backwardOnANonScalarNeedsAGradient() throws {
        let x = Variable(try Tensor.randn([3], generator: generator), requiresGrad: true)
        let y = try x * 2
        #expect(throws: AutogradError.nonScalarOutput(shape: [3])) { try y.backward() }
        #expect(
            AutogradError.nonScalarOutput(shape: [3]).description
                == "backward: grad can be implicitly created only for scalar outputs, got shape [3]")
        try y.backward(try Tensor.ones([3]))
        #expect(x.grad == (try Tensor.full([3], value: 2)))
    }

    @Test func inPlaceChangeOfASavedTensorIsRefused() throws {
        let x = Variable(try Tensor.randn([3], generator: generator), requiresGrad: true)
        let h = try x * 2
        let y = try (try h * h).sum()
        try h.modifyInPlace { $0 = $0 + 1 }
        do {
            try y.backward()
            Issue.record("backward ran on a changed tensor")
        } catch let error as AutogradError {
            #expect(
                error.description
                    == "backward: a tensor of shape [3] needed by MulBackward0 has been modified by an in-place "
                    + "operation (version 1, saved at version 0)")
        }
        // An optimizer step between forward and backward is an in-place change too.
        let lin = try Linear(2, 1, generator: generator)
        let out = try lin(Variable(try Tensor.ones([1, 2]))).sum()
        try SGD(lin.allParameters(), learningRate: 0.1).step()
        #expect(throws: AutogradError.self) { try out.backward() }
    }

    @Test func noGradRecordsNothing() throws {
        let x = Variable(try Tensor.randn([3], generator: generator), requiresGrad: true)
        let y = try GradMode.withGradEnabled(false) { try x * x }
        #expect(y.gradFn == nil && !y.requiresGrad)
        #expect(x.detach().requiresGrad == false)
        #expect((try x * x).gradFn?.name == "MulBackward0")
    }

    @Test func aDeepGraphDoesNotOverflowTheStack() throws {
        let x = Variable(try Tensor.ones([1]), requiresGrad: true)
        var y = x
        for _ in 0..<20000 { y = try y * 1 }
        try y.sum().backward()
        #expect(x.grad == (try Tensor.ones([1])))
    }
}

extension Linear {
    /// The backward of a forward run just before, for tests that interleave two layers.
    fileprivate func backward(_ gradOutput: Tensor, afterForward input: Tensor) throws -> Tensor {
        _ = try forward(input)
        return try backward(gradOutput)
    }
}
