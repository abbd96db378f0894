// The driver of Ember's matrix product: picks the path for the processor, then walks C in
// blocks. Blocks of k are summed into C one after another (storing a partial sum in C and
// loading it back is exact), blocks of A are packed tile by tile so the kernels read them in
// order, and B is packed only when its rows do not run along j (transposed) or are too wide
// to stay in cache. Packing copies values, so none of it changes a result.

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "CGemm.h"
#include "GemmKernels.h"

// Block sizes: a block of k deep enough to amortise loading C, rows of A that stay in L1/L2
// while B streams, and columns of packed B that stay in L2.
enum { depth_block = 256, row_block = 144, column_block = 512 };
// Products whose B holds more floats than this are packed even when B runs along j.
enum { direct_b_limit = 1 << 18 };
// The scratch used when no larger buffer can be allocated: enough for the smallest blocks.
enum { fallback_depth = 128, fallback_columns = 32, fallback_floats = 12 * 128 + 128 * 32 };

typedef struct {
    int transpose_a, transpose_b;
    ptrdiff_t m, n, k;
    const float *a;
    ptrdiff_t lda;
    const float *b;
    ptrdiff_t ldb;
    int accumulate;
    float *c;
    ptrdiff_t ldc;
} product;

// ---- Scratch: one growing buffer per thread, freed when the thread ends.

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;
static int scratch_key_ready = 0;

typedef struct {
    size_t capacity;
    float values[];
} scratch;

static void make_scratch_key(void) { scratch_key_ready = pthread_key_create(&scratch_key, free) == 0; }

// A buffer of at least `count` floats for this thread, or NULL if none can be had.
static float *thread_scratch(size_t count) {
    pthread_once(&scratch_once, make_scratch_key);
    if (!scratch_key_ready) return NULL;
    scratch *current = pthread_getspecific(scratch_key);
    if (current && current->capacity >= count) return current->values;
    if (count > (SIZE_MAX - sizeof(scratch)) / sizeof(float)) return NULL;
    scratch *grown = malloc(sizeof(scratch) + count * sizeof(float));
    if (!grown) return NULL;
    grown->capacity = count;
    if (pthread_setspecific(scratch_key, grown) != 0) {
        free(grown);
        return NULL;
    }
    free(current);
    return grown->values;
}

// ---- Packing.

// opA[top ..< top + rows][depth0 ..< depth0 + depth] in the row tiles of the kernel.
static void pack_a(const ember_gemm_kernel *kernel, const product *q, ptrdiff_t top, ptrdiff_t rows,
                   ptrdiff_t depth0, ptrdiff_t depth, float *out) {
    const ptrdiff_t tiles = ember_gemm_tile_count(rows, kernel->tile_rows);
    for (ptrdiff_t t = 0; t < tiles; t++) {
        ptrdiff_t height;
        const ptrdiff_t first = ember_gemm_tile_top(rows, tiles, t, &height);
        float *tile = out + first * depth;
        const ptrdiff_t i = top + first;
        if (q->transpose_a) {
            // Row p of the tile is `height` consecutive floats of row p of A.
            const float *column = q->a + depth0 * q->lda + i;
            for (ptrdiff_t p = 0; p < depth; p++) {
                for (ptrdiff_t r = 0; r < height; r++) tile[p * height + r] = column[p * q->lda + r];
            }
        } else {
            kernel->transpose(q->a + i * q->lda + depth0, q->lda, height, depth, tile, height);
        }
    }
}

