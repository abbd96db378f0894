// Allocation checked against the memory the system has left. Swift stops the process when an
// allocation fails, and Linux grants large allocations it cannot back and kills the process when
// they are touched, so a buffer that will not fit must be refused before it is allocated: the
// error leaves the session running. Small buffers skip the check, which reads /proc.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The memory left for new buffers, and the check every large allocation makes against it.
public enum MemoryBudget {
    /// Buffers below this many bytes are allocated without asking the system: the check reads a
    /// file, and a few megabytes more never decide whether the process survives.
    public static let checkedSize = 16 << 20

    /// A ceiling on any one buffer, in bytes, below what the system has (nil: none). Tests and
    /// embedding programs bind it with `MemoryBudget.limit.withValue(...)`.
    public static let limit = ThreadScoped<Int>()

    /// Throws `EmberError.outOfMemory` naming `operation` unless `count` values of `size` bytes
    /// each can be allocated now; the product itself is checked for overflow.
    public static func check(count: Int, size: Int = 4, for operation: String) throws {
        let (bytes, overflow) = Swift.max(count, 0).multipliedReportingOverflow(by: size)
        guard !overflow else {
            throw EmberError.outOfMemory(operation: operation, bytes: Int.max, available: available() ?? 0)
        }
        try check(bytes: bytes, for: operation)
    }

    /// Throws `EmberError.outOfMemory` naming `operation` unless `bytes` can be allocated now.
    public static func check(bytes: Int, for operation: String) throws {
        if let limit = limit.value, bytes > limit {
            throw EmberError.outOfMemory(operation: operation, bytes: bytes, available: limit)
        }
        guard bytes >= checkedSize, let available = available() else { return }
        guard bytes <= available else {
            throw EmberError.outOfMemory(operation: operation, bytes: bytes, available: available)
        }
    }

    /// The bytes the system can still give this process: MemAvailable, or less when a control
    /// group caps the process lower; nil when neither can be read.
    public static func available() -> Int? {
        let system = meminfoAvailable()
        guard let group = controlGroupAvailable() else { return system }
        return Swift.min(system ?? group, group)
    }

    /// `MemAvailable` of /proc/meminfo, in bytes.
    private static func meminfoAvailable() -> Int? {
        guard let text = readSmallFile("/proc/meminfo") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let digits = line.dropFirst("MemAvailable:".count).filter(\.isNumber)
            guard let kilobytes = Int(digits) else { return nil }
            return kilobytes.multipliedReportingOverflow(by: 1024).overflow ? Int.max : kilobytes * 1024
        }
        return nil
    }

    /// The room under a cgroup v2 memory cap (memory.max − memory.current), in bytes.
    private static func controlGroupAvailable() -> Int? {
        guard let maximum = readSmallFile("/sys/fs/cgroup/memory.max").flatMap(parseCount),
            let current = readSmallFile("/sys/fs/cgroup/memory.current").flatMap(parseCount)
        else { return nil }
        return Swift.max(maximum - current, 0)
    }

    private static func parseCount(_ text: String) -> Int? {
        Int(text.filter { !$0.isWhitespace })
    }

    /// The text of a file of a few kilobytes at most (a /proc or /sys entry).
    private static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 8192)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(descriptor, base + filled, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        return String(decoding: bytes[0..<filled], as: UTF8.self)
    }
}

/// Formats a byte count for a message: `1.5 GiB`, `300 MiB`, `512 bytes`.
public func formatByteCount(_ bytes: Int) -> String {
    let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    guard bytes >= 1024 else { return "\(bytes) bytes" }
    var value = Double(bytes) / 1024
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    let rounded = (value * 10).rounded() / 10
    let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    return text + " " + units[unit]
}
