// The choice of backend: EMBER_BLAS's values, OpenBLAS's products when chosen, and the core
// family OpenBLAS is moved to on a processor it takes for an old one.

import EmberCore
import Foundation
import Testing

@Suite struct BLASBackendTests {
    @Test func environmentValuesSelectTheBackend() {
        #expect(BLAS.backend(named: nil) == .ember)
        #expect(BLAS.backend(named: "") == .ember)
        #expect(BLAS.backend(named: "ember") == .ember)
        #expect(BLAS.backend(named: "openblas") == .openBLAS)
        #expect(BLAS.backend(named: "OpenBLAS") == .openBLAS)
        #expect(BLAS.backend(named: "mkl") == .ember)
    }

    @Test func openBLASProductsMatchEmbersClosely() throws {
        let (m, n, k) = (37, 45, 70)
        var values = [Float](repeating: 0, count: m * k + k * n + m * n)
        values.withUnsafeMutableBufferPointer { Generator(seed: 5).fillNormal($0, mean: 0, std: 1) }
        let a = Array(values[0..<m * k])
        let b = Array(values[m * k..<m * k + k * n])
        let start = Array(values[(m * k + k * n)...])
        for accumulate in [false, true] {
            var results: [[Float]] = []
            for backend in BLAS.Backend.allCases {
                var c = start
                try a.withUnsafeBufferPointer { pa in
                    try b.withUnsafeBufferPointer { pb in
                        try c.withUnsafeMutableBufferPointer { pc in
                            BLAS.gemm(
                                using: backend, transposeB: true, m: m, n: n, k: k, a: try #require(pa.baseAddress),
                                lda: k, b: try #require(pb.baseAddress), ldb: k, accumulate: accumulate,
                                c: try #require(pc.baseAddress), ldc: n)
                        }
                    }
                }
                results.append(c)
            }
            let difference = zip(results[0], results[1]).map { Swift.abs($0 - $1) }.max() ?? .infinity
            #expect(difference < 1e-4, "accumulate \(accumulate)")
            #expect(results[0] != start)
        }
    }

    @Test(
        .enabled(
            if: BLAS.KernelPath.avx2.isSupported && ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
            "the processor has no AVX2, or OPENBLAS_CORETYPE chooses the core"))
    func openBLASUsesAVX2OrAVX512Kernels() {
        let families = ["Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"].map { $0.lowercased() }
        #expect(families.contains(BLAS.openBLASCore.lowercased()), "OpenBLAS core \(BLAS.openBLASCore)")
    }
}
