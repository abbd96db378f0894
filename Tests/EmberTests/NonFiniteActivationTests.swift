import Ember
import Testing

/// NaN passes through ReLU as in PyTorch, and optimizers refuse an ε that would divide by zero.
@Suite struct NonFiniteActivationTests {
    @Test func reluKeepsNaNAndLetsItsGradientThrough() throws {
        let layer = ReLU()
        let x = Tensor([-1, .nan, 2, 0, -.infinity, .infinity])
        let y = try layer.forward(x)
        #expect(y.scalars[1].isNaN)
        #expect([y.scalars[0], y.scalars[2], y.scalars[3], y.scalars[4], y.scalars[5]] == [0, 2, 0, 0, .infinity])
        let dx = try layer.backward(Tensor([.infinity, 5, 6, .nan, 7, 8]))
        // Where the output was cut to zero the gradient is exactly zero, whatever dOut holds.
        #expect(dx.scalars == [0, 5, 6, 0, 0, 8])
        // Large enough to run the vector loop and the split across cores.
        let wide = try Tensor(shape: [100_003], scalars: (0..<100_003).map { $0 % 7 == 0 ? .nan : Float($0 % 5) - 2 })
        let out = try layer.forward(wide)
        #expect(zip(wide.scalars, out.scalars).allSatisfy { x, y in x.isNaN ? y.isNaN : y == Swift.max(x, 0) })
        #expect(x.relu().scalars[1].isNaN)
    }

    @Test func adamAndRMSpropRefuseAZeroOrNegativeEpsilon() throws {
        let parameters = try Linear(2, 1).parameters
        let rule = "it must be positive: it keeps the step finite where the squared gradients are zero"
        #expect(errorMessage { try Adam(parameters, eps: 0) } == "Adam: invalid eps: 0.0 (\(rule))")
        #expect(errorMessage { try Adam(parameters, eps: -1e-8) } == "Adam: invalid eps: -1e-08 (\(rule))")
        #expect(errorMessage { try RMSprop(parameters, eps: 0) } == "RMSprop: invalid eps: 0.0 (\(rule))")
        #expect(errorMessage { try Adam(parameters, eps: 1e-8) } == "no error")
    }
}
