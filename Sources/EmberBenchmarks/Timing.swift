// Timing: a monotonic clock, and repeated runs after a warm-up. Benchmarks report medians,
// which other work on a shared machine disturbs far less than means or minima.

#if canImport(Glibc)
    import Glibc
#endif

/// Seconds on the monotonic clock, for measuring intervals.
func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// The median of `values`: the middle one, or the mean of the middle two; 0 when empty.
///
/// ```swift
/// median([3, 1, 2])   // 2
/// ```
public func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Runs `body` `warmups` times untimed, then `repetitions` times timed, and returns the
/// duration of each timed run in seconds.
func timedRuns(warmups: Int, repetitions: Int, _ body: () throws -> Void) rethrows -> [Double] {
    for _ in 0..<warmups { try body() }
    return try (0..<max(repetitions, 1)).map { _ in
        let start = monotonicSeconds()
        try body()
        return monotonicSeconds() - start
    }
}
