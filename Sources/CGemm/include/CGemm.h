// Ember's own single-precision matrix product, whose result is defined element by element so
// that it is the same, bit for bit, on every processor:
//
//   acc = 0
//   for p in 0 ..< k, in order:  acc = fmaf(opA[i][p], opB[p][j], acc)
//   C[i][j] = accumulate ? C[i][j] + acc : acc
//
// (Accumulating adds the finished sum once, so gradients summed over calls behave as sums:
// adding the same product twice to zeros gives exactly twice it.)
//
// Vector code runs across j (and i) only, never across p, and every step is one fused
// multiply-add with a single rounding, so the AVX-512, AVX2+FMA and portable paths give the
// same bits; only the speed differs. (A NaN result is NaN on every path; which NaN's payload
// survives when several meet is up to the instruction, as IEEE 754 allows.)

#ifndef EMBER_CGEMM_H
#define EMBER_CGEMM_H

#include <stddef.h>

/// The instruction-set paths of the product.
typedef enum {
    /// The best path the processor supports.
    EMBER_GEMM_PATH_AUTOMATIC = 0,
    /// `fmaf` one element at a time, on any processor.
    EMBER_GEMM_PATH_PORTABLE = 1,
    /// 8-lane AVX2 with FMA (x86-64 only).
    EMBER_GEMM_PATH_AVX2 = 2,
    /// 16-lane AVX-512F, on processors that also have AVX2+FMA (x86-64 only).
    EMBER_GEMM_PATH_AVX512 = 3,
} ember_gemm_path;

/// Whether this processor can run `path` (the automatic and portable paths always can).
int ember_gemm_path_supported(ember_gemm_path path);

/// The path that `ember_sgemm` uses on this processor.
ember_gemm_path ember_gemm_automatic_path(void);

/// `C = op(A)·op(B)`, or `C += op(A)·op(B)` when `accumulate` is nonzero, on row-major
/// matrices: op(A) is m×k, op(B) is k×n, C is m×n; `transpose_a`/`transpose_b` nonzero means
/// the matrix is stored transposed; lda, ldb and ldc are the row strides as stored.
void ember_sgemm(
    int transpose_a, int transpose_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a,
    ptrdiff_t lda, const float *b, ptrdiff_t ldb, int accumulate, float *c, ptrdiff_t ldc);

/// `ember_sgemm` on a chosen path, for tests and benchmarks that compare the paths.
/// Returns 0, or -1 without touching C when the processor cannot run `path`.
int ember_sgemm_on_path(
    ember_gemm_path path, int transpose_a, int transpose_b, ptrdiff_t m, ptrdiff_t n,
    ptrdiff_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb, int accumulate,
    float *c, ptrdiff_t ldc);

#endif
