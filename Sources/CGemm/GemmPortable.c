// The portable path: one element at a time with the C library's fmaf, which is exact on every
// processor (an instruction where there is one, a correctly rounded emulation elsewhere).

#include <math.h>

#include "GemmKernels.h"

enum { portable_tile_rows = 4, portable_tile_cols = 16 };

// Element (r, p) of the row tile at `tile`, `height` rows, in the block's layout of A.
static inline float a_element(const ember_gemm_block *block, const float *tile, ptrdiff_t height, ptrdiff_t r, ptrdiff_t p) {
    if (!block->a_stride) return tile[p * height + r];
    return block->a_transposed ? tile[p * block->a_stride + r] : tile[r * block->a_stride + p];
}

static void run_portable(const ember_gemm_block *block) {
    for (ptrdiff_t left = 0; left < block->cols; left += portable_tile_cols) {
        const ptrdiff_t width = block->cols - left < portable_tile_cols ? block->cols - left : portable_tile_cols;
        ptrdiff_t stride;
        const float *b = ember_gemm_strip(block, left, width, &stride);
        const ptrdiff_t tiles = ember_gemm_tile_count(block->rows, portable_tile_rows);
        for (ptrdiff_t t = 0; t < tiles; t++) {
            ptrdiff_t height;
            const ptrdiff_t top = ember_gemm_tile_top(block->rows, tiles, t, &height);
            const float *tile = ember_gemm_tile_a(block, top);
            for (ptrdiff_t r = 0; r < height; r++) {
                float *row = block->c + (top + r) * block->ldc + left;
                for (ptrdiff_t j = 0; j < width; j++) {
                    float acc = block->load ? row[j] : 0.0f;
                    for (ptrdiff_t p = 0; p < block->depth; p++) acc = fmaf(a_element(block, tile, height, r, p), b[p * stride + j], acc);
                    row[j] = block->add ? row[j] + acc : acc;
                }
            }
        }
    }
}

void ember_gemm_transpose_scalar(
    const float *src, ptrdiff_t ld, ptrdiff_t rows, ptrdiff_t cols, float *out, ptrdiff_t out_ld) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        for (ptrdiff_t c = 0; c < cols; c++) out[c * out_ld + r] = src[r * ld + c];
    }
}

const ember_gemm_kernel ember_gemm_portable_kernel = {
    portable_tile_rows, portable_tile_cols, run_portable, ember_gemm_transpose_scalar};
