// Indexing and slicing with Python's rules (`t[0]`, `t[-1]`, `t[0:8]`, `t[:, 1]`, `t[::2]`),
// writing through an index, and joining tensors with `concatenate` and `stack`.

/// One entry of an index expression, applied to one axis.
public enum TensorIndex: Sendable, Equatable {
    /// A single position, negative counting from the end; the axis is removed.
    case at(Int)
    /// Positions `start ..< end` every `step`, with Python's defaults and clamping.
    case range(start: Int?, end: Int?, step: Int?)
    /// The whole axis (`:`).
    case all
}

extension Tensor {
    /// The elements the indices select, one index per leading axis; missing trailing axes are
    /// taken whole. Throws on an index out of range or too many indices.
    public subscript(_ indices: TensorIndex...) -> Tensor {
        get throws { try indexed(indices) }
    }

    /// The elements `indices` select; see the subscript.
    public func indexed(_ indices: [TensorIndex]) throws -> Tensor {
        let selection = try resolve(indices)
        let sourceStrides = strides
        return try Tensor(validShape: selection.shape, operation: "index") { out in
            var position = 0
            scalars.withUnsafeBufferPointer { a in
                visitOffsets(selection.positions, strides: sourceStrides) { offset in
                    out[position] = a[offset]
                    position += 1
                }
            }
        }
    }

    /// Writes `value` (broadcast to the selected shape) into the elements `indices` select,
    /// as `t[0] = 1` or `t[:, 1] = u` do in the shell.
    public mutating func assign(_ value: Tensor, at indices: [TensorIndex]) throws {
        let selection = try resolve(indices)
        let target = try broadcastShape(selection.shape, value.shape, operation: "assign")
        guard target == selection.shape else {
            throw EmberError.incompatibleShapes(
                operation: "assign", first: value.shape, second: selection.shape,
                reason: "do not fit: the value cannot be broadcast to the selection")
        }
        let spread = value.shape == target ? value : try value + Tensor.zeros(target)
        let sourceStrides = strides
        var position = 0
        spread.scalars.withUnsafeBufferPointer { v in
            scalars.withUnsafeMutableBufferPointer { a in
                visitOffsets(selection.positions, strides: sourceStrides) { offset in
                    a[offset] = v[position]
                    position += 1
                }
            }
        }
    }

    /// Per axis, the positions selected, and the shape of the result (without the axes an
    /// `.at` removes). Positions are kept as progressions, never listed: an axis of a
    /// zero-size tensor can be 2²⁸ long.
    private func resolve(_ indices: [TensorIndex]) throws -> (positions: [SlicePositions], shape: [Int]) {
        guard indices.count <= rank else {
            throw EmberError.invalidArgument(
                function: "index",
                message: "too many indices for a tensor of shape \(formatShape(shape)): "
                    + "\(indices.count) given")
        }
        var positions: [SlicePositions] = []
        var resultShape: [Int] = []
        for axis in 0..<rank {
            let size = shape[axis]
            switch axis < indices.count ? indices[axis] : .all {
            case .at(let index):
                let normalized = index < 0 ? index &+ size : index
                guard normalized >= 0, normalized < size else {
                    throw EmberError.indexOutOfRange(
                        operation: "index", index: index, axis: axis, size: size)
                }
                positions.append(SlicePositions(start: normalized, step: 1, count: 1))
            case .all:
                positions.append(SlicePositions(start: 0, step: 1, count: size))
                resultShape.append(size)
            case .range(let start, let end, let step):
                // Tensors stay contiguous views of forward order, as in PyTorch.
                guard (step ?? 1) > 0 else {
                    throw EmberError.invalidArgument(
                        function: "slice", message: "step must be positive, got \(step ?? 1)")
                }
                let selected = try slicePositions(start: start, end: end, step: step, size: size)
                positions.append(selected)
                resultShape.append(selected.count)
            }
        }
        return (positions, resultShape)
    }

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
private func visitOffsets(_ positions: [SlicePositions], strides: [Int], _ body: (Int) -> Void) {
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
