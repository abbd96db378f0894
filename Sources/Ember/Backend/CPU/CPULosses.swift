// The losses on the CPU: sums over the rows' targets in Double, so that a large batch's mean
// keeps its low bits, and the gradients written in place into a copy of what was saved.

extension CPUBackend: LossBackend {
    /// −mean of log softmax(scores)[i, t_i], and softmax(scores) for the gradient.
    public func crossEntropy(_ scores: Tensor, targets: [Int]) throws -> (loss: Float, probabilities: Tensor) {
        let logProbabilities = try scores.logSoftmax(axis: 1)
        return (nll(logProbabilities, targets: targets), logProbabilities.exp())
    }

    /// dLoss · (p − onehot(t)) / N, in place in a copy of p.
    public func crossEntropyGradient(_ gradLoss: Float, _ saved: CrossEntropySaved) -> Tensor {
        var gradient = saved.probabilities
        let (n, c) = (gradient.shape[0], gradient.shape[1])
        let scale = gradLoss * (1 / Float(n))
        gradient.withUnsafeMutableBufferPointer { g in
            for i in 0..<g.count { g[i] *= scale }
            for (row, t) in saved.targets.enumerated() { g[row * c + t] -= scale }
        }
        return gradient
    }

    /// −mean of logProbabilities[i, t_i], summed in Double.
    public func nll(_ logProbabilities: Tensor, targets: [Int]) -> Float {
        let c = logProbabilities.shape[1]
        var total = 0.0
        logProbabilities.withUnsafeBufferPointer { x in
            for (row, t) in targets.enumerated() { total -= Double(x[row * c + t]) }
        }
        return Float(total / Double(targets.count))
    }

    /// −dLoss / N at each target of a zero tensor.
    public func nllGradient(_ gradLoss: Float, _ saved: NLLSaved) throws -> Tensor {
        var gradient = try Tensor.zeros(saved.shape)
        let (n, c) = (saved.shape[0], saved.shape[1])
        let value = gradLoss * (-1 / Float(n))
        gradient.withUnsafeMutableBufferPointer { g in
            for (row, t) in saved.targets.enumerated() { g[row * c + t] = value }
        }
        return gradient
    }

    /// mean(d²), summed in Double.
    public func meanSquare(_ difference: Tensor) -> Float {
        var total = 0.0
        difference.withUnsafeBufferPointer { d in
            for value in d { total += Double(value) * Double(value) }
        }
        return Float(total / Double(difference.count))
    }
}
