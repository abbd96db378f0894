// Matrix products through OpenBLAS's `cblas_sgemm`: the one place where Ember calls BLAS, so the
// layers above see a Swift function with labelled arguments and never the C API.

import CBLAS

/// Single-precision BLAS, as the layers use it.
public enum BLAS {
    /// `C = alpha · op(A) · op(B) + beta · C` on row-major matrices, where `op` transposes when
    /// asked. `A` is m×k after `op`, `B` is k×n after `op`, `C` is m×n; `lda`, `ldb` and `ldc`
    /// are the row strides of the matrices as stored.
    @inlinable
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        // OpenBLAS clears C for beta = 0 in a slow separate pass, which weighs on small
        // products such as a convolution's per image; clearing it here and adding is cheaper.
        if beta == 0 {
            if ldc == n {
                c.update(repeating: 0, count: m * n)
            } else {
                for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) }
            }
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha, a,
            Int32(Swift.max(lda, 1)), b, Int32(Swift.max(ldb, 1)), beta == 0 ? 1 : beta, c,
            Int32(Swift.max(ldc, 1)))
    }

    /// The number of threads OpenBLAS uses for one call.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(Swift.max(newValue, 1))) }
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
