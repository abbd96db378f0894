// A value bound for the length of a call on the calling thread, as Swift's task-local values
// bind one for a task. Ember's callers (the shell, tests, programs) run outside tasks, and
// binding a task-local value outside a task crashes release builds of Swift 6.3 on Linux, so the
// binding lives in a POSIX thread-specific slot instead.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value that `withValue` binds on the current thread while its body runs; nil elsewhere.
///
/// ```swift
/// static let limit = ThreadScoped<Int>()
/// limit.withValue(1 << 20) { limit.value }   // 1048576
/// ```
public final class ThreadScoped<Value>: @unchecked Sendable {
    /// The thread-specific slot. Keys are never deleted: each is a process-wide static.
    private var key = pthread_key_t()

    /// The boxed value a slot points at, retained while it is bound.
    private final class Box {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// A slot with nothing bound on any thread.
    public init() {
        pthread_key_create(&key, nil)
    }

    /// The value bound on this thread by the innermost `withValue` running, if any.
    public var value: Value? {
        guard let raw = pthread_getspecific(key) else { return nil }
        return Unmanaged<Box>.fromOpaque(raw).takeUnretainedValue().value
    }

    /// Runs `body` with `value` bound on this thread, then restores what was bound before.
    public func withValue<R>(_ value: Value?, _ body: () throws -> R) rethrows -> R {
        let previous = pthread_getspecific(key)
        let box = value.map { Unmanaged.passRetained(Box($0)).toOpaque() }
        pthread_setspecific(key, box)
        defer {
            pthread_setspecific(key, previous)
            if let box { Unmanaged<Box>.fromOpaque(box).release() }
        }
        return try body()
    }
}
