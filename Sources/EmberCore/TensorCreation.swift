// Ways to make a tensor: constant fills, ranges, nested lists and random draws. Random ones take
// a `Generator` so that a seed fixes them.

extension Tensor {
    /// A tensor of `shape` filled with `value` (PyTorch's `torch.full`).
    public static func full(_ shape: [Int], value: Float) throws -> Tensor {
        let count = try elementCount(of: shape, operation: "full")
        try MemoryBudget.check(count: count, for: "full")
        return Tensor(checkedShape: shape, scalars: [Float](repeating: value, count: count))
    }

    /// A tensor of `shape` filled with zeros.
    public static func zeros(_ shape: [Int]) throws -> Tensor {
        try full(shape, value: 0)
    }

    /// A tensor of `shape` filled with ones.
    public static func ones(_ shape: [Int]) throws -> Tensor {
        try full(shape, value: 1)
    }

    /// Zeros in the shape of `other` (PyTorch's `zeros_like`).
    public static func zeros(like other: Tensor) -> Tensor {
        Tensor(checkedShape: other.shape, scalars: [Float](repeating: 0, count: other.count))
    }

    /// The identity matrix of `rows` rows and `columns` columns (as many as rows by default):
    /// ones on the main diagonal, zeros elsewhere (PyTorch's `torch.eye`).
    public static func eye(_ rows: Int, _ columns: Int? = nil) throws -> Tensor {
        let columns = columns ?? rows
        for (name, size) in [("n", rows), ("m", columns)] where size < 0 {
            throw EmberError.invalidArgument(function: "eye", message: "\(name) must be at least 0, got \(size)")
        }
        var identity = try zeros([rows, columns])
        // The diagonal's i-th one sits at row i, column i: offset i · columns + i, inside the
        // checked element count.
        for index in 0..<Swift.min(rows, columns) {
            identity.scalars[index * columns + index] = 1
        }
        return identity
    }

    /// The values `start, start + step, …` below `end` (above it for a negative step), as
    /// PyTorch's `torch.arange`.
    public static func arange(_ start: Float = 0, _ end: Float, step: Float = 1) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
            throw EmberError.invalidArgument(
                function: "arange", message: "step must be finite and non-zero, got \(step)")
        }
        let span = ((Double(end) - Double(start)) / Double(step)).rounded(.up)
        guard span <= Double(maximumElementCount) else {
            throw EmberError.invalidArgument(
                function: "arange", message: "\(span) values are too many (the limit is \(maximumElementCount))")
        }
        // A span far below zero (an end far on the wrong side) is no values, not a conversion
        // of a huge negative number.
        let count = span > 0 ? Int(span) : 0
        try MemoryBudget.check(count: count, for: "arange")
        var values = [Float](repeating: 0, count: count)
        for index in 0..<count {
            values[index] = Float(Double(start) + Double(index) * Double(step))
        }
        return Tensor(values)
    }

    /// `count` values evenly spaced from `start` to `end` inclusive.
    public static func linspace(_ start: Float, _ end: Float, count: Int) throws -> Tensor {
        guard count >= 0, count <= maximumElementCount else {
            throw EmberError.invalidArgument(
                function: "linspace", message: "count must be in 0...\(maximumElementCount), got \(count)")
        }
        guard count > 1 else { return Tensor(count == 1 ? [start] : []) }
        try MemoryBudget.check(count: count, for: "linspace")
        let step = (Double(end) - Double(start)) / Double(count - 1)
        return Tensor((0..<count).map { Float(Double(start) + Double($0) * step) })
    }

    /// Values drawn uniformly from `[low, high)`.
    public static func uniform(
        _ shape: [Int], low: Float = 0, high: Float = 1, generator: Generator = .global
    ) throws -> Tensor {
        guard low.isFinite, high.isFinite, low <= high else {
            throw EmberError.invalidArgument(
                function: "uniform", message: "needs finite low <= high, got \(low) and \(high)")
        }
        return try Tensor(uninitializedShape: shape) {
            generator.fillUniform($0, low: low, high: high)
        }
    }

    /// Values drawn uniformly from `[0, 1)` (PyTorch's `torch.rand`).
    public static func rand(_ shape: [Int], generator: Generator = .global) throws -> Tensor {
        try uniform(shape, low: 0, high: 1, generator: generator)
    }

    /// Values drawn from the standard normal distribution (PyTorch's `torch.randn`).
    public static func randn(
        _ shape: [Int], mean: Float = 0, std: Float = 1, generator: Generator = .global
    ) throws -> Tensor {
        guard std >= 0, std.isFinite, mean.isFinite else {
            throw EmberError.invalidArgument(
                function: "randn", message: "needs a finite mean and std >= 0, got \(mean), \(std)")
        }
        return try Tensor(uninitializedShape: shape) {
            generator.fillNormal($0, mean: mean, std: std)
        }
    }

    /// Integers drawn uniformly from `low ..< high`, stored as floats (PyTorch's `randint`).
    public static func randint(
        _ low: Int, _ high: Int, shape: [Int], generator: Generator = .global
    ) throws -> Tensor {
        let (width, overflow) = high.subtractingReportingOverflow(low)
        guard low < high, !overflow else {
            throw EmberError.invalidArgument(
                function: "randint", message: "needs low < high less than 2⁶³ apart, got \(low) and \(high)")
        }
        return try Tensor(uninitializedShape: shape) { buffer in
            for index in buffer.indices {
                buffer[index] = Float(low + generator.nextInt(below: width))
            }
        }
    }

    /// A tensor built from nested lists of numbers, whose nesting gives the shape.
    ///
    /// Throws when the lists are ragged (`[[1, 2], [3]]`).
    public init(nested: NestedValues) throws {
        var shape: [Int] = []
        var level = nested
        while case .list(let items) = level {
            shape.append(items.count)
            guard let first = items.first else { break }
            level = first
        }
        var values: [Float] = []
        values.reserveCapacity(try elementCount(of: shape, operation: "tensor"))
        try Tensor.flatten(nested, expecting: shape[...], into: &values, path: [])
        self.init(checkedShape: shape, scalars: values)
    }

    private static func flatten(
        _ nested: NestedValues, expecting shape: ArraySlice<Int>, into values: inout [Float],
        path: [Int]
    ) throws {
        switch nested {
        case .scalar(let value):
            guard shape.isEmpty else { throw raggedError(path: path, shape: shape) }
            values.append(value)
        case .list(let items):
            guard let expected = shape.first, items.count == expected else {
                throw raggedError(path: path, shape: shape)
            }
            for (index, item) in items.enumerated() {
                try flatten(item, expecting: shape.dropFirst(), into: &values, path: path + [index])
            }
        }
    }

    private static func raggedError(path: [Int], shape: ArraySlice<Int>) -> EmberError {
        let place = path.isEmpty ? "the top level" : "index " + path.map(String.init).joined(separator: ", ")
        return EmberError.invalidArgument(
            function: "tensor",
            message: "lists are ragged: at \(place) expected "
                + (shape.isEmpty ? "a number" : "a list of \(shape.first ?? 0)"))
    }
}

/// Numbers nested in lists, the input of `Tensor(nested:)`.
public indirect enum NestedValues: Sendable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral
{
    case scalar(Float)
    case list([NestedValues])

    /// A number written as a float literal.
    public init(floatLiteral value: Float) { self = .scalar(value) }
    /// A number written as an integer literal.
    public init(integerLiteral value: Int) { self = .scalar(Float(value)) }
    /// A list written as an array literal.
    public init(arrayLiteral elements: NestedValues...) { self = .list(elements) }
}