// opB[depth0 ..< depth0 + depth][left ..< left + cols] in strips of the kernel's width (the
// last may be narrower), each row-major with its own width as stride.
static void pack_b(const ember_gemm_kernel *kernel, const product *q, ptrdiff_t depth0, ptrdiff_t depth,
                   ptrdiff_t left, ptrdiff_t cols, float *out) {
    for (ptrdiff_t s = 0; s < cols; s += kernel->tile_cols) {
        const ptrdiff_t width = cols - s < kernel->tile_cols ? cols - s : kernel->tile_cols;
        float *panel = out + s * depth;
        if (q->transpose_b) {
            kernel->transpose(q->b + (left + s) * q->ldb + depth0, q->ldb, width, depth, panel, width);
        } else {
            for (ptrdiff_t p = 0; p < depth; p++) {
                memcpy(panel + p * width, q->b + (depth0 + p) * q->ldb + left + s, (size_t)width * sizeof(float));
            }
        }
    }
}

// ---- The walk over blocks.

static void clear_c(const product *q) {
    for (ptrdiff_t i = 0; i < q->m; i++) memset(q->c + i * q->ldc, 0, (size_t)q->n * sizeof(float));
}

// The size of `total` split into the fewest blocks of at most `limit`, as even as possible: a
// last block of k a few steps deep would load and store C for almost no work.
static ptrdiff_t even_block(ptrdiff_t total, ptrdiff_t limit) {
    const ptrdiff_t blocks = (total + limit - 1) / limit;
    return (total + blocks - 1) / blocks;
}

// The definition itself, one element at a time with no scratch: for a product accumulating
// over more steps of k than the stack's blocks hold, when no memory can be had.
static void run_unblocked(const product *q) {
    for (ptrdiff_t i = 0; i < q->m; i++) {
        for (ptrdiff_t j = 0; j < q->n; j++) {
            float acc = 0.0f;
            for (ptrdiff_t p = 0; p < q->k; p++) {
                const float a = q->transpose_a ? q->a[p * q->lda + i] : q->a[i * q->lda + p];
                const float b = q->transpose_b ? q->b[j * q->ldb + p] : q->b[p * q->ldb + j];
                acc = fmaf(a, b, acc);
            }
            float *c = q->c + i * q->ldc + j;
            *c = q->accumulate ? *c + acc : acc;
        }
    }
}

static void run(const ember_gemm_kernel *kernel, const product *q) {
    if (q->m <= 0 || q->n <= 0) return;
    if (q->k <= 0) {
        if (!q->accumulate) clear_c(q);
        return;
    }
    const int pack_all_b = q->transpose_b || q->n * q->k > direct_b_limit;
    // With one or two strips of columns, each element of A is read once or twice: packing it
    // would cost more than reading it in place.
    const int pack_a_tiles = q->n > 2 * kernel->tile_cols;
    // Accumulating, C's old value is added once to each finished chain, so k is one block.
    ptrdiff_t kc = q->accumulate ? q->k : even_block(q->k, depth_block);
    ptrdiff_t mc = q->m < row_block ? q->m : row_block;
    ptrdiff_t nc = pack_all_b ? (q->n < column_block ? q->n : column_block) : q->n;
    float fallback[fallback_floats];
    float *a_buffer = thread_scratch((size_t)(mc * kc + (pack_all_b ? kc * nc : 0)));
    if (!a_buffer) {
        // No memory for full blocks: the smallest ones, on the stack, give the same result.
        if (q->accumulate && q->k > fallback_depth) {
            run_unblocked(q);
            return;
        }
        a_buffer = fallback;
        kc = q->accumulate ? q->k : even_block(q->k, fallback_depth);
        mc = q->m < kernel->tile_rows ? q->m : kernel->tile_rows;
        if (pack_all_b) nc = q->n < fallback_columns ? q->n : fallback_columns;
    }
    float *b_buffer = a_buffer + mc * kc;
    for (ptrdiff_t left = 0; left < q->n; left += nc) {
        const ptrdiff_t cols = q->n - left < nc ? q->n - left : nc;
        for (ptrdiff_t depth0 = 0; depth0 < q->k; depth0 += kc) {
            const ptrdiff_t depth = q->k - depth0 < kc ? q->k - depth0 : kc;
            ember_gemm_block block = {.cols = cols, .depth = depth, .ldc = q->ldc};
            block.load = depth0 > 0;
            block.add = q->accumulate;
            if (pack_all_b) {
                pack_b(kernel, q, depth0, depth, left, cols, b_buffer);
                block.b = b_buffer;
                block.b_stride = 0;
            } else {
                block.b = q->b + depth0 * q->ldb + left;
                block.b_stride = q->ldb;
            }
            for (ptrdiff_t top = 0; top < q->m; top += mc) {
                block.rows = q->m - top < mc ? q->m - top : mc;
                if (pack_a_tiles) {
                    pack_a(kernel, q, top, block.rows, depth0, depth, a_buffer);
                    block.a = a_buffer;
                } else {
                    block.a = q->transpose_a ? q->a + depth0 * q->lda + top : q->a + top * q->lda + depth0;
                    block.a_stride = q->lda;
                    block.a_transposed = q->transpose_a;
                }
                block.c = q->c + top * q->ldc + left;
                kernel->run(&block);
            }
        }
    }
}

