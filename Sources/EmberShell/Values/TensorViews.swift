// The methods and indices that give views, as PyTorch's do: `x.view(2, 3)`, `x.T`,
// `x.unsqueeze(0)`, `x[0]`, `x[:, 1:3]`, `x[None]` share the storage of `x`, so writing into one
// changes the other. A view is a new window onto the same storage; nothing is copied until a
// value is read.

import Ember

extension TensorRef {
    /// The view with `order` as its axes (`permute`, `T`).
    func permuted(_ order: [Int], operation: String) throws -> TensorRef {
        let window = self.window
        let rank = window.shape.count
        let axes = try order.map { try normalizeAxis($0, rank: rank, operation: operation) }
        guard axes.count == rank, Set(axes).count == rank else {
            throw ShellError(
                .runtime,
                "\(operation)(): the order \(formatShape(order)) must name each of the \(rank) axes once")
        }
        return view(
            StridedLayout(
                offset: window.offset, shape: axes.map { window.shape[$0] }, strides: axes.map { window.strides[$0] }))
    }

    /// The view with two axes swapped (`transpose`, `t`, `mT`).
    func transposed(_ first: Int, _ second: Int, operation: String) throws -> TensorRef {
        let rank = shape.count
        guard rank > 0 else { return self }
        let a = try normalizeAxis(first, rank: rank, operation: operation)
        let b = try normalizeAxis(second, rank: rank, operation: operation)
        var order = Array(0..<rank)
        order.swapAt(a, b)
        return try permuted(order, operation: operation)
    }

    /// The same values under `reshaped`'s shape: a view when the window is contiguous, a copy
    /// otherwise (as `reshape` does), or an error (as `view` gives) when `copying` is false.
    func reshapedView(operation: String, copying: Bool, _ reshaped: (Tensor) throws -> Tensor) throws -> TensorRef {
        let result = try reshaped(tensor)
        let window = self.window
        guard window.isContiguous else {
            guard copying else {
                throw ShellError(
                    .runtime,
                    "\(operation)(): the tensor's elements are not contiguous in memory (it is a transposed or "
                        + "sliced view), so no view of shape \(formatShape(result.shape)) exists; use .reshape(...) "
                        + "or .contiguous() first")
            }
            return TensorRef(result, dtype: dtype)
        }
        var layout = StridedLayout(contiguous: result.shape)
        layout.offset = window.offset
        return view(layout)
    }

    /// The view `x[keys]` for keys that are all integers, slices, `None` or `...`; nil when a
    /// key is a list, a tensor or anything else that NumPy's rules make a copy.
    func basicView(_ keys: [SubscriptKey]) throws -> TensorRef? {
        var window = self.window
        let ellipses = keys.filter { if case .index(.object(is EllipsisObject)) = $0 { true } else { false } }.count
        guard ellipses <= 1 else { throw ShellError(.index, "an index can only have a single ellipsis ('...')") }
        let consuming = keys.filter { key in
            switch key {
            case .slice: return true
            case .index(.int): return true
            default: return false
            }
        }.count
        guard consuming <= window.shape.count else {
            throw ShellError(
                .index,
                "too many indices for tensor of dimension \(window.shape.count): \(consuming) were given")
        }
        var axis = 0
        var shape: [Int] = []
        var strides: [Int] = []
        var offset = window.offset
        for key in keys {
            switch key {
            case .index(.int(let index)):
                let size = window.shape[axis]
                let position = index < 0 ? index + size : index
                guard position >= 0, position < size else {
                    throw ShellError(.index, "index \(index) is out of bounds for dimension \(axis) with size \(size)")
                }
                offset += position * window.strides[axis]
                axis += 1
            case .slice(let start, let end, let step):
                if let step, step <= 0 {
                    throw ShellError(
                        .value,
                        step == 0
                            ? "slice step cannot be zero"
                            : "negative slice steps are not supported for tensors, as in PyTorch")
                }
                let positions = try slicePositions(start: start, end: end, step: step, size: window.shape[axis])
                offset += positions.start * window.strides[axis]
                shape.append(positions.count)
                strides.append(window.strides[axis] * positions.step)
                axis += 1
            case .index(.none):
                shape.append(1)
                strides.append(0)
            case .index(.object(is EllipsisObject)):
                let skipped = window.shape.count - consuming
                shape += window.shape[axis..<(axis + skipped)]
                strides += window.strides[axis..<(axis + skipped)]
                axis += skipped
            default:
                return nil
            }
        }
        shape += window.shape[axis...]
        strides += window.strides[axis...]
        window = StridedLayout(offset: offset, shape: shape, strides: strides)
        return view(window)
    }
}

