// A window onto a tensor's storage, as PyTorch's views are: the position of the first element,
// a shape, and per axis the step through storage from one element to the next. Slicing,
// transposing and adding axes change only the window, so a view shares its values with what it
// came from; reading a window gathers its values, writing one scatters them back.

/// Where a view's elements sit in a contiguous storage.
public struct StridedLayout: Sendable, Equatable {
    /// The storage position of the element at index (0, 0, …).
    public var offset: Int
    /// The size of each axis of the view.
    public var shape: [Int]
    /// Per axis, how far apart in storage two neighbouring elements are (0 for an added axis).
    public var strides: [Int]

    /// The window that covers a contiguous tensor of `shape` from its first element.
    public init(contiguous shape: [Int]) {
        self.init(offset: 0, shape: shape, strides: contiguousStrides(of: shape))
    }

    /// A window with the given fields; `Tensor.gathered` checks it against the storage.
    public init(offset: Int, shape: [Int], strides: [Int]) {
        self.offset = offset
        self.shape = shape
        self.strides = strides
    }

    /// The number of elements in the window (0 when an axis is empty).
    public var count: Int {
        shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
    }

    /// True when the elements lie in row-major order one after another, so that the window can
    /// take another shape without moving any value.
    public var isContiguous: Bool {
        var expected = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] != 1 {
            guard strides[axis] == expected else { return false }
            expected = expected.multipliedReportingOverflow(by: shape[axis]).partialValue
        }
        return true
    }

    /// The highest storage position the window reaches, or nil when it reaches none (an empty
    /// axis) or the arithmetic overflows.
    fileprivate var lastPosition: Int? {
        guard shape.allSatisfy({ $0 > 0 }) else { return nil }
        var last = offset
        for (size, step) in zip(shape, strides) {
            let (span, overflow) = (size - 1).multipliedReportingOverflow(by: step)
            let (sum, overflowSum) = last.addingReportingOverflow(span)
            guard !overflow, !overflowSum else { return Int.max }
            last = sum
        }
        return last
    }
}

extension Tensor {
    /// The values the window `layout` shows of this tensor's storage, as a new contiguous tensor.
    ///
    /// Throws when the window reaches outside the storage or has negative steps.
    public func gathered(_ layout: StridedLayout) throws -> Tensor {
        try check(layout, operation: "view")
        let count = layout.count
        return try Tensor(validShape: layout.shape, operation: "view") { out in
            guard count > 0 else { return }
            scalars.withUnsafeBufferPointer { source in
                var position = 0
                visitWindow(layout) { offset in
                    out[position] = source[offset]
                    position += 1
                }
            }
        }
    }

    /// Writes `values`, whose shape is the window's, into the storage positions `layout` shows.
    public mutating func scatter(_ values: Tensor, into layout: StridedLayout) throws {
        try check(layout, operation: "view assignment")
        guard values.shape == layout.shape else {
            throw EmberError.incompatibleShapes(
                operation: "view assignment", first: values.shape, second: layout.shape,
                reason: "differ: the values must have the view's shape")
        }
        guard layout.count > 0 else { return }
        values.scalars.withUnsafeBufferPointer { source in
            scalars.withUnsafeMutableBufferPointer { target in
                var position = 0
                visitWindow(layout) { offset in
                    target[offset] = source[position]
                    position += 1
                }
            }
        }
    }

    private func check(_ layout: StridedLayout, operation: String) throws {
        guard layout.shape.count == layout.strides.count, layout.offset >= 0,
            layout.strides.allSatisfy({ $0 >= 0 }), layout.shape.allSatisfy({ $0 >= 0 })
        else {
            throw EmberError.invalidArgument(function: operation, message: "the window \(layout) is malformed")
        }
        if let last = layout.lastPosition, last >= count {
            throw EmberError.invalidArgument(
                function: operation, message: "the window reaches position \(last) of a storage of \(count) values")
        }
    }
}

/// Calls `body` with the storage position of every element of the window, in row-major order.
private func visitWindow(_ layout: StridedLayout, _ body: (Int) -> Void) {
    let rank = layout.shape.count
    guard rank > 0 else {
        body(layout.offset)
        return
    }
    var index = [Int](repeating: 0, count: rank)
    var offset = layout.offset
    let innerSize = layout.shape[rank - 1]
    let innerStride = layout.strides[rank - 1]
    while true {
        var inner = offset
        for _ in 0..<innerSize {
            body(inner)
            inner += innerStride
        }
        // Advance the outer axes like an odometer.
        var axis = rank - 2
        while axis >= 0 {
            index[axis] += 1
            offset += layout.strides[axis]
            if index[axis] < layout.shape[axis] { break }
            offset -= layout.strides[axis] * layout.shape[axis]
            index[axis] = 0
            axis -= 1
        }
        if axis < 0 { return }
    }
}
