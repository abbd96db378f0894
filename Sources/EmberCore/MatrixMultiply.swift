// Matrix products: the one place where Ember multiplies matrices, so the layers above see a
// Swift function with labelled arguments and never a C API. By default the product is Ember's
// own (the CGemm target), whose every element is defined as one chain of fused multiply-adds
// in order of k, so results are the same bits on every processor; OpenBLAS is an opt-in.

import CGemm

/// Single-precision matrix products, as the layers use them.
public enum BLAS {
    /// `C = op(A) · op(B)`, or `C += op(A) · op(B)` when `accumulate`, on row-major matrices,
    /// where `op` transposes when asked. `A` is m×k after `op`, `B` is k×n after `op`, `C` is
    /// m×n; `lda`, `ldb` and `ldc` are the row strides of the matrices as stored.
    ///
    /// With the `.ember` backend (the default) every element is
    /// `acc = 0; for p in 0..<k { acc = fma(opA[i][p], opB[p][j], acc) }`, then
    /// `C[i][j] = accumulate ? C[i][j] + acc : acc`: the same bits on any processor. With `.openBLAS` (`EMBER_BLAS=openblas`) the result can
    /// differ in the last bits from one processor to another, as OpenBLAS picks its kernels.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        accumulate: Bool = false, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        gemm(
            using: backend, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a,
            lda: lda, b: b, ldb: ldb, accumulate: accumulate, c: c, ldc: ldc)
    }

    /// `gemm` through a chosen backend, whatever `backend` says: for benchmarks that compare them.
    public static func gemm(
        using backend: Backend, transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int,
        k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        accumulate: Bool = false, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        if backend == .openBLAS,
            openBLASGemm(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b,
                ldb: ldb, accumulate: accumulate, c: c, ldc: ldc)
        {
            return
        }
        ember_sgemm(
            transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, a, lda, b, ldb, accumulate ? 1 : 0, c, ldc)
    }

    /// The instruction-set paths of Ember's own product, which all give the same bits.
    public enum KernelPath: CaseIterable, Sendable {
        /// The C library's `fma`, one element at a time: any processor.
        case portable
        /// 8 lanes of AVX2 with FMA (x86-64).
        case avx2
        /// 16 lanes of AVX-512, where AVX2+FMA are present too (x86-64).
        case avx512

        var code: ember_gemm_path {
            switch self {
            case .portable: EMBER_GEMM_PATH_PORTABLE
            case .avx2: EMBER_GEMM_PATH_AVX2
            case .avx512: EMBER_GEMM_PATH_AVX512
            }
        }

        /// Whether this processor can run the path.
        public var isSupported: Bool { ember_gemm_path_supported(code) != 0 }

        /// The path Ember's product takes on this processor.
        public static var automatic: KernelPath {
            let code = ember_gemm_automatic_path()
            return allCases.first { $0.code == code } ?? .portable
        }
    }

    /// Ember's product (as `gemm` with the `.ember` backend) on a chosen path, for tests and
    /// benchmarks that compare the paths. Returns false, leaving `c` untouched, when the
    /// processor cannot run `path`.
    public static func gemm(
        path: KernelPath, transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, accumulate: Bool = false,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) -> Bool {
        ember_sgemm_on_path(
            path.code, transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, a, lda, b, ldb, accumulate ? 1 : 0, c,
            ldc) == 0
    }
}

extension Tensor {
    /// The matrix product, with PyTorch's `matmul` rules for ranks 1 to 3: a vector is
    /// promoted to a matrix and the added axis removed afterwards, and 3-D operands multiply
    /// batch by batch (a batch of 1, or a 2-D operand, is shared by every batch).
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard (1...3).contains(rank), (1...3).contains(other.rank) else {
            throw EmberError.incompatibleShapes(
                operation: "matmul", first: shape, second: other.shape,
                reason: "are not supported: matmul needs tensors of rank 1, 2 or 3")
        }
        // Promote vectors: a left vector becomes a row, a right vector a column.
        let left = rank == 1 ? [1] + shape : shape
        let right = other.rank == 1 ? other.shape + [1] : other.shape
        let (m, k) = (left[left.count - 2], left[left.count - 1])
        let (k2, n) = (right[right.count - 2], right[right.count - 1])
        guard k == k2 else {
            throw EmberError.incompatibleShapes(
                operation: "matmul", first: shape, second: other.shape,
                reason: "cannot be multiplied (\(k) ≠ \(k2))")
        }
        let batchA = left.count == 3 ? left[0] : 1
        let batchB = right.count == 3 ? right[0] : 1
        guard batchA == batchB || batchA == 1 || batchB == 1 else {
            throw EmberError.incompatibleShapes(
                operation: "matmul", first: shape, second: other.shape,
                reason: "have different batch sizes (\(batchA) ≠ \(batchB))")
        }
        let batch = Swift.max(batchA, batchB)
        var resultShape = (left.count == 3 || right.count == 3) ? [batch, m, n] : [m, n]
        _ = try elementCount(of: resultShape, operation: "matmul")
        let result = try Tensor(validShape: resultShape) { out in
            scalars.withUnsafeBufferPointer { a in
                other.scalars.withUnsafeBufferPointer { b in
                    // Empty operands have no base address; their product is zeros (or empty).
                    guard let pa = a.baseAddress, let pb = b.baseAddress,
                        let pc = out.baseAddress
                    else {
                        _ = out.initialize(from: repeatElement(0, count: out.count))
                        return
                    }
                    for index in 0..<batch {
                        BLAS.gemm(
                            m: m, n: n, k: k,
                            a: pa + (batchA == 1 ? 0 : index * m * k), lda: k,
                            b: pb + (batchB == 1 ? 0 : index * k * n), ldb: n,
                            c: pc + index * m * n, ldc: n)
                    }
                }
            }
        }
        if rank == 1 { resultShape.remove(at: resultShape.count - 2) }
        if other.rank == 1 { resultShape.removeLast() }
        return result.reshapedUnchecked(resultShape)
    }
}