/// The methods of a tensor that give views (or, for `reshape` of a non-contiguous tensor, copies).
enum TensorViews {
    static let methods: [String: Method<TensorRef>] = [
        "reshape": Method(
            variadic: "shape", doc: "The same values in another shape (a view when it can be); one size may be -1."
        ) {
            ref, arguments, _ in
            let shape = try variadicShape(arguments, "reshape")
            return .tensor(try ref.reshapedView(operation: "reshape", copying: true) { try $0.reshape(shape) })
        },
        "view": Method(variadic: "shape", doc: "A view of the same storage in another shape; one size may be -1.") {
            ref, arguments, _ in
            let shape = try variadicShape(arguments, "view")
            return .tensor(try ref.reshapedView(operation: "view", copying: false) { try $0.reshape(shape) })
        },
        "flatten": Method(
            [ParameterSpec("start_dim", .int(0)), ParameterSpec("end_dim", .int(-1))],
            doc: "Axes start_dim to end_dim merged into one."
        ) {
            ref, arguments, _ in
            let (start, end) = (try arguments.int("start_dim"), try arguments.int("end_dim"))
            return .tensor(
                try ref.reshapedView(operation: "flatten", copying: true) {
                    try $0.flatten(startAxis: start, endAxis: end)
                })
        },
        "squeeze": Method([ParameterSpec("dim", .null)], doc: "Axes of size 1 removed.") { ref, arguments, _ in
            let dim = try arguments.optionalInt("dim")
            return .tensor(try ref.reshapedView(operation: "squeeze", copying: true) { try $0.squeeze(dim) })
        },
        "unsqueeze": Method([ParameterSpec("dim")], doc: "A new axis of size 1 at dim.") { ref, arguments, _ in
            let dim = try arguments.int("dim")
            return .tensor(try ref.reshapedView(operation: "unsqueeze", copying: true) { try $0.unsqueeze(dim) })
        },
        "transpose": Method([ParameterSpec("dim0"), ParameterSpec("dim1")], doc: "A view with two axes swapped.") {
            ref, arguments, _ in
            .tensor(try ref.transposed(try arguments.int("dim0"), try arguments.int("dim1"), operation: "transpose"))
        },
        "permute": Method(variadic: "dims", doc: "A view with the axes in a new order.") { ref, arguments, _ in
            .tensor(try ref.permuted(try variadicShape(arguments, "permute"), operation: "permute"))
        },
        "t": Method(doc: "The transpose of a matrix, as a view.") { ref, _, _ in
            guard ref.shape.count <= 2 else {
                throw ShellError(
                    .runtime, "t() expects a tensor with <= 2 dimensions, but this one has \(ref.shape.count)")
            }
            return .tensor(ref.shape.count < 2 ? ref : try ref.transposed(0, 1, operation: "t"))
        },
        "contiguous": Method(doc: "The tensor itself if its elements are contiguous, a contiguous copy otherwise.") {
            ref, _, _ in
            .tensor(ref.window.isContiguous ? ref : TensorRef(ref.tensor, dtype: ref.dtype))
        },
        "is_contiguous": Method(doc: "True when the elements lie in storage in row-major order, one after another.") {
            ref, _, _ in
            .bool(ref.window.isContiguous)
        },
        "detach": Method(doc: "The same storage, without a history (plain tensors have none).") { ref, _, _ in
            .tensor(ref)
        },
        "clone": Method(doc: "A copy with storage of its own.") { ref, _, _ in
            .tensor(TensorRef(ref.tensor, dtype: ref.dtype))
        },
    ]
}
