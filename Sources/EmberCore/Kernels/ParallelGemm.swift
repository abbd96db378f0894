// Matrix products split by rows of the result: each chunk of rows is one single-threaded
// OpenBLAS call on its own core. No element is summed across chunks, so each element is one
// dot product as before (OpenBLAS may block it differently from one call over all the rows,
// which can change the last bit, but the fixed split makes it the same every time), and thin
// products such as a batch of 64 rows keep both cores busy.

extension BLAS {
    /// `C = alpha · op(A) · op(B) + beta · C` like `gemm`, with the `m` rows of `C` split into
    /// `Parallel` chunks that run concurrently when the product is large enough.
    public static func gemmSplittingRows(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        Parallel.forEachChunk(count: m, work: m * n * k) { _, rows in
            // Row r of op(A) is row r of A, or column r of A when transposed.
            let rowsOfA = a + (transposeA ? rows.lowerBound : rows.lowerBound * lda)
            gemm(
                transposeA: transposeA, transposeB: transposeB, m: rows.count, n: n, k: k, alpha: alpha,
                a: rowsOfA, lda: lda, b: b, ldb: ldb, beta: beta, c: c + rows.lowerBound * ldc, ldc: ldc)
        }
    }
}
