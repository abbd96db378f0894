// Indexing and slicing with Python's rules (`t[0]`, `t[-1]`, `t[0:8]`, `t[:, 1]`, `t[::2]`),
// writing through an index, and joining tensors with `concatenate` and `stack`. NumPy's
// advanced indices (`None`, `...`, index arrays, masks) are resolved in AdvancedIndexing.swift.

/// One entry of an index expression, applied to one axis (or, for some, to none or several).
public enum TensorIndex: Sendable, Equatable {
    /// A single position, negative counting from the end; the axis is removed.
    case at(Int)
    /// Positions `start ..< end` every `step`, with Python's defaults and clamping.
    case range(start: Int?, end: Int?, step: Int?)
    /// The whole axis (`:`).
    case all
    /// A new axis of size 1 (`None`), indexing no axis of the tensor.
    case newAxis
    /// As many whole axes as the other entries leave unindexed (`...`); at most one per index.
    case ellipsis
    /// An integer index array of any shape, whole numbers stored as floats, negative counting
    /// from the end: the axis is replaced by the array's shape (`t[[0, 2]]`).
    case positions(Tensor)
    /// A boolean mask, 0 or 1 per element, whose shape is that of the axes it covers from its
    /// own axis on: those axes are replaced by one, the positions of its ones (`t[t > 0]`).
    case mask(Tensor)
}

extension Tensor {
    /// The elements the indices select, one index per leading axis; missing trailing axes are
    /// taken whole. Throws on an index out of range or too many indices.
    public subscript(_ indices: TensorIndex...) -> Tensor {
        get throws { try indexed(indices) }
    }

    /// The elements `indices` select; see the subscript. With index arrays or masks the
    /// result follows NumPy's advanced indexing and is a copy, as every result here is.
    public func indexed(_ indices: [TensorIndex]) throws -> Tensor {
        let selection = try self.selection(for: indices)
        return try Tensor(validShape: selection.shape, operation: "index") { out in
            var position = 0
            scalars.withUnsafeBufferPointer { a in
                selection.forEachOffset { offset in
                    out[position] = a[offset]
                    position += 1
                }
            }
        }
    }

    /// Writes `value` (broadcast to the selected shape) into the elements `indices` select,
    /// as `t[0] = 1`, `t[:, 1] = u` or `t[t > 0] = 0` do in the shell. Where an index array
    /// repeats a position, the last write wins, as in NumPy.
    public mutating func assign(_ value: Tensor, at indices: [TensorIndex]) throws {
        try scatter(value, at: indices, operation: "assign") { _, new in new }
    }

    /// Adds `value` (broadcast to the selected shape) to the elements `indices` select; a
    /// position an index array repeats receives every addition (PyTorch's `index_put_` with
    /// `accumulate=True`, NumPy's `np.add.at`), as the gradient of indexing needs.
    public mutating func accumulate(_ value: Tensor, at indices: [TensorIndex]) throws {
        try scatter(value, at: indices, operation: "accumulate") { old, new in old + new }
    }

    /// Combines each element of `value`, broadcast to the selection, into the element it lands on.
    private mutating func scatter(
        _ value: Tensor, at indices: [TensorIndex], operation: String, _ combine: (Float, Float) -> Float
    ) throws {
        let selection = try self.selection(for: indices)
        // A value that only broadcasts to a larger shape does not fit either: one message for both.
        guard let target = try? broadcastShape(selection.shape, value.shape, operation: operation),
            target == selection.shape
        else {
            throw EmberError.incompatibleShapes(
                operation: operation, first: value.shape, second: selection.shape,
                reason: "do not fit: the value cannot be broadcast to the selection")
        }
        let spread = value.shape == target ? value : try value + Tensor.zeros(target)
        var position = 0
        spread.scalars.withUnsafeBufferPointer { v in
            scalars.withUnsafeMutableBufferPointer { a in
                // In the selection's order, so that of repeated positions the last comes last.
                selection.forEachOffset { offset in
                    a[offset] = combine(a[offset], v[position])
                    position += 1
                }
            }
        }
    }

    /// Where the elements `indices` select live. Indices of integers and slices alone take the
    /// basic path, progressions per axis; the others are expanded first.
    func selection(for indices: [TensorIndex]) throws -> Selection {
        guard indices.allSatisfy(\.isBasic) else { return try advancedSelection(indices) }
        let basic = try resolveBasic(indices)
        return Selection(shape: basic.shape, offsets: .progressions(basic.positions, strides: strides))
    }

