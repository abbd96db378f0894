// Arithmetic and elementary functions applied element by element. Operators between two tensors
// broadcast and throw when the shapes do not fit; operators with a plain number cannot fail.

import Foundation

extension Tensor {
    /// Applies `body` to every element.
    @inlinable
    public func map(_ body: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, sameCountAs: self) { out in
            scalars.withUnsafeBufferPointer { a in
                for i in 0..<out.count { out[i] = body(a[i]) }
            }
        }
    }

    /// Element-wise sum, with broadcasting.
    public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try lhs.combined(with: rhs, operation: "add", +)
    }
    /// Element-wise difference, with broadcasting.
    public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try lhs.combined(with: rhs, operation: "subtract", -)
    }
    /// Element-wise product, with broadcasting.
    public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try lhs.combined(with: rhs, operation: "multiply", *)
    }
    /// Element-wise quotient, with broadcasting.
    public static func / (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try lhs.combined(with: rhs, operation: "divide", /)
    }

    /// Adds a number to every element.
    public static func + (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 + rhs } }
    /// Subtracts a number from every element.
    public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 - rhs } }
    /// Multiplies every element by a number.
    public static func * (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 * rhs } }
    /// Divides every element by a number.
    public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs.map { $0 / rhs } }
    /// Adds every element to a number.
    public static func + (lhs: Float, rhs: Tensor) -> Tensor { rhs.map { lhs + $0 } }
    /// Subtracts every element from a number.
    public static func - (lhs: Float, rhs: Tensor) -> Tensor { rhs.map { lhs - $0 } }
    /// Multiplies a number by every element.
    public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs.map { lhs * $0 } }
    /// Divides a number by every element.
    public static func / (lhs: Float, rhs: Tensor) -> Tensor { rhs.map { lhs / $0 } }
    /// Negates every element.
    public static prefix func - (operand: Tensor) -> Tensor { operand.map { -$0 } }

    /// `e` raised to each element.
    public func exp() -> Tensor { map { Foundation.exp($0) } }
    /// The natural logarithm of each element (`-inf` at 0, NaN below).
    public func log() -> Tensor { map { Foundation.log($0) } }
    /// The square root of each element.
    public func sqrt() -> Tensor { map { $0.squareRoot() } }
    /// The absolute value of each element.
    public func abs() -> Tensor { map { Swift.abs($0) } }
    /// Each element raised to `exponent`.
    public func pow(_ exponent: Float) -> Tensor {
        if exponent == 2 { return map { $0 * $0 } }
        return map { Foundation.pow($0, exponent) }
    }
    /// Each element raised to the matching element of `exponent`, with broadcasting.
    public func pow(_ exponent: Tensor) throws -> Tensor {
        try combined(with: exponent, operation: "pow") { Foundation.pow($0, $1) }
    }
    /// Each element limited to `[min, max]`; either bound may be left out. NaN stays NaN.
    public func clamp(min lower: Float? = nil, max upper: Float? = nil) -> Tensor {
        map { value in
            var result = value
            if let lower, result < lower { result = lower }
            if let upper, result > upper { result = upper }
            return result
        }
    }
    /// The larger of each pair of elements, with broadcasting; NaN wins, as in PyTorch.
    public func maximum(_ other: Tensor) throws -> Tensor {
        try combined(with: other, operation: "maximum") { a, b in
            a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
        }
    }
    /// The smaller of each pair of elements, with broadcasting; NaN wins, as in PyTorch.
    public func minimum(_ other: Tensor) throws -> Tensor {
        try combined(with: other, operation: "minimum") { a, b in
            a.isNaN || b.isNaN ? .nan : Swift.min(a, b)
        }
    }
    /// `max(x, 0)` for each element; NaN stays NaN, as in PyTorch.
    public func relu() -> Tensor { map { $0 <= 0 ? 0 : $0 } }
    /// `1 / (1 + e^-x)` for each element, computed without overflow for large |x|.
    public func sigmoid() -> Tensor { map(sigmoidScalar) }
    /// The hyperbolic tangent of each element.
    public func tanh() -> Tensor { map { Foundation.tanh($0) } }

    /// 1 where `predicate` holds for the pair of elements, else 0, with broadcasting.
    public func compared(
        with other: Tensor, operation: String, _ predicate: (Float, Float) -> Bool
    ) throws -> Tensor {
        try combined(with: other, operation: operation) { predicate($0, $1) ? 1 : 0 }
    }
}

/// The logistic function, split by sign so that `exp` never overflows.
@inlinable
public func sigmoidScalar(_ x: Float) -> Float {
    if x >= 0 {
        return 1 / (1 + Foundation.exp(-x))
    }
    let e = Foundation.exp(x)
    return e / (1 + e)
}
