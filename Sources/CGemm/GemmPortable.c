// The portable path: one element at a time with the C library's fmaf, which is exact on every
// processor (an instruction where there is one, a correctly rounded emulation elsewhere).

#include <math.h>

#include "GemmKernels.h"

enum { portable_tile_rows = 4, portable_tile_cols = 16 };

static void run_portable(const ember_gemm_block *block) {
    for (ptrdiff_t left = 0; left < block->cols; left += portable_tile_cols) {
        const ptrdiff_t width = block->cols - left < portable_tile_cols ? block->cols - left : portable_tile_cols;
        ptrdiff_t stride;
        const float *b = ember_gemm_strip(block, left, width, &stride);
        for (ptrdiff_t top = 0; top < block->rows; top += portable_tile_rows) {
            const ptrdiff_t height = block->rows - top < portable_tile_rows ? block->rows - top : portable_tile_rows;
            const float *tile = block->a + top * block->depth;
            for (ptrdiff_t r = 0; r < height; r++) {
                float *row = block->c + (top + r) * block->ldc + left;
                for (ptrdiff_t j = 0; j < width; j++) {
                    float acc = block->load ? row[j] : 0.0f;
                    for (ptrdiff_t p = 0; p < block->depth; p++) acc = fmaf(tile[p * height + r], b[p * stride + j], acc);
                    row[j] = acc;
                }
            }
        }
    }
}

const ember_gemm_kernel ember_gemm_portable_kernel = {portable_tile_rows, portable_tile_cols, run_portable};
