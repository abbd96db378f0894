// The AVX-512 path: tiles of up to 12 rows × 32 columns of C held in 24 registers of 16 lanes,
// one fused multiply-add per lane and step of p. The last columns of a row are loaded and
// stored through a lane mask, so no element is ever summed another way.

#if defined(__x86_64__)

#include <immintrin.h>

#include "GemmKernels.h"

// Loops over rows and vectors of a tile unroll completely, so the accumulators are registers.
#define UNROLL _Pragma("GCC unroll 16")

#define AVX512_TARGET __attribute__((target("avx512f")))

enum { tile_rows = 12, tile_vectors = 2, lanes = 16 };

// R rows × V vectors of one tile, A packed (U = 0) or in place by rows (1) or columns (2);
// R, V and U are constants at every call, so the loops unroll and the accumulators stay in registers.
static inline __attribute__((always_inline)) AVX512_TARGET void tile(
    const int R, const int V, const int U, const ember_gemm_block *block, const float *a, const float *b,
    ptrdiff_t stride, float *c, __mmask16 last) {
    const float *row[tile_rows];
    UNROLL for (int r = 0; r < R; r++) row[r] = a + r * block->a_stride;
    const __mmask16 mask[2] = {V == 1 ? last : (__mmask16)0xFFFF, last};
    __m512 acc[tile_rows][tile_vectors];
    UNROLL for (int r = 0; r < R; r++) {
        UNROLL for (int v = 0; v < V; v++) {
            acc[r][v] = block->load ? _mm512_maskz_loadu_ps(mask[v], c + r * block->ldc + v * lanes)
                                    : _mm512_setzero_ps();
        }
    }
    for (ptrdiff_t p = 0; p < block->depth; p++) {
        __m512 bv[tile_vectors];
        UNROLL for (int v = 0; v < V; v++) bv[v] = _mm512_maskz_loadu_ps(mask[v], b + p * stride + v * lanes);
        UNROLL for (int r = 0; r < R; r++) {
            const __m512 av = _mm512_set1_ps(U == 1 ? row[r][p] : U == 2 ? a[p * block->a_stride + r] : a[p * R + r]);
            UNROLL for (int v = 0; v < V; v++) acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
        }
    }
    UNROLL for (int r = 0; r < R; r++) {
        UNROLL for (int v = 0; v < V; v++) {
            float *out = c + r * block->ldc + v * lanes;
            const __m512 sum = block->add ? _mm512_add_ps(_mm512_maskz_loadu_ps(mask[v], out), acc[r][v]) : acc[r][v];
            _mm512_mask_storeu_ps(out, mask[v], sum);
        }
    }
}

#define TILE_CASE(R) \
    case R: \
        if (block->a_stride && block->a_transposed) { \
            if (vectors == 2) tile(R, 2, 2, block, a, b, stride, c, last); \
            else tile(R, 1, 2, block, a, b, stride, c, last); \
        } else if (block->a_stride) { \
            if (vectors == 2) tile(R, 2, 1, block, a, b, stride, c, last); \
            else tile(R, 1, 1, block, a, b, stride, c, last); \
        } else { \
            if (vectors == 2) tile(R, 2, 0, block, a, b, stride, c, last); \
            else tile(R, 1, 0, block, a, b, stride, c, last); \
        } \
        break;

static AVX512_TARGET void tile_of_height(
    ptrdiff_t height, int vectors, const ember_gemm_block *block, const float *a, const float *b,
    ptrdiff_t stride, float *c, __mmask16 last) {
    switch (height) {
        TILE_CASE(1) TILE_CASE(2) TILE_CASE(3) TILE_CASE(4) TILE_CASE(5) TILE_CASE(6)
        TILE_CASE(7) TILE_CASE(8) TILE_CASE(9) TILE_CASE(10) TILE_CASE(11) TILE_CASE(12)
        default: break;
    }
}

// Strip by strip of B (which then stays in L1), tile by tile of A.
static AVX512_TARGET void run_avx512(const ember_gemm_block *block) {
    const ptrdiff_t width = tile_vectors * lanes;
    for (ptrdiff_t left = 0; left < block->cols; left += width) {
        const ptrdiff_t cols = block->cols - left < width ? block->cols - left : width;
        const int vectors = cols > lanes ? 2 : 1;
        const ptrdiff_t rest = cols - (vectors - 1) * lanes;
        const __mmask16 last = (__mmask16)((1u << rest) - 1u);
        ptrdiff_t stride;
        const float *b = ember_gemm_strip(block, left, cols, &stride);
        const ptrdiff_t tiles = ember_gemm_tile_count(block->rows, tile_rows);
        for (ptrdiff_t t = 0; t < tiles; t++) {
            ptrdiff_t height;
            const ptrdiff_t top = ember_gemm_tile_top(block->rows, tiles, t, &height);
            const float *a = ember_gemm_tile_a(block, top);
            tile_of_height(height, vectors, block, a, b, stride, block->c + top * block->ldc + left, last);
        }
    }
}

void ember_gemm_transpose_avx2(
    const float *src, ptrdiff_t ld, ptrdiff_t rows, ptrdiff_t cols, float *out, ptrdiff_t out_ld);

// Packing shares the AVX2 path's transpose: every processor with AVX-512 has AVX2.
const ember_gemm_kernel ember_gemm_avx512_kernel = {
    tile_rows, tile_vectors * lanes, run_avx512, ember_gemm_transpose_avx2};

#endif
