import EmberCore
import Testing

/// Random values from a fixed seed, as a plain array.
private func randomValues(_ count: Int, seed: UInt64) -> [Float] {
    var values = [Float](repeating: 0, count: count)
    values.withUnsafeMutableBufferPointer { Generator(seed: seed).fillNormal($0, mean: 0, std: 1) }
    return values
}

/// True when both arrays hold the same bits, NaNs included.
private func identical(_ a: [Float], _ b: [Float]) -> Bool {
    a.map(\.bitPattern) == b.map(\.bitPattern)
}

/// Max pooling by the rules, one window at a time: ties to the first in row-major order, the
/// first NaN of a row ends that row, a NaN in a later row replaces an earlier winner.
private func referenceMaxPool(_ x: [Float], _ g: ConvolutionGeometry) -> (values: [Float], argmax: [Int32]) {
    var values: [Float] = []
    var argmax: [Int32] = []
    for p in 0..<g.batch * g.channels {
        for r in 0..<g.outputHeight {
            for c in 0..<g.outputWidth {
                var (best, bestIndex) = (-Float.infinity, -1)
                for i in 0..<g.kernelHeight {
                    let sy = r * g.stride - g.padding + i
                    guard sy >= 0, sy < g.height else { continue }
                    for j in 0..<g.kernelWidth {
                        let sx = c * g.stride - g.padding + j
                        guard sx >= 0, sx < g.width else { continue }
                        let index = (p * g.height + sy) * g.width + sx
                        if x[index] > best || x[index].isNaN || bestIndex < 0 {
                            (best, bestIndex) = (x[index], index)
                            if x[index].isNaN { break }
                        }
                    }
                }
                values.append(best)
                argmax.append(Int32(bestIndex))
            }
        }
    }
    return (values, argmax)
}

