// The windows behind `expand`, `narrow` and `select`: each is a new StridedLayout over the same
// storage, so the result is a view and nothing is copied. An expanded axis has stride 0: all of
// its positions show the one element the axis of size 1 held.

import Ember

extension TensorRef {
    /// The view of `sizes`, in which axes of size 1 (and new leading axes) are stretched with
    /// stride 0 and -1 keeps an axis's size, as PyTorch's `expand`.
    func expanded(to sizes: [Int], operation: String) throws -> TensorRef {
        let window = self.window
        let rank = window.shape.count
        guard sizes.count >= rank else {
            throw ShellError(
                .runtime,
                "\(operation)(): the \(sizes.count) sizes \(formatShape(sizes)) must be at least as many as the "
                    + "tensor's \(rank) dimensions \(formatShape(window.shape))")
        }
        let leading = sizes.count - rank
        var shape: [Int] = []
        var strides: [Int] = []
        for (axis, size) in sizes.enumerated() {
            guard axis >= leading else {
                guard size >= 0 else {
                    throw ShellError(
                        .runtime,
                        "\(operation)(): the size \(size) is not allowed for the new leading dimension \(axis)")
                }
                shape.append(size)
                strides.append(0)
                continue
            }
            let existing = window.shape[axis - leading]
            if size == -1 || size == existing {
                shape.append(existing)
                strides.append(window.strides[axis - leading])
            } else if existing == 1, size >= 0 {
                shape.append(size)
                strides.append(0)
            } else {
                throw ShellError(
                    .runtime,
                    "\(operation)(): the size \(size) must match the existing size \(existing) at dimension \(axis), "
                        + "which is not 1 (sizes \(formatShape(sizes)), tensor \(formatShape(window.shape)))")
            }
        }
        // Reading the view gathers every element it shows: refuse a shape too large now.
        let count = try elementCount(of: shape, operation: operation)
        try MemoryBudget.check(count: count, for: operation)
        return view(StridedLayout(offset: window.offset, shape: shape, strides: strides))
    }

    /// The view of `length` positions along `axis` from `start` (negative counts from the end).
    func narrowed(axis: Int, start: Int, length: Int) throws -> TensorRef {
        let window = self.window
        guard !window.shape.isEmpty else {
            throw ShellError(.runtime, "narrow(): cannot be applied to a 0-dim tensor")
        }
        let dim = try normalizeAxis(axis, rank: window.shape.count, operation: "narrow")
        let size = window.shape[dim]
        guard start >= -size, start <= size else {
            throw ShellError(
                .index, "narrow(): start \(start) is out of range for dimension \(dim) of size \(size)")
        }
        guard length >= 0 else { throw ShellError(.runtime, "narrow(): length must be non-negative, got \(length)") }
        let first = start < 0 ? start + size : start
        guard length <= size - first else {
            throw ShellError(
                .runtime, "narrow(): start (\(first)) + length (\(length)) exceeds dimension \(dim) of size \(size)")
        }
        var layout = window
        layout.offset += first * window.strides[dim]
        layout.shape[dim] = length
        return view(layout)
    }

    /// The view of position `index` along `axis` (negative counts from the end), without that axis.
    func selected(axis: Int, index: Int) throws -> TensorRef {
        let window = self.window
        guard !window.shape.isEmpty else {
            throw ShellError(.index, "select(): cannot be applied to a 0-dim tensor")
        }
        let dim = try normalizeAxis(axis, rank: window.shape.count, operation: "select")
        let size = window.shape[dim]
        guard index >= -size, index < size else {
            throw ShellError(
                .index,
                "select(): index \(index) out of range for tensor of size \(formatShape(window.shape)) at dimension \(dim)"
            )
        }
        var layout = window
        layout.offset += (index < 0 ? index + size : index) * window.strides[dim]
        layout.shape.remove(at: dim)
        layout.strides.remove(at: dim)
        return view(layout)
    }
}
