#include <cblas.h>
// OpenBLAS declares these in cblas.h; they let Ember pick the thread count per operation.

// OpenBLAS exports these without declaring them: the first tears down its table of kernels,
// the second builds it again for the core named by OPENBLAS_CORETYPE (or detected).
void gotoblas_dynamic_quit(void);
void gotoblas_dynamic_init(void);

/// The fastest OpenBLAS core family this processor can run, or NULL when none is better than
/// what OpenBLAS finds itself. Checked here, not guessed: forcing a family whose instructions
/// the processor lacks ends the process with SIGILL on the first product.
static inline const char *ember_openblas_best_core(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512cd")) {
        return __builtin_cpu_supports("avx512bf16") ? "Cooperlake" : "SkylakeX";
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
    return 0;
}
