// The fully connected op on the CPU: one GEMM over the whole batch forward, two backward (dW
// and dX), each split by rows of the result across cores.

extension CPUBackend: LinearBackend {
    /// y = x·Wᵀ + b: the bias broadcast into y, then the product added onto it.
    public func linear(_ input: Tensor, weight: Tensor, bias: Tensor?, saved: LinearSaved) throws -> Tensor {
        // x: [N, inFeatures], W: [outFeatures, inFeatures]
        let (rows, inFeatures, outFeatures) = (saved.rows, saved.inFeatures, saved.outFeatures)
        return try Tensor(uninitializedShape: saved.outputShape) { y in
            input.withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    guard let px = x.baseAddress, let pw = w.baseAddress, let py = y.baseAddress else { return }
                    if let bias {
                        bias.withUnsafeBufferPointer { b in
                            for row in 0..<rows {
                                for j in 0..<outFeatures { py[row * outFeatures + j] = b[j] }
                            }
                        }
                    }
                    BLAS.gemmSplittingRows(
                        transposeB: true, m: rows, n: outFeatures, k: inFeatures, a: px, lda: inFeatures,
                        b: pw, ldb: inFeatures, accumulate: bias != nil, c: py, ldc: outFeatures)
                }
            }
        }
    }

    /// dW += dOutᵀ · x, db += Σ dOut, and dX = dOut · W when wanted.
    public func linearGradients(
        _ gradOutput: Tensor, _ saved: LinearSaved, inputGradient: Bool,
        weightGradient: (any GradientAccumulator)?, biasGradient: (any GradientAccumulator)?
    ) throws -> Tensor? {
        // dOut: [N, outFeatures]
        let (rows, inFeatures, outFeatures) = (saved.rows, saved.inFeatures, saved.outFeatures)
        gradOutput.withUnsafeBufferPointer { dOut in
            saved.input.withUnsafeBufferPointer { x in
                guard let pd = dOut.baseAddress, let px = x.baseAddress else { return }
                weightGradient?.accumulate { dW in
                    guard let pw = dW.baseAddress else { return }
                    BLAS.gemmSplittingRows(
                        transposeA: true, m: outFeatures, n: inFeatures, k: rows, a: pd, lda: outFeatures,
                        b: px, ldb: inFeatures, accumulate: true, c: pw, ldc: inFeatures)
                }
                biasGradient?.accumulate { db in
                    for row in 0..<rows {
                        for j in 0..<outFeatures { db[j] += pd[row * outFeatures + j] }
                    }
                }
            }
        }
        guard inputGradient else { return nil }
        return try Tensor(uninitializedShape: saved.input.shape) { dX in
            gradOutput.withUnsafeBufferPointer { dOut in
                saved.weight.withUnsafeBufferPointer { w in
                    guard let pd = dOut.baseAddress, let pw = w.baseAddress, let px = dX.baseAddress else { return }
                    // dX = dOut · W
                    BLAS.gemmSplittingRows(
                        m: rows, n: inFeatures, k: outFeatures, a: pd, lda: outFeatures,
                        b: pw, ldb: inFeatures, c: px, ldc: inFeatures)
                }
            }
        }
    }
}
