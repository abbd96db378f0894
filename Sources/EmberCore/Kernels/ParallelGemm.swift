// Matrix products split by rows of the result: each chunk of rows is one single-threaded
// product on its own core. No element is summed across chunks, and Ember's product defines
// each element by itself, so the split gives the same bits as one call (with OpenBLAS it may
// change the last bit, but the fixed split makes it the same every time), and thin products
// such as a batch of 64 rows keep both cores busy.

extension BLAS {
    /// `C = op(A) · op(B)` (or `+=` when `accumulate`) like `gemm`, with the `m` rows of `C` split into
    /// `Parallel` chunks that run concurrently when the product is large enough.
    public static func gemmSplittingRows(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        accumulate: Bool = false, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        Parallel.forEachChunk(count: m, work: m * n * k) { _, rows in
            // Row r of op(A) is row r of A, or column r of A when transposed.
            let rowsOfA = a + (transposeA ? rows.lowerBound : rows.lowerBound * lda)
            gemm(
                transposeA: transposeA, transposeB: transposeB, m: rows.count, n: n, k: k,
                a: rowsOfA, lda: lda, b: b, ldb: ldb, accumulate: accumulate, c: c + rows.lowerBound * ldc, ldc: ldc)
        }
    }
}
