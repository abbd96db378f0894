// The arithmetic of a 2-D convolution, one image at a time: im2col into a column matrix, then
// one GEMM. Per-image products write the output straight into its [N, O, H', W'] layout (a
// whole-batch GEMM would produce [O, N·H'·W'] and need reordering), and the column matrix is
// still in cache when the GEMM reads it.

/// A convolution's shape, and its forward and backward passes over a range of images.
public struct ConvolutionKernel: Sendable {
    /// The geometry of the whole batch.
    public let geometry: ConvolutionGeometry
    /// Output channels (filters).
    public let outChannels: Int

    /// The same geometry for a single image.
    private let single: ConvolutionGeometry
    /// Output positions per image and rows of the column matrix.
    private let plane: Int, patch: Int
    /// Floats of one image's input.
    public let inputSize: Int
    /// Floats of one image's output.
    public let outputSize: Int
    /// Floats of one image's column matrix ([patchSize, outputPlane]).
    public let columnsSize: Int

    /// Makes the kernel for `geometry` and `outChannels` filters.
    public init(geometry: ConvolutionGeometry, outChannels: Int) {
        self.geometry = geometry
        self.outChannels = outChannels
        var single = geometry
        single.batch = 1
        self.single = single
        (plane, patch) = (geometry.outputPlane, geometry.patchSize)
        inputSize = geometry.channels * geometry.height * geometry.width
        outputSize = outChannels * plane
        columnsSize = patch * plane
    }

    /// Multiply-adds of one forward pass over the batch.
    public var multiplyAdds: Int { geometry.batch * outputSize * patch }

    /// `output[n] = weight · im2col(input[n]) + bias` for each image `n` in `images`.
    /// `columns` holds `columnsSize` floats of scratch.
    public func forward(
        images: Range<Int>, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>
    ) {
        for n in images {
            im2col(input + n * inputSize, columns, single)
            let y = output + n * outputSize
            if let bias {
                for o in 0..<outChannels { fillFloats(y + o * plane, with: bias[o], count: plane) }
            }
            BLAS.gemm(
                m: outChannels, n: plane, k: patch, a: weight, lda: patch, b: columns, ldb: plane,
                accumulate: bias != nil, c: y, ldc: plane)
        }
    }

    /// For each image `n` in `images`: `gradWeightTransposed += im2col(input[n]) · gradOutput[n]ᵀ`
    /// (dWᵀ, [patchSize, outChannels]: in this order the product reads the large column matrix
    /// in place and rearranges only the small gradient; each element's sum is the same either way),
    /// `gradBias += Σ gradOutput[n]` over positions, and `gradInput[n] = col2im(weightᵀ ·
    /// gradOutput[n])`. The column matrix is rebuilt from the input: reading a whole batch's
    /// worth kept from forward back from memory costs as much. `columns` holds
    /// `2 · columnsSize` floats of scratch.
    public func backward(
        images: Range<Int>, input: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>,
        weight: UnsafePointer<Float>, gradWeightTransposed: UnsafeMutablePointer<Float>,
        gradBias: UnsafeMutablePointer<Float>?, gradInput: UnsafeMutablePointer<Float>?,
        columns: UnsafeMutablePointer<Float>
    ) {
        let gradColumns = columns + columnsSize
        for n in images {
            let dy = gradOutput + n * outputSize
            im2col(input + n * inputSize, columns, single)
            BLAS.gemm(
                transposeB: true, m: patch, n: outChannels, k: plane, a: columns, lda: plane, b: dy,
                ldb: plane, accumulate: true, c: gradWeightTransposed, ldc: outChannels)
            if let gradBias {
                for o in 0..<outChannels { gradBias[o] += sumFloats(dy + o * plane, count: plane) }
            }
            // Without a place for dX (the first layer in training), its product and col2im are skipped.
            guard let gradInput else { continue }
            BLAS.gemm(
                transposeA: true, m: patch, n: plane, k: outChannels, a: weight, lda: patch, b: dy,
                ldb: plane, c: gradColumns, ldc: plane)
            let dx = gradInput + n * inputSize
            dx.update(repeating: 0, count: inputSize)
            col2im(gradColumns, dx, single)
        }
    }
}
