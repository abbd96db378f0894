// The fully connected op, y = x·Wᵀ + b, forward and backward side by side. Both passes are one
// GEMM each over the whole batch (two in backward: one for dW, one for dX), split by rows of
// the result across cores. The `Linear` layer and the tape both call these two functions.

/// What the linear op's backward needs from its forward.
public struct LinearSaved {
    /// x: [rows, inFeatures] (leading axes flattened), for dW = dOutᵀ · x.
    public let input: Tensor
    /// W: [outFeatures, inFeatures], for dX = dOut · W.
    public let weight: Tensor
    /// Whether a bias was added, so that db is wanted.
    public let hasBias: Bool

    var inFeatures: Int { weight.shape[1] }
    var outFeatures: Int { weight.shape[0] }
    var rows: Int { input.count / Swift.max(inFeatures, 1) }
    /// The shape of y, and so of dOut.
    public var outputShape: [Int] { Array(input.shape.dropLast()) + [outFeatures] }
}

/// y = x · Wᵀ + b, one product over the batch; the caller has checked that x's last axis is
/// W's second.
public func linearForward(_ input: Tensor, weight: Tensor, bias: Tensor?) throws -> (Tensor, LinearSaved) {
    // x: [N, inFeatures] (leading axes flattened into N), W: [outFeatures, inFeatures]
    let saved = LinearSaved(input: input, weight: weight, hasBias: bias != nil)
    let (rows, inFeatures, outFeatures) = (saved.rows, saved.inFeatures, saved.outFeatures)
    let output = try Tensor(uninitializedShape: saved.outputShape) { y in
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
    return (output, saved)
}

/// dW += dOutᵀ · x and db += Σ dOut over the batch (into the accumulators given), and
/// dX = dOut · W when `inputGradient` is true.
public func linearBackward(
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
