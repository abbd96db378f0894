// Counting the values of a tensor: `unique` (the distinct values, with where each element's
// value sits among them and how often each occurs) and `bincount` (how often each whole number
// 0, 1, 2 … occurs), with PyTorch's arguments and result types.

import Ember

enum TensorCounting {
    /// `x.unique(sorted=True, return_inverse=False, return_counts=False)`: the distinct values
    /// in ascending order, as a tensor of the receiver's type, or a tuple with the inverse
    /// (the shape of `x`) and the counts after it when they are asked for.
    static func unique(_ ref: TensorRef, _ arguments: Arguments) throws -> Value {
        guard !arguments.has("dim") else {
            throw ShellError(.runtime, "unique(): dim is not supported; unique() looks at all the elements")
        }
        let tensor = ref.tensor
        // NaN is never equal to itself, so each NaN is a value of its own, last, as in PyTorch.
        let numbers = Set(tensor.scalars.filter { !$0.isNaN }).sorted()
        let nans = tensor.scalars.filter(\.isNaN)
        let values = numbers + nans
        let values1d = try Tensor(shape: [values.count], scalars: values)
        let uniqueValue = try Value.tensor(values1d, dtype: ref.dtype)
        let wantsInverse = try arguments.bool("return_inverse")
        let wantsCounts = try arguments.bool("return_counts")
        guard wantsInverse || wantsCounts else { return uniqueValue }
        let position = Dictionary(uniqueKeysWithValues: numbers.enumerated().map { ($1, $0) })
        var counts = [Float](repeating: 0, count: values.count)
        var nextNaN = numbers.count
        let inverse = tensor.map { value in
            let slot: Int
            if let found = position[value] {
                slot = found
            } else {
                slot = nextNaN
                nextNaN += 1
            }
            counts[slot] += 1
            return Float(slot)
        }
        var results = [uniqueValue]
        if wantsInverse { results.append(try .tensor(inverse, dtype: .int64, operation: "unique")) }
        if wantsCounts {
            results.append(try .tensor(try Tensor(shape: [values.count], scalars: counts), dtype: .int64))
        }
        return .tuple(results)
    }

    /// `x.bincount(weights=None, minlength=0)`: for a 1-d int64 tensor of values ≥ 0, the
    /// count (or the sum of `weights`) of each value, at least `minlength` of them.
    static func bincount(_ ref: TensorRef, _ arguments: Arguments) throws -> Value {
        guard ref.dtype == .int64, ref.shape.count == 1 else {
            throw ShellError(
                .runtime,
                "bincount(): expected a 1-d int64 tensor of non-negative values, got a \(ref.shape.count)-d "
                    + "\(ref.dtype.name) tensor")
        }
        let minimum = try arguments.int("minlength")
        guard minimum >= 0 else {
            throw ShellError(.runtime, "bincount(): minlength must be non-negative, got \(minimum)")
        }
        let values = ref.tensor.scalars
        if let negative = values.first(where: { $0 < 0 }) {
            throw ShellError(.runtime, "bincount(): the values must be non-negative, found \(Int(negative))")
        }
        var weights: [Float]?
        if arguments.has("weights") {
            let given = try arguments.tensor("weights")
            guard given.shape == ref.shape else {
                throw ShellError(
                    .runtime,
                    "bincount(): weights of shape \(formatShape(given.shape)) must have the input's shape "
                        + formatShape(ref.shape))
            }
            weights = given.scalars
        }
        // int64 values stay within ±2²⁴, so the length is small enough to convert and allocate.
        let length = max(values.map { Int($0) + 1 }.max() ?? 0, minimum)
        _ = try elementCount(of: [length], operation: "bincount")
        try MemoryBudget.check(count: length, for: "bincount")
        var bins = [Float](repeating: 0, count: length)
        for (position, value) in values.enumerated() { bins[Int(value)] += weights?[position] ?? 1 }
        let result = try Tensor(shape: [length], scalars: bins)
        return weights == nil ? try .tensor(result, dtype: .int64) : .tensor(result)
    }
}
