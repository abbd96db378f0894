// The numeric summary of a tensor that `stats(t)` prints and the histogram's header reuses:
// what a student checks first when a loss explodes (NaN and Inf counts) or a layer dies (the
// fraction of zeros). Moments are computed over the finite values only, in Double.

import Ember

/// Summary statistics of a tensor's values.
///
/// `minimum`, `maximum`, `mean` and `standardDeviation` are over the finite values only (NaN
/// when there are none); NaN and infinite values are counted apart.
/// ```swift
/// let s = TensorStatistics(try Tensor(shape: [2, 2], scalars: [1, 2, 3, .nan]))
/// s.mean       // 2
/// s.nanCount   // 1
/// ```
public struct TensorStatistics: Sendable, Equatable {
    /// The tensor's shape.
    public let shape: [Int]
    /// The number of elements.
    public let count: Int
    /// The number of elements that are neither NaN nor infinite.
    public let finiteCount: Int
    /// The number of NaN elements.
    public let nanCount: Int
    /// The number of infinite elements, positive or negative.
    public let infinityCount: Int
    /// The number of elements equal to zero.
    public let zeroCount: Int
    /// The smallest finite value.
    public let minimum: Double
    /// The largest finite value.
    public let maximum: Double
    /// The mean of the finite values.
    public let mean: Double
    /// The standard deviation of the finite values with Bessel's correction (divided by n − 1,
    /// as `std()` does by default); NaN for fewer than two values.
    public let standardDeviation: Double

    /// Computes the statistics of `tensor` in two passes (the mean, then the deviations from it,
    /// which keeps the variance accurate when the mean is large).
    public init(_ tensor: Tensor) {
        shape = tensor.shape
        count = tensor.count
        var (finite, nans, infinities, zeros) = (0, 0, 0, 0)
        var (low, high, total) = (Double.infinity, -Double.infinity, 0.0)
        for value in tensor.scalars {
            if value.isNaN {
                nans += 1
            } else if value.isInfinite {
                infinities += 1
            } else {
                let x = Double(value)
                finite += 1
                if x == 0 { zeros += 1 }
                low = min(low, x)
                high = max(high, x)
                total += x
            }
        }
        let mean = finite > 0 ? total / Double(finite) : .nan
        var squares = 0.0
        for value in tensor.scalars where value.isFinite {
            squares += (Double(value) - mean) * (Double(value) - mean)
        }
        (finiteCount, nanCount, infinityCount, zeroCount) = (finite, nans, infinities, zeros)
        minimum = finite > 0 ? low : .nan
        maximum = finite > 0 ? high : .nan
        self.mean = mean
        standardDeviation = finite > 1 ? (squares / Double(finite - 1)).squareRoot() : .nan
    }

    /// The fraction of elements equal to zero (0 for an empty tensor).
    public var zeroFraction: Double { count > 0 ? Double(zeroCount) / Double(count) : 0 }
}

/// The two-line summary `stats(t)` prints: shape, count, min and max, then mean, std, NaN and
/// Inf counts and the fraction of zeros.
///
/// Numbers use `formatNumber`; non-zero NaN and Inf counts are red in colour mode.
/// ```
/// shape [10, 1, 5, 5]  count 250  min -0.1956  max 0.1999
/// mean 0.003085  std 0.1127  nan 0  inf 0  zeros 0.0%
/// ```
public func renderStatistics(_ tensor: Tensor, style: TerminalStyle) -> String {
    let s = TensorStatistics(tensor)
    let alarm = { (count: Int) in
        count > 0 ? ANSI.paint(formatCount(count), alarmColor, bold: true, style: style) : "0"
    }
    let first = [
        "shape " + formatShape(s.shape), "count " + formatCount(s.count),
        "min " + formatNumber(s.minimum), "max " + formatNumber(s.maximum),
    ]
    let second = [
        "mean " + formatNumber(s.mean), "std " + formatNumber(s.standardDeviation),
        "nan " + alarm(s.nanCount), "inf " + alarm(s.infinityCount),
        "zeros " + formatPercent(s.zeroFraction),
    ]
    return joinLines([first.joined(separator: "  "), second.joined(separator: "  ")])
}
