import Ember
import Testing

@Suite struct SequentialTests {
    @Test func parametersUseStateDictNames() throws {
        let net = try tutorialCNN(generator: Generator(seed: 0))
        #expect(
            net.namedParameters().map(\.name) == [
                "0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias",
            ])
        #expect(net.parameterCount == 45_010)
        #expect(try net.layer(at: -1).description == "Linear(120 → 10)")
        #expect(throws: EmberError.self) { try net.layer(at: 10) }
    }

    @Test func descriptionListsLayersLikeTorch7() throws {
        let net = Sequential(try Linear(4, 3), ReLU(), try Linear(3, 2))
        #expect(
            net.description == """
                Sequential {
                  [input → (0) → (1) → (2) → output]
                  (0): Linear(4 → 3)  15 parameters
                  (1): ReLU()
                  (2): Linear(3 → 2)  8 parameters
                }
                Total: 23 parameters
                """)
    }

    @Test func backwardRunsInReverseAndAccumulates() throws {
        let net = Sequential(try Linear(3, 2), ReLU(), try Linear(2, 1))
        let x = try Tensor.randn([4, 3])
        _ = try net(x)
        _ = try net.backward(Tensor.ones([4, 1]))
        let once = net.allParameters()[0].grad
        _ = try net(x)
        _ = try net.backward(Tensor.ones([4, 1]))
        let twice = net.allParameters()[0].grad
        #expect(twice == once * 2)
        net.zeroGrad()
        #expect(net.allParameters().allSatisfy { $0.grad.scalars.allSatisfy { $0 == 0 } })
        #expect(net.layers[1].trace.gradOutput?.shape == [4, 2])
        #expect(net.layers[2].trace.input?.shape == [4, 2])
    }

    @Test func errorsNameTheLayer() throws {
        let net = try tutorialCNN(generator: Generator(seed: 0))
        do {
            _ = try net(Tensor.zeros([8, 3, 28, 28]))
            Issue.record("expected an error")
        } catch {
            #expect(
                "\(error)"
                    == "in layer 0, Conv2d(1 → 10, kernel 5): expected input [N, 1, H, W] with H, W ≥ 5, got [8, 3, 28, 28]"
            )
        }
        do {
            _ = try Linear(320, 120)(Tensor.zeros([64, 500]))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "Linear(320 → 120): expected input [N, 320], got [64, 500]")
        }
        #expect(throws: EmberError.self) { try ReLU().backward(Tensor([1])) }
    }

    @Test func modeReachesEveryLayer() throws {
        let inner = Sequential(try Dropout(p: 0.5))
        let net = Sequential(inner, try BatchNorm1d(2))
        net.eval()
        #expect(!inner.layers[0].isTraining)
        #expect(!net.layers[1].isTraining)
        net.train()
        #expect(inner.layers[0].isTraining)
    }
}

@Suite struct ParameterOnlyBackwardTests {
    /// Training skips the first layer's input gradient; the parameter gradients must be the
    /// same as a full backward pass gives.
    @Test func parameterGradientsMatchAFullBackwardPass() throws {
        for make in [
            {
                try Sequential(
                    Conv2d(2, 3, kernelSize: 3, generator: Generator(seed: 4)), ReLU(), Flatten(),
                    Linear(12, 2, generator: Generator(seed: 5)))
            },
            {
                try Sequential(
                    Linear(5, 4, generator: Generator(seed: 6)), Tanh(), Linear(4, 2, generator: Generator(seed: 7)))
            },
        ] as [() throws -> Sequential] {
            let (full, partial) = (try make(), try make())
            let input = try Tensor.randn(
                full.layers[0] is Conv2d ? [3, 2, 4, 4] : [3, 5], generator: Generator(seed: 8))
            let gradient = try Tensor.randn([3, 2], generator: Generator(seed: 9))
            _ = try full(input)
            _ = try full.backward(gradient)
            _ = try partial(input)
            try partial.backwardParameters(gradient)
            #expect(full.allParameters().map(\.grad) == partial.allParameters().map(\.grad))
            #expect(partial.layers[0].trace.gradInput == nil)
            #expect(partial.layers[1].trace.gradInput != nil)
        }
    }
}