    /// Per axis, the positions `indices` (`.at`, `.range` and `.all` only) select, and the shape
    /// of the result (without the axes an `.at` removes). Positions are kept as progressions,
    /// never listed: an axis of a zero-size tensor can be 2²⁸ long.
    private func resolveBasic(_ indices: [TensorIndex]) throws -> (positions: [SlicePositions], shape: [Int]) {
        guard indices.count <= rank else {
            throw EmberError.invalidArgument(
                function: "index",
                message: "too many indices for a tensor of shape \(formatShape(shape)): "
                    + "\(indices.count) given")
        }
        var positions: [SlicePositions] = []
        var resultShape: [Int] = []
        for axis in 0..<rank {
            let index = axis < indices.count ? indices[axis] : .all
            let selected = try basicPositions(index, axis: axis, size: shape[axis])
            positions.append(selected)
            if case .at = index { continue }
            resultShape.append(selected.count)
        }
        return (positions, resultShape)
    }
}

/// The positions one basic index selects along an axis of `size`, named `axis` in errors.
func basicPositions(_ index: TensorIndex, axis: Int, size: Int) throws -> SlicePositions {
    switch index {
    case .at(let index):
        let normalized = index < 0 ? index &+ size : index
        guard normalized >= 0, normalized < size else {
            throw EmberError.indexOutOfRange(operation: "index", index: index, axis: axis, size: size)
        }
        return SlicePositions(start: normalized, step: 1, count: 1)
    case .all:
        return SlicePositions(start: 0, step: 1, count: size)
    case .range(let start, let end, let step):
        // Tensors stay contiguous views of forward order, as in PyTorch.
        guard (step ?? 1) > 0 else {
            throw EmberError.invalidArgument(
                function: "slice", message: "step must be positive, got \(step ?? 1)")
        }
        return try slicePositions(start: start, end: end, step: step, size: size)
    case .newAxis, .ellipsis, .positions, .mask:
        // advancedSelection expands these before any basic index is resolved.
        throw EmberError.invalidArgument(
            function: "index", message: "\(index) applies to no single axis and has no positions")
    }
}

extension Tensor {
    /// One axis sliced: positions `start ..< end` every `step`, as Python clamps them.
    public func slice(axis: Int, start: Int? = nil, end: Int? = nil, step: Int = 1) throws -> Tensor {
        let normalized = try normalizeAxis(axis, rank: rank, operation: "slice")
        var indices = [TensorIndex](repeating: .all, count: normalized + 1)
        indices[normalized] = .range(start: start, end: end, step: step)
        return try indexed(indices)
    }

    /// The sub-tensor at `index` along `axis`, with that axis removed.
    public func select(axis: Int, index: Int) throws -> Tensor {
        let normalized = try normalizeAxis(axis, rank: rank, operation: "select")
        var indices = [TensorIndex](repeating: .all, count: normalized + 1)
        indices[normalized] = .at(index)
        return try indexed(indices)
    }

    /// Tensors of equal shape but along `axis`, joined along it (PyTorch's `torch.cat`).
    public static func concatenate(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw EmberError.invalidArgument(function: "cat", message: "needs at least one tensor")
        }
        let joined = try normalizeAxis(axis, rank: first.rank, operation: "cat")
        guard first.rank > 0 else {
            throw EmberError.invalidArgument(
                function: "cat", message: "cannot join rank-0 tensors; use stack")
        }
        var resultShape = first.shape
        resultShape[joined] = 0
        for tensor in tensors {
            var expected = first.shape
            expected[joined] = tensor.rank == first.rank ? tensor.shape[joined] : -1
            guard tensor.shape == expected else {
                throw EmberError.incompatibleShapes(
                    operation: "cat", first: first.shape, second: tensor.shape,
                    reason: "must match except along axis \(joined)")
            }
            resultShape[joined] += tensor.shape[joined]
        }
        let outer = first.shape[..<joined].reduce(1, *)
        return try Tensor(validShape: resultShape, operation: "cat") { out in
            var position = 0
            for o in 0..<outer {
                for tensor in tensors {
                    let block = tensor.count / Swift.max(outer, 1)
                    tensor.scalars.withUnsafeBufferPointer { a in
                        for j in 0..<block { out[position + j] = a[o * block + j] }
                    }
                    position += block
                }
            }
        }
    }

    /// Tensors of one shape stacked along a new axis (PyTorch's `torch.stack`).
    public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else {
            throw EmberError.invalidArgument(function: "stack", message: "needs at least one tensor")
        }
        for tensor in tensors where tensor.shape != first.shape {
            throw EmberError.incompatibleShapes(
                operation: "stack", first: first.shape, second: tensor.shape,
                reason: "must be equal")
        }
        let expanded = try tensors.map { try $0.unsqueeze(axis) }
        return try concatenate(expanded, axis: axis)
    }
}

