// OpenBLAS, the opt-in backend. OpenBLAS picks its kernels per processor when it loads, and
// some releases take a recent processor for an old one (a Sapphire Rapids Xeon for Prescott,
// without AVX at all), so before its first product Ember moves it to the best family the
// processor supports, unless OPENBLAS_CORETYPE names one on purpose.

import CBLAS
import Foundation

extension BLAS {
    /// OpenBLAS's core families that use AVX2 or AVX-512: OpenBLAS is left alone on these.
    private static let vectorCores: Set<String> = ["haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"]

    /// The core OpenBLAS uses, after Ember's choice (see the file's header): "Cooperlake" etc.
    public static let openBLASCore: String = {
        let detected = openBLASCoreName()
        let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { !$0.isEmpty } ?? false
        guard !forced, !vectorCores.contains(detected.lowercased()), let best = ember_openblas_best_core()
        else { return detected }
        // OpenBLAS reads the family from the environment when it rebuilds its table; the
        // variable is removed again so that child processes choose for themselves.
        setenv("OPENBLAS_CORETYPE", best, 1)
        gotoblas_dynamic_quit()
        gotoblas_dynamic_init()
        unsetenv("OPENBLAS_CORETYPE")
        return openBLASCoreName()
    }()

    private static func openBLASCoreName() -> String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// `gemm` through `cblas_sgemm`. Returns false, without computing, when a size or stride
    /// does not fit OpenBLAS's 32-bit integers (the caller then uses Ember's product).
    static func openBLASGemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, accumulate: Bool, c: UnsafeMutablePointer<Float>, ldc: Int
    ) -> Bool {
        guard let m32 = Int32(exactly: m), let n32 = Int32(exactly: n), let k32 = Int32(exactly: k),
            let lda32 = Int32(exactly: Swift.max(lda, 1)), let ldb32 = Int32(exactly: Swift.max(ldb, 1)),
            let ldc32 = Int32(exactly: Swift.max(ldc, 1))
        else { return false }
        _ = openBLASCore
        // OpenBLAS clears C for beta = 0 in a slow separate pass, which weighs on small
        // products such as a convolution's per image; clearing it here and adding is cheaper.
        if !accumulate {
            if ldc == n {
                c.update(repeating: 0, count: m * n)
            } else {
                for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) }
            }
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            m32, n32, k32, 1, a, lda32, b, ldb32, 1, c, ldc32)
        return true
    }

    /// The number of threads OpenBLAS uses for one call.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(clamping: Swift.max(newValue, 1))) }
    }
}
