// Random numbers that are the same on every run for the same seed. Every random draw in Ember
// (initial weights, dropout masks, shuffles) goes through a `Generator`, so `seed(n)` makes a
// whole session reproducible. The algorithm is xoshiro256**, seeded through SplitMix64 as its
// authors recommend; normal draws use the Box–Muller transform.

import Foundation

/// A seedable source of random numbers, shared by reference.
///
/// ```swift
/// let generator = Generator(seed: 0)
/// let w = Tensor.randn([3, 2], generator: generator)
/// ```
/// `Generator.global` is the default for every function that draws; a shell session owns its own.
public final class Generator: @unchecked Sendable {
    // The lock makes the shared default safe to use from several threads; bulk fills take it
    // once per tensor, not once per value.
    private let lock = NSLock()
    private var state: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// The seed last given, so a session can report it.
    public private(set) var seed: UInt64 = 0

    /// The generator used when no other is given; seeded with 0 at start.
    public static let global = Generator(seed: 0)

    /// Makes a generator in the state `seed` selects.
    public init(seed: UInt64) {
        reseed(seed)
    }

    /// Resets the generator so that it repeats the draws it made after this seed was first set.
    public func reseed(_ seed: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        self.seed = seed
        var mix = seed
        state = (splitMix(&mix), splitMix(&mix), splitMix(&mix), splitMix(&mix))
    }

    /// Runs `body` with exclusive access to the raw stream.
    private func drawing<R>(_ body: (inout RawStream) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        var stream = RawStream(state: state)
        let result = body(&stream)
        state = stream.state
        return result
    }

    /// The generator's exact position in its stream, to return to later with `restore(_:)`.
    public func snapshot() -> GeneratorState {
        lock.lock()
        defer { lock.unlock() }
        return GeneratorState(seed: seed, words: [state.0, state.1, state.2, state.3])
    }

    /// Returns to a position saved with `snapshot()`: the draws that followed it repeat.
    public func restore(_ saved: GeneratorState) {
        lock.lock()
        defer { lock.unlock() }
        seed = saved.seed
        state = (saved.words[0], saved.words[1], saved.words[2], saved.words[3])
    }

    /// A uniformly distributed 64-bit value.
    public func nextUInt64() -> UInt64 {
        drawing { $0.next() }
    }

    /// A uniformly distributed integer in `0 ..< bound` (bound must be positive), without
    /// modulo bias.
    public func nextInt(below bound: Int) -> Int {
        drawing { $0.nextInt(below: bound) }
    }

    /// Fills `buffer` with values drawn uniformly from `[low, high)`.
    public func fillUniform(_ buffer: UnsafeMutableBufferPointer<Float>, low: Float, high: Float) {
        drawing { stream in
            let width = high - low
            for index in buffer.indices {
                buffer[index] = low + width * stream.nextUnitFloat()
            }
        }
    }

    /// Fills `buffer` with values drawn from the normal distribution N(mean, std²).
    public func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>, mean: Float, std: Float) {
        drawing { stream in
            var index = buffer.startIndex
            while index < buffer.endIndex {
                // Box–Muller gives two independent normals from two uniforms.
                let u1 = 1 - stream.nextUnitDouble()  // in (0, 1], so log is finite
                let u2 = stream.nextUnitDouble()
                let radius = (-2 * Foundation.log(u1)).squareRoot()
                let angle = 2 * Double.pi * u2
                buffer[index] = mean + std * Float(radius * cos(angle))
                index += 1
                if index < buffer.endIndex {
                    buffer[index] = mean + std * Float(radius * sin(angle))
                    index += 1
                }
            }
        }
    }

    /// A random permutation of `0 ..< count` (Fisher–Yates).
    public func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<max(count, 0))
        drawing { stream in
            var index = order.count - 1
            while index > 0 {
                order.swapAt(index, stream.nextInt(below: index + 1))
                index -= 1
            }
        }
        return order
    }
}

/// A saved position of a `Generator`.
public struct GeneratorState: Sendable, Equatable {
    let seed: UInt64
    let words: [UInt64]
}

/// The xoshiro256** state and its step, kept apart so the hot loops run without the lock.
private struct RawStream {
    var state: (UInt64, UInt64, UInt64, UInt64)

    mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A float in [0, 1) from the top 24 bits, every value equally likely.
    mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A double in [0, 1) from the top 53 bits.
    mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Lemire's nearly divisionless bounded integer.
    mutating func nextInt(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }
}

private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
    (value << count) | (value >> (64 - count))
}

private func splitMix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
