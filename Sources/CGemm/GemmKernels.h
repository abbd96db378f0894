// What the product's driver (Gemm.c) needs from each instruction-set path: the height of its
// row tiles, and a block kernel that runs over a packed block of A and a block of B.

#ifndef EMBER_GEMM_KERNELS_H
#define EMBER_GEMM_KERNELS_H

#include <stddef.h>

/// One block of the product: C[0..<rows][0..<cols] = (load ? C : 0) + A·B, with the fused
/// multiply-adds of each element in the order of p.
/// `a` is packed in tiles of `tile_rows` rows (the last may be shorter): tile t, of R rows,
/// starts at a + t·tile_rows·depth and holds element (r, p) at [p·R + r].
/// `b` is either packed in strips of `tile_cols` columns (the last may be narrower): the
/// strip at column `left`, `w` wide, starts at b + left·depth and holds element (p, j) at
/// [p·w + j]; or, when `b_stride` is nonzero, not packed: element (p, j) is at
/// b[p·b_stride + j].
typedef struct {
    ptrdiff_t rows, cols, depth;
    const float *a;
    const float *b;
    ptrdiff_t b_stride;
    float *c;
    ptrdiff_t ldc;
    int load;
} ember_gemm_block;

/// A path: its tile height and width, and its block kernel.
typedef struct {
    ptrdiff_t tile_rows, tile_cols;
    void (*run)(const ember_gemm_block *block);
} ember_gemm_kernel;

extern const ember_gemm_kernel ember_gemm_portable_kernel;
#if defined(__x86_64__)
extern const ember_gemm_kernel ember_gemm_avx2_kernel;
extern const ember_gemm_kernel ember_gemm_avx512_kernel;
#endif

/// Where the strip of B at column `left`, `width` wide, starts, and its row stride.
static inline const float *ember_gemm_strip(
    const ember_gemm_block *block, ptrdiff_t left, ptrdiff_t width, ptrdiff_t *stride) {
    *stride = block->b_stride ? block->b_stride : width;
    return block->b_stride ? block->b + left : block->b + left * block->depth;
}

#endif