/// The positions a slice selects along one axis: `start`, `start + step`, … `count` of them.
public struct SlicePositions: Sendable, Equatable {
    /// The first position.
    public var start: Int
    /// The distance between positions; negative walks backwards.
    public var step: Int
    /// How many positions there are.
    public var count: Int

    /// The positions `start`, `start + step`, … `count` of them.
    public init(start: Int, step: Int, count: Int) {
        self.start = start
        self.step = step
        self.count = count
    }

    /// The position with number `index` in `0 ..< count`.
    @inlinable public subscript(index: Int) -> Int { start + index * step }
}

/// The positions Python's `start:end:step` selects from `size` items, clamped as Python clamps
/// them; a negative step walks backwards, and a zero step is an error.
public func sliceIndices(start: Int?, end: Int?, step: Int?, size: Int) throws -> [Int] {
    let positions = try slicePositions(start: start, end: end, step: step, size: size)
    return (0..<positions.count).map { positions[$0] }
}

/// The positions of `sliceIndices` as a progression, without listing them.
public func slicePositions(start: Int?, end: Int?, step: Int?, size: Int) throws -> SlicePositions {
    let step = step ?? 1
    guard step != 0 else {
        throw EmberError.invalidArgument(function: "slice", message: "step cannot be zero")
    }
    func clamp(_ value: Int?, _ fallback: Int, _ low: Int, _ high: Int) -> Int {
        guard let value else { return fallback }
        let shifted = value < 0 ? value + size : value
        return Swift.min(Swift.max(shifted, low), high)
    }
    // Both bounds end up in -1...size, so the spans below stay small. One position or none
    // is stored with step 1, so that a huge step never multiplies a stride.
    let count: Int
    let first: Int
    if step > 0 {
        let lower = clamp(start, 0, 0, size)
        let upper = clamp(end, size, 0, size)
        (first, count) = (lower, lower < upper ? (upper - lower - 1) / step + 1 : 0)
    } else {
        let upper = clamp(start, size - 1, -1, size - 1)
        let lower = clamp(end, -1, -1, size - 1)
        let span = upper - lower - 1
        (first, count) = (upper, upper <= lower ? 0 : step == Int.min ? 1 : span / -step + 1)
    }
    return SlicePositions(start: count == 0 ? 0 : first, step: count <= 1 ? 1 : step, count: count)
}

/// Calls `body` with the storage offset of every combination of per-axis positions, in
/// row-major order. Iterative, with an odometer over the axes, so a tensor of many axes
/// needs no deep recursion.
func visitOffsets(_ positions: [SlicePositions], strides: [Int], _ body: (Int) -> Void) {
    guard !positions.contains(where: { $0.count == 0 }) else { return }
    let rank = positions.count
    guard rank > 0 else {
        body(0)
        return
    }
    var counter = [Int](repeating: 0, count: rank)
    var base = 0
    for axis in 0..<rank { base += positions[axis].start * strides[axis] }
    let last = rank - 1
    let (innerCount, innerStep) = (positions[last].count, positions[last].step * strides[last])
    while true {
        var offset = base
        for _ in 0..<innerCount {
            body(offset)
            offset += innerStep
        }
        // Advance the odometer over the outer axes.
        var axis = last - 1
        while axis >= 0 {
            counter[axis] += 1
            base += positions[axis].step * strides[axis]
            if counter[axis] < positions[axis].count { break }
            base -= positions[axis].count * positions[axis].step * strides[axis]
            counter[axis] = 0
            axis -= 1
        }
        if axis < 0 { return }
    }
}
