// Batch normalisation on the CPU: per-channel loops over x read as [N, C, S], the statistics
// summed in Double.

extension CPUBackend: NormalizationBackend {
    /// Each channel's mean, then its biased variance around it, in two passes.
    public func batchStatistics(_ input: Tensor) -> (mean: [Float], variance: [Float]) {
        let (n, c) = (input.shape[0], input.shape[1])
        let s = input.shape[2...].reduce(1, *)
        var mean = [Float](repeating: 0, count: c)
        var variance = [Float](repeating: 0, count: c)
        let m = Double(n * s)
        input.withUnsafeBufferPointer { x in
            for ch in 0..<c {
                var total = 0.0
                for i in 0..<n {
                    for k in 0..<s { total += Double(x[(i * c + ch) * s + k]) }
                }
                let mu = total / m
                var squares = 0.0
                for i in 0..<n {
                    for k in 0..<s {
                        let d = Double(x[(i * c + ch) * s + k]) - mu
                        squares += d * d
                    }
                }
                mean[ch] = Float(mu)
                variance[ch] = Float(squares / m)
            }
        }
        return (mean, variance)
    }

    /// x̂ = (x − μ) · (1/σ), then y = γ · x̂ + β.
    public func batchNorm(
        _ input: Tensor, weight: Tensor, bias: Tensor, mean: [Float], inverseStd: [Float]
    ) throws -> (normalized: Tensor, output: Tensor) {
        let (n, c) = (input.shape[0], input.shape[1])
        let s = input.shape[2...].reduce(1, *)
        let normalized = try Tensor(uninitializedShape: input.shape) { xhat in
            input.withUnsafeBufferPointer { x in
                for i in 0..<n {
                    for ch in 0..<c {
                        let base = (i * c + ch) * s
                        for k in 0..<s { xhat[base + k] = (x[base + k] - mean[ch]) * inverseStd[ch] }
                    }
                }
            }
        }
        let output = try Tensor(uninitializedShape: input.shape) { y in
            normalized.withUnsafeBufferPointer { xhat in
                for i in 0..<n {
                    for ch in 0..<c {
                        let (gamma, beta) = (weight.scalars[ch], bias.scalars[ch])
                        let base = (i * c + ch) * s
                        for k in 0..<s { y[base + k] = gamma * xhat[base + k] + beta }
                    }
                }
            }
        }
        return (normalized, output)
    }

    /// Σ dOut and Σ dOut · x̂ per channel, then dX with or without the batch terms.
    public func batchNormGradients(
        _ gradOutput: Tensor, _ saved: BatchNormSaved, weightGradient: (any GradientAccumulator)?,
        biasGradient: (any GradientAccumulator)?
    ) throws -> Tensor {
        let normalized = saved.normalized
        let (n, c) = (normalized.shape[0], normalized.shape[1])
        let s = normalized.shape[2...].reduce(1, *)
        let m = Float(n * s)
        // Per channel: Σ dOut and Σ dOut · x̂, which give dβ, dγ and the batch terms of dX.
        var sumGrad = [Float](repeating: 0, count: c)
        var sumGradNormalized = [Float](repeating: 0, count: c)
        gradOutput.withUnsafeBufferPointer { dy in
            normalized.withUnsafeBufferPointer { xhat in
                for i in 0..<n {
                    for ch in 0..<c {
                        let base = (i * c + ch) * s
                        for k in 0..<s {
                            sumGrad[ch] += dy[base + k]
                            sumGradNormalized[ch] += dy[base + k] * xhat[base + k]
                        }
                    }
                }
            }
        }
        weightGradient?.accumulate { dGamma in for ch in 0..<c { dGamma[ch] += sumGradNormalized[ch] } }
        biasGradient?.accumulate { dBeta in for ch in 0..<c { dBeta[ch] += sumGrad[ch] } }
        let batchTerms = saved.usedBatchStatistics
        return try Tensor(uninitializedShape: normalized.shape) { dx in
            gradOutput.withUnsafeBufferPointer { dy in
                normalized.withUnsafeBufferPointer { xhat in
                    for i in 0..<n {
                        for ch in 0..<c {
                            let scale = saved.weight.scalars[ch] * saved.inverseStd[ch]
                            let base = (i * c + ch) * s
                            for k in 0..<s {
                                // Training: dX = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)).
                                let centred =
                                    batchTerms
                                    ? dy[base + k] - sumGrad[ch] / m - xhat[base + k] * sumGradNormalized[ch] / m
                                    : dy[base + k]
                                dx[base + k] = scale * centred
                            }
                        }
                    }
                }
            }
        }
    }
}
