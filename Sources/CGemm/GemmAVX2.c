// The AVX2+FMA path: tiles of up to 6 rows × 16 columns of C held in 12 registers of 8 lanes,
// one fused multiply-add per lane and step of p. The last columns of a row go through masked
// loads and stores, so no element is ever summed another way.

#if defined(__x86_64__)

#include <immintrin.h>

#include "GemmKernels.h"

// Loops over rows and vectors of a tile unroll completely, so the accumulators are registers.
#define UNROLL _Pragma("GCC unroll 16")

#define AVX2_TARGET __attribute__((target("avx2,fma")))

enum { tile_rows = 6, tile_vectors = 2, lanes = 8 };

static inline __attribute__((always_inline)) AVX2_TARGET __m256 load(
    const float *p, int masked, __m256i mask) {
    return masked ? _mm256_maskload_ps(p, mask) : _mm256_loadu_ps(p);
}

static inline __attribute__((always_inline)) AVX2_TARGET void store(
    float *p, int masked, __m256i mask, __m256 value) {
    if (masked) _mm256_maskstore_ps(p, mask, value);
    else _mm256_storeu_ps(p, value);
}

// R rows × V vectors of one tile, the last vector masked when `partial`; all three are
// constants at every call, so the loops unroll and the accumulators stay in registers.
static inline __attribute__((always_inline)) AVX2_TARGET void tile(
    const int R, const int V, const int partial, const ember_gemm_block *block, const float *a,
    const float *b, ptrdiff_t stride, float *c, __m256i mask) {
    __m256 acc[tile_rows][tile_vectors];
    UNROLL for (int r = 0; r < R; r++) {
        UNROLL for (int v = 0; v < V; v++) {
            acc[r][v] = block->load ? load(c + r * block->ldc + v * lanes, partial && v == V - 1, mask)
                                    : _mm256_setzero_ps();
        }
    }
    for (ptrdiff_t p = 0; p < block->depth; p++) {
        __m256 bv[tile_vectors];
        UNROLL for (int v = 0; v < V; v++) bv[v] = load(b + p * stride + v * lanes, partial && v == V - 1, mask);
        UNROLL for (int r = 0; r < R; r++) {
            const __m256 av = _mm256_broadcast_ss(a + p * R + r);
            UNROLL for (int v = 0; v < V; v++) acc[r][v] = _mm256_fmadd_ps(av, bv[v], acc[r][v]);
        }
    }
    UNROLL for (int r = 0; r < R; r++) {
        UNROLL for (int v = 0; v < V; v++) store(c + r * block->ldc + v * lanes, partial && v == V - 1, mask, acc[r][v]);
    }
}

#define TILE_CASE(R) \
    case R: \
        if (vectors == 2) { \
            if (partial) tile(R, 2, 1, block, a, b, stride, c, mask); \
            else tile(R, 2, 0, block, a, b, stride, c, mask); \
        } else { \
            if (partial) tile(R, 1, 1, block, a, b, stride, c, mask); \
            else tile(R, 1, 0, block, a, b, stride, c, mask); \
        } \
        break;

static AVX2_TARGET void tile_of_height(
    ptrdiff_t height, int vectors, int partial, const ember_gemm_block *block, const float *a,
    const float *b, ptrdiff_t stride, float *c, __m256i mask) {
    switch (height) {
        TILE_CASE(1) TILE_CASE(2) TILE_CASE(3) TILE_CASE(4) TILE_CASE(5) TILE_CASE(6)
        default: break;
    }
}

// Strip by strip of B (which then stays in L1), tile by tile of A.
static AVX2_TARGET void run_avx2(const ember_gemm_block *block) {
    const ptrdiff_t width = tile_vectors * lanes;
    for (ptrdiff_t left = 0; left < block->cols; left += width) {
        const ptrdiff_t cols = block->cols - left < width ? block->cols - left : width;
        const int vectors = cols > lanes ? 2 : 1;
        const int rest = (int)(cols - (vectors - 1) * lanes);
        // Lanes below `rest` have their sign bit set: those are loaded and stored.
        const __m256i mask =
            _mm256_cmpgt_epi32(_mm256_set1_epi32(rest), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        ptrdiff_t stride;
        const float *b = ember_gemm_strip(block, left, cols, &stride);
        for (ptrdiff_t top = 0; top < block->rows; top += tile_rows) {
            const ptrdiff_t height = block->rows - top < tile_rows ? block->rows - top : tile_rows;
            const float *a = block->a + top * block->depth;
            tile_of_height(
                height, vectors, rest < lanes, block, a, b, stride, block->c + top * block->ldc + left, mask);
        }
    }
}

const ember_gemm_kernel ember_gemm_avx2_kernel = {tile_rows, tile_vectors * lanes, run_avx2};

#endif
