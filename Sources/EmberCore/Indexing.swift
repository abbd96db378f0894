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
        return Tensor(validShape: selection.shape) { out in
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

    /// Per axis, the positions selected and whether the axis stays in the result.
    private func resolve(_ indices: [TensorIndex]) throws -> (positions: [[Int]], shape: [Int]) {
        guard indices.count <= rank else {
            throw EmberError.invalidArgument(
                function: "index",
                message: "too many indices for a tensor of shape \(formatShape(shape)): "
                    + "\(indices.count) given")
        }
        var positions: [[Int]] = []
        var resultShape: [Int] = []
        for axis in 0..<rank {
            let size = shape[axis]
            switch axis < indices.count ? indices[axis] : .all {
            case .at(let index):
                let normalized = index < 0 ? index + size : index
                guard normalized >= 0, normalized < size else {
                    throw EmberError.indexOutOfRange(
                        operation: "index", index: index, axis: axis, size: size)
                }
                positions.append([normalized])
            case .all:
                positions.append(Array(0..<size))
                resultShape.append(size)
            case .range(let start, let end, let step):
                // Tensors stay contiguous views of forward order, as in PyTorch.
                guard (step ?? 1) > 0 else {
                    throw EmberError.invalidArgument(
                        function: "slice", message: "step must be positive, got \(step ?? 1)")
                }
                let selected = try sliceIndices(start: start, end: end, step: step, size: size)
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
        return Tensor(validShape: resultShape) { out in
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

/// The positions Python's `start:end:step` selects from `size` items, clamped as Python clamps
/// them; a negative step walks backwards, and a zero step is an error.
public func sliceIndices(start: Int?, end: Int?, step: Int?, size: Int) throws -> [Int] {
    let step = step ?? 1
    guard step != 0 else {
        throw EmberError.invalidArgument(function: "slice", message: "step cannot be zero")
    }
    func clamp(_ value: Int?, _ fallback: Int, _ low: Int, _ high: Int) -> Int {
        guard let value else { return fallback }
        let shifted = value < 0 ? value + size : value
        return Swift.min(Swift.max(shifted, low), high)
    }
    if step > 0 {
        let lower = clamp(start, 0, 0, size)
        let upper = clamp(end, size, 0, size)
        return lower < upper ? Array(stride(from: lower, to: upper, by: step)) : []
    }
    let upper = clamp(start, size - 1, -1, size - 1)
    let lower = clamp(end, -1, -1, size - 1)
    return upper > lower ? Array(stride(from: upper, to: lower, by: step)) : []
}

/// Calls `body` with the storage offset of every combination of per-axis positions, in
/// row-major order.
private func visitOffsets(_ positions: [[Int]], strides: [Int], _ body: (Int) -> Void) {
    guard !positions.contains(where: \.isEmpty) else { return }
    func visit(_ axis: Int, _ base: Int) {
        if axis == positions.count {
            body(base)
            return
        }
        for position in positions[axis] { visit(axis + 1, base + position * strides[axis]) }
    }
    visit(0, 0)
}