@Suite struct KernelTests {
    @Test func chunksCoverTheBatchInOrder() {
        for count in 0..<12 {
            let chunks = Parallel.chunks(for: count)
            let ranges = (0..<chunks).map { Parallel.chunk($0, of: chunks, count: count) }
            #expect(ranges.first?.lowerBound == 0)
            #expect(ranges.last?.upperBound == count)
            for (earlier, later) in zip(ranges, ranges.dropFirst()) { #expect(earlier.upperBound == later.lowerBound) }
            #expect((ranges.map(\.count).max() ?? 0) - (ranges.map(\.count).min() ?? 0) <= 1)
        }
        #expect(Parallel.chunk(1, of: 2, count: 5) == 3..<5)
    }

    @Test func chunksRunEachOnceWithOneBLASThread() {
        var seen = [Int](repeating: 0, count: Parallel.chunkCount)
        var threadCounts = [Int](repeating: 0, count: Parallel.chunkCount)
        seen.withUnsafeMutableBufferPointer { visits in
            threadCounts.withUnsafeMutableBufferPointer { counts in
                Parallel.forEachChunk(count: 100, work: Parallel.concurrencyThreshold) { chunk, _ in
                    visits[chunk] += 1
                    // A nested section must not end the outer one's setting.
                    BLAS.singleThreaded {}
                    counts[chunk] = BLAS.threadCount
                }
            }
        }
        #expect(seen == [Int](repeating: 1, count: Parallel.chunkCount))
        #expect(threadCounts == [Int](repeating: 1, count: Parallel.chunkCount))
    }

    @Test func gemmSplitByRowsMatchesOneCall() throws {
        for transposeA in [false, true] {
            let (m, n, k) = (300, 70, 90)
            let a = randomValues(m * k, seed: 1)
            let b = randomValues(k * n, seed: 2)
            var whole = randomValues(m * n, seed: 3)
            var split = whole
            try a.withUnsafeBufferPointer { pa in
                try b.withUnsafeBufferPointer { pb in
                    let (a, b) = (try #require(pa.baseAddress), try #require(pb.baseAddress))
                    let lda = transposeA ? m : k
                    try whole.withUnsafeMutableBufferPointer { c in
                        BLAS.gemm(
                            transposeA: transposeA, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: n, accumulate: true,
                            c: try #require(c.baseAddress), ldc: n)
                    }
                    try split.withUnsafeMutableBufferPointer { c in
                        BLAS.gemmSplittingRows(
                            transposeA: transposeA, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: n, accumulate: true,
                            c: try #require(c.baseAddress), ldc: n)
                    }
                }
            }
            let difference = zip(whole, split).map { abs($0 - $1) }.max() ?? 0
            #expect(difference < 1e-4, "transposeA \(transposeA)")
        }
    }

    @Test func maxPoolingFollowsTheScanRulesWithTiesAndNaN() throws {
        let geometries = [
            ConvolutionGeometry(
                batch: 2, channels: 3, height: 10, width: 22, kernelHeight: 2, kernelWidth: 2, stride: 2, padding: 0),
            ConvolutionGeometry(
                batch: 1, channels: 2, height: 7, width: 9, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1),
        ]
        for g in geometries {
            // Few distinct values, so that windows tie, and some NaNs.
            var x = randomValues(g.batch * g.channels * g.height * g.width, seed: 7).map { ($0 * 2).rounded() }
            for index in stride(from: 5, to: x.count, by: 13) { x[index] = .nan }
            let count = g.batch * g.channels * g.outputPlane
            var values = [Float](repeating: 0, count: count)
            var argmax = [Int32](repeating: -1, count: count)
            try x.withUnsafeBufferPointer { px in
                try values.withUnsafeMutableBufferPointer { py in
                    try argmax.withUnsafeMutableBufferPointer { pa in
                        maxPoolForward(
                            try #require(px.baseAddress), try #require(py.baseAddress),
                            argmax: try #require(pa.baseAddress), g,
                            images: 0..<g.batch)
                    }
                }
            }
            let expected = referenceMaxPool(x, g)
            #expect(identical(values, expected.values), "\(g)")
            #expect(argmax == expected.argmax, "\(g)")
        }
    }

    @Test func maxPoolingGradientGoesToTheWinnerAndZeroElsewhere() throws {
        // 2×2 windows tiling 10×22 (the fast path, with a partial group of four windows per
        // row), 3×3 overlapping windows with padding, and 2×2 windows leaving a column over.
        let geometries = [
            ConvolutionGeometry(
                batch: 2, channels: 3, height: 10, width: 22, kernelHeight: 2, kernelWidth: 2, stride: 2, padding: 0),
            ConvolutionGeometry(
                batch: 1, channels: 2, height: 7, width: 9, kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1),
            ConvolutionGeometry(
                batch: 1, channels: 1, height: 4, width: 5, kernelHeight: 2, kernelWidth: 2, stride: 2, padding: 0),
        ]
        for g in geometries {
            let x = randomValues(g.batch * g.channels * g.height * g.width, seed: 9)
            let argmax = referenceMaxPool(x, g).argmax
            var dy = randomValues(argmax.count, seed: 10)
            dy[0] = -0.0
            var expected = [Float](repeating: 0, count: x.count)
            for (o, index) in argmax.enumerated() { expected[Int(index)] += dy[o] }
            var dx = [Float](repeating: .nan, count: x.count)
            try dy.withUnsafeBufferPointer { pdy in
                try argmax.withUnsafeBufferPointer { pa in
                    try dx.withUnsafeMutableBufferPointer { pdx in
                        maxPoolBackward(
                            try #require(pdy.baseAddress), argmax: try #require(pa.baseAddress),
                            try #require(pdx.baseAddress), g, images: 0..<g.batch)
                    }
                }
            }
            #expect(identical(dx, expected), "\(g)")
        }
    }

    @Test func reluMatchesTheScalarRuleEvenForNaNAndInfinities() throws {
        let x: [Float] = [-1, 0, 2, -0.0, 3, .nan, -5, 7, 1, -1, 0.5]
        var y = [Float](repeating: 1, count: x.count)
        try x.withUnsafeBufferPointer { px in
            try y.withUnsafeMutableBufferPointer { py in
                reluForward(input: try #require(px.baseAddress), output: try #require(py.baseAddress), count: x.count)
            }
        }
        // NaN stays NaN, as PyTorch's relu keeps it.
        #expect(identical(y, x.map { $0 <= 0 ? 0 : $0 }))
        #expect(y[5].isNaN)
        // A tensor large enough to be split, of a length that is not a multiple of four.
        let large = randomValues(300_001, seed: 11)
        var largeY = [Float](repeating: 1, count: large.count)
        try large.withUnsafeBufferPointer { px in
            try largeY.withUnsafeMutableBufferPointer { py in
                reluForward(
                    input: try #require(px.baseAddress), output: try #require(py.baseAddress), count: large.count)
            }
        }
        #expect(identical(largeY, large.map { $0 <= 0 ? 0 : $0 }))
    }

    @Test func reluGradientMatchesTheScalarRuleEvenForInfinities() throws {
        let x: [Float] = [-1, 0, 2, -0.0, 3, .nan, -5, 7, 1, -1, 0.5]
        let dy: [Float] = [.infinity, 1, -.infinity, 2, 3, 4, 5, .nan, -1, 6, 7]
        var dx = [Float](repeating: 0, count: x.count)
        try x.withUnsafeBufferPointer { px in
            try dy.withUnsafeBufferPointer { pdy in
                try dx.withUnsafeMutableBufferPointer { pdx in
                    reluBackward(
                        gradOutput: try #require(pdy.baseAddress), input: try #require(px.baseAddress),
                        gradInput: try #require(pdx.baseAddress), count: x.count)
                }
            }
        }
        // Masked, not multiplied: an infinite dOut where the input was cut gives 0, not NaN,
        // and a NaN input lets its gradient through, as PyTorch's mask of the output does.
        #expect(identical(dx, zip(dy, x).map { $1 <= 0 ? 0 : $0 }))
        #expect(dx[0] == 0 && dx[5] == 4)
    }

    @Test func adamKernelMatchesTheScalarFormula() throws {
        // 11 covers a partial group of four; 200,003 the split across cores.
        for count in [11, 200_003] {
            let step = AdamStep(
                learningRate: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1,
                correction1: 1 - 0.9 * 0.9, correction2: 1 - 0.999 * 0.999)
            var theta = randomValues(count, seed: 1)
            let gradient = randomValues(count, seed: 2)
            var m = randomValues(count, seed: 3)
            var v = randomValues(count, seed: 4).map { $0 * $0 }
            var expected = theta
            for i in 0..<count {
                let g = gradient[i] + step.weightDecay * theta[i]
                let newM = step.beta1 * m[i] + (1 - step.beta1) * g
                let newV = step.beta2 * v[i] + (1 - step.beta2) * g * g
                expected[i] -=
                    step.learningRate * (newM / step.correction1) / ((newV / step.correction2).squareRoot() + step.eps)
            }
            try theta.withUnsafeMutableBufferPointer { t in
                try gradient.withUnsafeBufferPointer { g in
                    try m.withUnsafeMutableBufferPointer { pm in
                        try v.withUnsafeMutableBufferPointer { pv in
                            step.apply(
                                theta: try #require(t.baseAddress), gradient: try #require(g.baseAddress),
                                m: try #require(pm.baseAddress), v: try #require(pv.baseAddress), count: count)
                        }
                    }
                }
            }
            #expect(identical(theta, expected), "\(count) parameters")
        }
    }
}
