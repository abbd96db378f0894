// The tensor: a shape and a contiguous row-major buffer of Float32. It is a plain value: copies
// share storage until one of them is written (copy-on-write, through Swift's Array), and kernels
// reach the storage through unsafe buffer pointers so that inner loops run without checks.

/// An n-dimensional array of `Float` values stored contiguously in row-major order.
///
/// `Tensor` is a value type: assigning it copies nothing until one copy is modified.
/// ```swift
/// let x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// let y = try x + 1          // [[2, 3, 4], [5, 6, 7]]
/// ```
public struct Tensor: Sendable {
    /// The size of each axis; `[]` for a scalar.
    public private(set) var shape: [Int]
    /// The values in row-major order; `scalars.count` is the product of `shape`.
    public internal(set) var scalars: [Float]

    /// Makes a tensor from a shape and its values in row-major order.
    ///
    /// Throws when a dimension is negative or the count of values differs from the product
    /// of the shape.
    public init(shape: [Int], scalars: [Float]) throws {
        let count = try elementCount(of: shape, operation: "Tensor")
        guard count == scalars.count else {
            throw EmberError.invalidArgument(
                function: "Tensor",
                message: "shape \(formatShape(shape)) holds \(count) values, got \(scalars.count)")
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// Makes a tensor whose shape the caller has already checked against the values.
    @usableFromInline
    init(checkedShape shape: [Int], scalars: [Float]) {
        self.shape = shape
        self.scalars = scalars
    }

    /// Makes a tensor of the given shape whose values `body` writes, every one of them: the
    /// buffer starts uninitialised, which saves a pass over memory in kernels.
    ///
    /// Throws when the shape is invalid or too large, and `EmberError.outOfMemory` naming
    /// `operation` when the buffer would not fit in the memory left.
    public init(
        uninitializedShape shape: [Int], operation: String = "Tensor",
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> Void
    ) throws {
        let count = try elementCount(of: shape, operation: operation)
        try MemoryBudget.check(count: count, for: operation)
        self.shape = shape
        self.scalars = try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            try body(buffer)
            initialized = count
        }
    }

    /// Like `init(uninitializedShape:_:)` for a shape derived from tensors that exist, whose
    /// body cannot fail; the size and the memory are still checked, since a derived shape
    /// (a broadcast, a join) can be far larger than its sources.
    @usableFromInline
    init(
        validShape shape: [Int], operation: String = "Tensor", _ body: (UnsafeMutableBufferPointer<Float>) -> Void
    ) throws {
        try self.init(uninitializedShape: shape, operation: operation) { body($0) }
    }

    /// A tensor of `shape`, which holds as many elements as `other`, whose values `body`
    /// writes. The one allocation not checked against the memory left: it copies the size of a
    /// tensor that exists, for operations (`x * 2`, `x.T`) that cannot throw.
    @usableFromInline
    init(
        shape: [Int], sameCountAs other: Tensor, _ body: (UnsafeMutableBufferPointer<Float>) -> Void
    ) {
        let count = other.count
        self.shape = shape
        self.scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(buffer)
            initialized = count
        }
    }

    /// A rank-0 tensor holding one value.
    public init(_ value: Float) {
        self.init(checkedShape: [], scalars: [value])
    }

    /// A rank-1 tensor holding `values`.
    public init(_ values: [Float]) {
        self.init(checkedShape: [values.count], scalars: values)
    }

    /// The number of axes.
    @inlinable public var rank: Int { shape.count }
    /// The number of elements.
    @inlinable public var count: Int { scalars.count }
    /// True when the tensor holds exactly one element, whatever its rank.
    public var isScalar: Bool { scalars.count == 1 }

    /// The single value of a one-element tensor (PyTorch's `item()`).
    public func item() throws -> Float {
        guard scalars.count == 1 else {
            throw EmberError.invalidArgument(
                function: "item",
                message: "only a tensor with one element can be converted to a number, got shape "
                    + formatShape(shape))
        }
        return scalars[0]
    }

    /// Row-major strides, in elements.
    public var strides: [Int] { contiguousStrides(of: shape) }

    /// Calls `body` with a pointer to the values.
    public func withUnsafeBufferPointer<R>(
        _ body: (UnsafeBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the values, copying them first if shared.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// Replaces the shape with another of the same element count; the caller has checked it.
    @usableFromInline
    mutating func setShapeUnchecked(_ newShape: [Int]) {
        shape = newShape
    }
}

extension Tensor: Equatable {
    /// Two tensors are equal when their shapes and every value are equal.
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
    }
}

/// The most elements one tensor may hold.
public let maximumElementCount = 1 << 28

/// The most axes one tensor may have, as in NumPy.
public let maximumRank = 64

/// The number of elements of `shape`, or an error naming `operation` when a dimension is
/// negative, there are more than `maximumRank` axes, or the shape is too large.
///
/// A shape is too large when the product of its non-zero dimensions passes
/// `maximumElementCount`, even if a zero makes it empty: every stride, every product of some
/// of its dimensions and every loop over one axis is then bounded too, so code that walks a
/// valid shape (printing, slicing, reducing, pooling) never overflows.
public func elementCount(of shape: [Int], operation: String) throws -> Int {
    guard shape.count <= maximumRank else {
        throw EmberError.invalidArgument(
            function: operation, message: "\(shape.count) dimensions are too many (the limit is \(maximumRank))")
    }
    var count = 1
    var extent = 1
    for dimension in shape {
        guard dimension >= 0 else {
            throw EmberError.invalidArgument(
                function: operation,
                message: "negative dimension \(dimension) in shape \(formatShape(shape))")
        }
        let (product, overflow) = extent.multipliedReportingOverflow(by: Swift.max(dimension, 1))
        // 2²⁸ floats are 1 GiB: more is a typing slip, not a tensor this library is for.
        guard !overflow, product <= maximumElementCount else {
            let emptyNote = shape.contains(0) ? ": even empty, its other dimensions multiply past" : " (the limit is"
            throw EmberError.invalidArgument(
                function: operation,
                message: "shape \(formatShape(shape)) is too large\(emptyNote) \(maximumElementCount) elements"
                    + (shape.contains(0) ? "" : ")"))
        }
        extent = product
        count *= dimension
    }
    return count
}

/// Row-major strides of a contiguous tensor of `shape`. For a shape `elementCount` accepts,
/// every stride is at most `maximumElementCount`; past that the products saturate at
/// `Int.max` rather than trap.
public func contiguousStrides(of shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[axis] = running
        let (product, overflow) = running.multipliedReportingOverflow(by: Swift.max(shape[axis], 0))
        running = overflow ? Int.max : product
    }
    return strides
}

/// Turns a possibly negative axis into one in `0 ..< rank`, or throws naming `operation`.
public func normalizeAxis(_ axis: Int, rank: Int, operation: String) throws -> Int {
    let normalized = axis < 0 ? axis + rank : axis
    guard normalized >= 0, normalized < max(rank, 1) else {
        throw EmberError.invalidArgument(
            function: operation,
            message: "axis \(axis) is out of range for a tensor of rank \(rank)")
    }
    return normalized
}
