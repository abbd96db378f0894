// Which implementation computes the matrix products: Ember's own, reproducible bit for bit
// across processors, or OpenBLAS, for speed where reproducibility does not matter. Chosen once
// per process from EMBER_BLAS, and changeable from Swift.

import Foundation
import Synchronization

extension BLAS {
    /// An implementation of the matrix products.
    public enum Backend: String, CaseIterable, Sendable {
        /// Ember's own product (the default): every element is one chain of fused multiply-adds
        /// in order of k, so results are the same bits on every x86-64 processor with AVX2+FMA
        /// or AVX-512, Intel or AMD, whatever OpenBLAS would pick.
        case ember
        /// OpenBLAS's `cblas_sgemm` (`EMBER_BLAS=openblas`): its kernels, and so the last bits
        /// of results, depend on the processor (and on OPENBLAS_CORETYPE).
        case openBLAS = "openblas"
    }

    /// The backend of every product, read once from the environment variable `EMBER_BLAS`
    /// (`ember`, the default, or `openblas`); set it to switch for the rest of the process.
    ///
    /// ```swift
    /// BLAS.backend = .openBLAS   // faster on some processors, not reproducible across them
    /// ```
    public static var backend: Backend {
        get { Backend.allCases[selectedBackend.load(ordering: .relaxed)] }
        set { selectedBackend.store(Backend.allCases.firstIndex(of: newValue) ?? 0, ordering: .relaxed) }
    }

    /// The index in `Backend.allCases` of the backend in use.
    private static let selectedBackend = Atomic<Int>(
        Backend.allCases.firstIndex(of: backend(named: ProcessInfo.processInfo.environment["EMBER_BLAS"])) ?? 0)

    /// The backend that `EMBER_BLAS=value` selects: the one named (in any case), Ember's own
    /// when unset or empty. A value naming neither is reported on standard error, and Ember's
    /// own is used: a process has no caller to throw to when it first multiplies.
    public static func backend(named value: String?) -> Backend {
        guard let value, !value.isEmpty else { return .ember }
        if let backend = Backend(rawValue: value.lowercased()) { return backend }
        FileHandle.standardError.write(
            Data("ember: EMBER_BLAS=\(value) is neither 'ember' nor 'openblas'; using 'ember'\n".utf8))
        return .ember
    }
}
