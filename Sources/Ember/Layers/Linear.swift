// The fully connected layer, y = x·Wᵀ + b, with its forward and backward side by side. Both
// passes are one GEMM each over the whole batch (two in backward: one for dW, one for dX),
// split by rows of the result across cores.

/// A fully connected layer: `y = x · weightᵀ + bias`.
///
/// - Parameters:
///   - inFeatures: the size of each input row.
///   - outFeatures: the size of each output row.
///   - bias: whether to add a learned bias (default true).
///
/// The weight has shape `[outFeatures, inFeatures]`, as in PyTorch, and both tensors start
/// uniform in ±1/√inFeatures. Input `[N, inFeatures]` (or any leading axes), output
/// `[N, outFeatures]`.
/// ```swift
/// let layer = Linear(320, 120)
/// let y = try layer(x)     // x: [64, 320] → y: [64, 120]
/// ```
public final class Linear: Module {
    /// Input width.
    public let inFeatures: Int
    /// Output width.
    public let outFeatures: Int
    /// `[outFeatures, inFeatures]`.
    public let weight: Parameter
    /// `[outFeatures]`, or nil without bias.
    public let bias: Parameter?
    /// Training mode (the default) or evaluation mode.
    public var isTraining = true
    /// The last values through the layer, recorded by its container or the shell.
    public let trace = Trace()
    /// The input of the last forward, for dW = dYᵀ · X in backward.
    private var cachedInput: Tensor?

    /// Makes the layer with PyTorch's default initialisation drawn from `generator`.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: Generator = .global)
        throws
    {
        guard inFeatures > 0, outFeatures > 0 else {
            throw EmberError.invalidArgument(
                function: "Linear",
                message: "features must be positive, got \(inFeatures) and \(outFeatures)")
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = Parameter(
            name: "weight",
            value: try Tensor.uniform([outFeatures, inFeatures], low: -bound, high: bound, generator: generator))
        self.bias =
            bias
            ? Parameter(
                name: "bias",
                value: try Tensor.uniform([outFeatures], low: -bound, high: bound, generator: generator))
            : nil
    }

    /// The weight and, if any, the bias.
    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }
    /// The printout: `Linear(320 → 120)`.
    public var description: String { "Linear(\(inFeatures) → \(outFeatures)\(bias == nil ? ", no bias" : ""))" }

    /// `[N, outFeatures]` for an input `[N, inFeatures]`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count >= 1, inputShape.last == inFeatures else {
            throw inputShapeError(self, expected: "[N, \(inFeatures)]", got: inputShape)
        }
        return Array(inputShape.dropLast()) + [outFeatures]
    }

    /// y = x · Wᵀ + b, one product over the batch.
    public func forward(_ input: Tensor) throws -> Tensor {
        // x: [N, inFeatures] (leading axes flattened into N)
        let outputShape = try outputShape(for: input.shape)
        let rows = input.count / inFeatures
        cachedInput = input
        let output = try Tensor(uninitializedShape: outputShape) { y in
            input.withUnsafeBufferPointer { x in
                weight.value.withUnsafeBufferPointer { w in
                    multiply(rows: rows, x: x, w: w, y: y)
                }
            }
        }
        return output
    }

    /// y = x · Wᵀ, then + b on each row.
    private func multiply(
        rows: Int, x: UnsafeBufferPointer<Float>, w: UnsafeBufferPointer<Float>,
        y: UnsafeMutableBufferPointer<Float>
    ) {
        guard let px = x.baseAddress, let pw = w.baseAddress, let py = y.baseAddress else { return }
        if let bias {
            bias.value.withUnsafeBufferPointer { b in
                for row in 0..<rows {
                    for j in 0..<outFeatures { py[row * outFeatures + j] = b[j] }
                }
            }
        }
        BLAS.gemmSplittingRows(
            transposeB: true, m: rows, n: outFeatures, k: inFeatures, a: px, lda: inFeatures,
            b: pw, ldb: inFeatures, accumulate: bias != nil, c: py, ldc: outFeatures)
    }

    /// dW += dOutᵀ · x, db += Σ dOut over the batch, and dX = dOut · W.
    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let (input, rows) = try checkedBackward(gradOutput)
        return try Tensor(uninitializedShape: input.shape) { dX in
            gradOutput.withUnsafeBufferPointer { dOut in
                input.withUnsafeBufferPointer { x in
                    accumulateParameterGradients(rows: rows, dOut: dOut, x: x)
                    weight.value.withUnsafeBufferPointer { w in
                        guard let pd = dOut.baseAddress, let pw = w.baseAddress,
                            let px = dX.baseAddress
                        else { return }
                        // dX = dOut · W
                        BLAS.gemmSplittingRows(
                            m: rows, n: inFeatures, k: outFeatures, a: pd, lda: outFeatures,
                            b: pw, ldb: inFeatures, c: px, ldc: inFeatures)
                    }
                }
            }
        }
    }

    /// dW and db only: the first layer of a model being trained needs no dX.
    public func backwardParameters(_ gradOutput: Tensor) throws {
        let (input, rows) = try checkedBackward(gradOutput)
        gradOutput.withUnsafeBufferPointer { dOut in
            input.withUnsafeBufferPointer { x in accumulateParameterGradients(rows: rows, dOut: dOut, x: x) }
        }
    }

    /// The input of the last forward and its row count, after checking dOut against it.
    private func checkedBackward(_ gradOutput: Tensor) throws -> (input: Tensor, rows: Int) {
        guard let input = cachedInput else { throw EmberError.noForwardPass(operation: description) }
        // dOut: [N, outFeatures]
        let expected = Array(input.shape.dropLast()) + [outFeatures]
        guard gradOutput.shape == expected else {
            throw EmberError.shapeMismatch(
                operation: description, expected: "gradient " + formatShape(expected), got: gradOutput.shape)
        }
        return (input, input.count / inFeatures)
    }

    /// dW += dOutᵀ · X and db += the column sums of dOut.
    private func accumulateParameterGradients(
        rows: Int, dOut: UnsafeBufferPointer<Float>, x: UnsafeBufferPointer<Float>
    ) {
        guard let pd = dOut.baseAddress, let px = x.baseAddress else { return }
        weight.accumulateGrad { dW in
            guard let pw = dW.baseAddress else { return }
            BLAS.gemmSplittingRows(
                transposeA: true, m: outFeatures, n: inFeatures, k: rows, a: pd, lda: outFeatures,
                b: px, ldb: inFeatures, accumulate: true, c: pw, ldc: inFeatures)
        }
        bias?.accumulateGrad { db in
            for row in 0..<rows {
                for j in 0..<outFeatures { db[j] += pd[row * outFeatures + j] }
            }
        }
    }
}
