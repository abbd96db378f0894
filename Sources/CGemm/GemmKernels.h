// What the product's driver (Gemm.c) needs from each instruction-set path: the height of its
// row tiles, and a block kernel that runs over a packed block of A and a block of B.

#ifndef EMBER_GEMM_KERNELS_H
#define EMBER_GEMM_KERNELS_H

#include <stddef.h>

/// One block of the product: each element's chain of fused multiply-adds in the order of p
/// starts from C when `load` (a partial sum of earlier steps of k), from 0 otherwise, and is
/// stored to C, or added to C's value when `add` (accumulating: one rounding, at the end).
/// `a` is packed in the row tiles of `ember_gemm_tile_top`: the tile of R rows from row `top`
/// starts at a + top·depth and holds element (r, p) at [p·R + r]; or, when `a_stride` is
/// nonzero, not packed: element (i, p) is at a[i·a_stride + p], or at a[p·a_stride + i] when
/// `a_transposed` (for products with so few columns that packing A would cost more than
/// reading it in place).
/// `b` is either packed in strips of `tile_cols` columns (the last may be narrower): the
/// strip at column `left`, `w` wide, starts at b + left·depth and holds element (p, j) at
/// [p·w + j]; or, when `b_stride` is nonzero, not packed: element (p, j) is at
/// b[p·b_stride + j].
typedef struct {
    ptrdiff_t rows, cols, depth;
    const float *a;
    ptrdiff_t a_stride;
    int a_transposed;
    const float *b;
    ptrdiff_t b_stride;
    float *c;
    ptrdiff_t ldc;
    int load, add;
} ember_gemm_block;

/// A path: its tile height and width, its block kernel, and its copy of a matrix transposed,
/// out[c·out_ld + r] = src[r·ld + c] for r < rows, c < cols (for packing; a copy is exact).
typedef struct {
    ptrdiff_t tile_rows, tile_cols;
    void (*run)(const ember_gemm_block *block);
    void (*transpose)(const float *src, ptrdiff_t ld, ptrdiff_t rows, ptrdiff_t cols, float *out, ptrdiff_t out_ld);
} ember_gemm_kernel;

/// The scalar transpose, which the vector ones use for their edges.
void ember_gemm_transpose_scalar(
    const float *src, ptrdiff_t ld, ptrdiff_t rows, ptrdiff_t cols, float *out, ptrdiff_t out_ld);

extern const ember_gemm_kernel ember_gemm_portable_kernel;
#if defined(__x86_64__)
extern const ember_gemm_kernel ember_gemm_avx2_kernel;
extern const ember_gemm_kernel ember_gemm_avx512_kernel;
#endif

/// Rows of a block are split into the fewest tiles of at most `tile_rows`, as even as
/// possible: a last tile of one row would run one chain of dependent multiply-adds alone.
static inline ptrdiff_t ember_gemm_tile_count(ptrdiff_t rows, ptrdiff_t tile_rows) {
    return (rows + tile_rows - 1) / tile_rows;
}

/// The first row and the height of tile `t` of `tiles` over `rows` rows.
static inline ptrdiff_t ember_gemm_tile_top(ptrdiff_t rows, ptrdiff_t tiles, ptrdiff_t t, ptrdiff_t *height) {
    const ptrdiff_t base = rows / tiles, extra = rows % tiles;
    *height = base + (t < extra ? 1 : 0);
    return t * base + (t < extra ? t : extra);
}

/// Where the row tile from row `top` of A starts.
static inline const float *ember_gemm_tile_a(const ember_gemm_block *block, ptrdiff_t top) {
    if (!block->a_stride) return block->a + top * block->depth;
    return block->a + (block->a_transposed ? top : top * block->a_stride);
}

/// Where the strip of B at column `left`, `width` wide, starts, and its row stride.
static inline const float *ember_gemm_strip(
    const ember_gemm_block *block, ptrdiff_t left, ptrdiff_t width, ptrdiff_t *stride) {
    *stride = block->b_stride ? block->b_stride : width;
    return block->b_stride ? block->b + left : block->b + left * block->depth;
}

#endif
