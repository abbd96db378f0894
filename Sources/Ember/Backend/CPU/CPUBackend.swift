// The CPU backend: Ember's kernels in EmberCore (GEMM, im2col, the pooling and activation
// kernels, the split across cores) behind the family protocols, one file per family.

/// The backend over host memory and EmberCore's kernels; the default.
public struct CPUBackend: Backend, Sendable {
    /// The CPU backend; it holds no state.
    public init() {}
}
