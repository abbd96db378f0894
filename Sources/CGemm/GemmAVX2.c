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

// R rows × V vectors of one tile, the last vector masked when `partial`, A packed (U = 0) or
// in place by rows (1) or columns (2); all four are constants at every call, so the loops unroll and the accumulators stay
// in registers.
static inline __attribute__((always_inline)) AVX2_TARGET void tile(
    const int R, const int V, const int partial, const int U, const ember_gemm_block *block, const float *a,
    const float *b, ptrdiff_t stride, float *c, __m256i mask) {
    const float *row[tile_rows];
    UNROLL for (int r = 0; r < R; r++) row[r] = a + r * block->a_stride;
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
            const __m256 av = _mm256_broadcast_ss(U == 1 ? row[r] + p : U == 2 ? a + p * block->a_stride + r : a + p * R + r);
            UNROLL for (int v = 0; v < V; v++) acc[r][v] = _mm256_fmadd_ps(av, bv[v], acc[r][v]);
        }
    }
    UNROLL for (int r = 0; r < R; r++) {
        UNROLL for (int v = 0; v < V; v++) {
            float *out = c + r * block->ldc + v * lanes;
            const int masked = partial && v == V - 1;
            store(out, masked, mask, block->add ? _mm256_add_ps(load(out, masked, mask), acc[r][v]) : acc[r][v]);
        }
    }
}

#define TILE_CASE_U(R, U) \
    if (vectors == 2) { \
        if (partial) tile(R, 2, 1, U, block, a, b, stride, c, mask); \
        else tile(R, 2, 0, U, block, a, b, stride, c, mask); \
    } else { \
        if (partial) tile(R, 1, 1, U, block, a, b, stride, c, mask); \
        else tile(R, 1, 0, U, block, a, b, stride, c, mask); \
    }

#define TILE_CASE(R) \
    case R: \
        if (block->a_stride && block->a_transposed) { \
            TILE_CASE_U(R, 2) \
        } else if (block->a_stride) { \
            TILE_CASE_U(R, 1) \
        } else { \
            TILE_CASE_U(R, 0) \
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
        const ptrdiff_t tiles = ember_gemm_tile_count(block->rows, tile_rows);
        for (ptrdiff_t t = 0; t < tiles; t++) {
            ptrdiff_t height;
            const ptrdiff_t top = ember_gemm_tile_top(block->rows, tiles, t, &height);
            const float *a = ember_gemm_tile_a(block, top);
            tile_of_height(
                height, vectors, rest < lanes, block, a, b, stride, block->c + top * block->ldc + left, mask);
        }
    }
}

// An 8×8 block through registers: rows `rows` ≤ 8 of `src` (the others read as zeros) become
// columns of `out`, each written through `mask` (its first `rows` lanes).
static inline __attribute__((always_inline)) AVX2_TARGET void transpose8(
    const float *src, ptrdiff_t ld, int rows, float *out, ptrdiff_t out_ld, int masked, __m256i mask) {
    __m256 x[8], y[8];
    UNROLL for (int i = 0; i < 8; i++) x[i] = i < rows ? _mm256_loadu_ps(src + i * ld) : _mm256_setzero_ps();
    UNROLL for (int i = 0; i < 8; i += 2) {
        y[i] = _mm256_unpacklo_ps(x[i], x[i + 1]);
        y[i + 1] = _mm256_unpackhi_ps(x[i], x[i + 1]);
    }
    UNROLL for (int i = 0; i < 8; i += 4) {
        x[i] = _mm256_shuffle_ps(y[i], y[i + 2], 0x44);
        x[i + 1] = _mm256_shuffle_ps(y[i], y[i + 2], 0xEE);
        x[i + 2] = _mm256_shuffle_ps(y[i + 1], y[i + 3], 0x44);
        x[i + 3] = _mm256_shuffle_ps(y[i + 1], y[i + 3], 0xEE);
    }
    UNROLL for (int i = 0; i < 4; i++) {
        y[i] = _mm256_permute2f128_ps(x[i], x[i + 4], 0x20);
        y[i + 4] = _mm256_permute2f128_ps(x[i], x[i + 4], 0x31);
    }
    UNROLL for (int i = 0; i < 8; i++) store(out + i * out_ld, masked, mask, y[i]);
}

// Transposes in blocks of 8×8 through registers, the last columns one float at a time.
void ember_gemm_transpose_avx2(
    const float *src, ptrdiff_t ld, ptrdiff_t rows, ptrdiff_t cols, float *out, ptrdiff_t out_ld);

AVX2_TARGET void ember_gemm_transpose_avx2(
    const float *src, ptrdiff_t ld, ptrdiff_t rows, ptrdiff_t cols, float *out, ptrdiff_t out_ld) {
    const ptrdiff_t cols8 = cols & ~(ptrdiff_t)7;
    for (ptrdiff_t r = 0; r < rows; r += 8) {
        const int height = rows - r < 8 ? (int)(rows - r) : 8;
        const __m256i mask =
            _mm256_cmpgt_epi32(_mm256_set1_epi32(height), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        for (ptrdiff_t c = 0; c < cols8; c += 8) {
            const float *s = src + r * ld + c;
            float *o = out + c * out_ld + r;
            switch (height) {
                case 8: transpose8(s, ld, 8, o, out_ld, 0, mask); break;
                case 7: transpose8(s, ld, 7, o, out_ld, 1, mask); break;
                case 6: transpose8(s, ld, 6, o, out_ld, 1, mask); break;
                case 5: transpose8(s, ld, 5, o, out_ld, 1, mask); break;
                case 4: transpose8(s, ld, 4, o, out_ld, 1, mask); break;
                case 3: transpose8(s, ld, 3, o, out_ld, 1, mask); break;
                case 2: transpose8(s, ld, 2, o, out_ld, 1, mask); break;
                default: transpose8(s, ld, 1, o, out_ld, 1, mask); break;
            }
        }
        ember_gemm_transpose_scalar(src + r * ld + cols8, ld, height, cols - cols8, out + cols8 * out_ld + r, out_ld);
    }
}

const ember_gemm_kernel ember_gemm_avx2_kernel = {
    tile_rows, tile_vectors * lanes, run_avx2, ember_gemm_transpose_avx2};

#endif