// ---- Paths.

int ember_gemm_path_supported(ember_gemm_path path) {
    switch (path) {
        case EMBER_GEMM_PATH_AUTOMATIC:
        case EMBER_GEMM_PATH_PORTABLE: return 1;
#if defined(__x86_64__)
        case EMBER_GEMM_PATH_AVX2:
            return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        case EMBER_GEMM_PATH_AVX512:
            // Its packing uses the AVX2 path's transpose.
            return __builtin_cpu_supports("avx512f") && ember_gemm_path_supported(EMBER_GEMM_PATH_AVX2);
#endif
        default: return 0;
    }
}

ember_gemm_path ember_gemm_automatic_path(void) {
    if (ember_gemm_path_supported(EMBER_GEMM_PATH_AVX512)) return EMBER_GEMM_PATH_AVX512;
    if (ember_gemm_path_supported(EMBER_GEMM_PATH_AVX2)) return EMBER_GEMM_PATH_AVX2;
    return EMBER_GEMM_PATH_PORTABLE;
}

static const ember_gemm_kernel *kernel_for(ember_gemm_path path) {
    switch (path) {
#if defined(__x86_64__)
        case EMBER_GEMM_PATH_AVX2: return &ember_gemm_avx2_kernel;
        case EMBER_GEMM_PATH_AVX512: return &ember_gemm_avx512_kernel;
#endif
        default: return &ember_gemm_portable_kernel;
    }
}

// The automatic path's kernel, found once (every thread finds the same one, so a race to
// store it is harmless).
static const ember_gemm_kernel *automatic_kernel(void) {
    static const ember_gemm_kernel *chosen = NULL;
    const ember_gemm_kernel *kernel = __atomic_load_n(&chosen, __ATOMIC_ACQUIRE);
    if (!kernel) {
        kernel = kernel_for(ember_gemm_automatic_path());
        __atomic_store_n(&chosen, kernel, __ATOMIC_RELEASE);
    }
    return kernel;
}

void ember_sgemm(int transpose_a, int transpose_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a,
                 ptrdiff_t lda, const float *b, ptrdiff_t ldb, int accumulate, float *c, ptrdiff_t ldc) {
    const product q = {transpose_a, transpose_b, m, n, k, a, lda, b, ldb, accumulate, c, ldc};
    run(automatic_kernel(), &q);
}

int ember_sgemm_on_path(ember_gemm_path path, int transpose_a, int transpose_b, ptrdiff_t m, ptrdiff_t n,
                        ptrdiff_t k, const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                        int accumulate, float *c, ptrdiff_t ldc) {
    if (!ember_gemm_path_supported(path)) return -1;
    const product q = {transpose_a, transpose_b, m, n, k, a, lda, b, ldb, accumulate, c, ldc};
    run(path == EMBER_GEMM_PATH_AUTOMATIC ? automatic_kernel() : kernel_for(path), &q);
    return 0;
}
