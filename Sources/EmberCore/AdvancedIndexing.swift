// NumPy's advanced indexing on top of the basic indexing of Indexing.swift: new axes (`None`),
// an ellipsis (`...`), integer index arrays and boolean masks. An index is first expanded to one
// entry per axis of the tensor seen with its new axes, each mask becoming one index array per
// axis it covers. Then the index arrays, and the plain integers beside them, are broadcast
// together into one block of storage offsets, which takes the place of the axes they index when
// those are adjacent, and goes first otherwise (NumPy's rule).

/// Where the elements of an index live in the tensor's storage, in the result's row-major order.
struct Selection {
    /// The storage offsets, per axis of the result or per group of its axes.
    enum Offsets {
        /// Basic indexing: one progression of positions per axis, read with `strides`.
        case progressions([SlicePositions], strides: [Int])
        /// Advanced indexing: per result axis, and once for the whole block of broadcast index
        /// axes, the storage offset of each of its positions; an element's offset is the sum.
        case tables([[Int]])
    }

    /// The shape of the selection.
    var shape: [Int]
    /// Where its elements are.
    var offsets: Offsets

    /// Calls `body` with the storage offset of every selected element, in row-major order.
    func forEachOffset(_ body: (Int) -> Void) {
        switch offsets {
        case .progressions(let positions, let strides): visitOffsets(positions, strides: strides, body)
        case .tables(let tables): visitTables(tables, body)
        }
    }
}

/// An integer index array made ready: its shape and its positions, each already in range.
struct IndexArray {
    /// The shape the array broadcasts with.
    var shape: [Int]
    /// Its positions in row-major order, in `0 ..< size` of the axis it indexes.
    var positions: [Int]
}

/// One entry of an expanded index: a basic index (`.at`, `.range`, `.all`) or an index array.
enum AxisIndex {
    case basic(TensorIndex)
    case array(IndexArray)
}

/// An index with its ellipsis and new axes expanded and its masks turned into index arrays.
struct ExpandedIndex {
    /// The tensor's shape with a 1 where each new axis stands.
    var shape: [Int] = []
    /// For each axis of `shape`, the tensor's axis it is (or stands before), for messages.
    var sourceAxes: [Int] = []
    /// One entry per axis of `shape`.
    var entries: [AxisIndex] = []
}

extension TensorIndex {
    /// Whether the basic path of Indexing.swift handles this entry.
    var isBasic: Bool {
        switch self {
        case .at, .range, .all: return true
        case .newAxis, .ellipsis, .positions, .mask: return false
        }
    }

    /// How many axes of the tensor this entry indexes.
    var axesConsumed: Int {
        switch self {
        case .at, .range, .all, .positions: return 1
        case .newAxis, .ellipsis: return 0
        case .mask(let mask): return mask.rank
        }
    }
}

extension Tensor {
    /// The selection of an index that holds new axes, an ellipsis, index arrays or masks.
    func advancedSelection(_ indices: [TensorIndex]) throws -> Selection {
        let expanded = try expandIndex(indices, shape: shape)
        let strides = contiguousStrides(of: expanded.shape)
        var arrays: [(axis: Int, array: IndexArray)] = []
        var basics: [(axis: Int, positions: SlicePositions)] = []
        for (axis, entry) in expanded.entries.enumerated() {
            let (source, size) = (expanded.sourceAxes[axis], expanded.shape[axis])
            switch entry {
            case .array(let array): arrays.append((axis, array))
            case .basic(let index): basics.append((axis, try basicPositions(index, axis: source, size: size)))
            }
        }
        let isInteger = { (axis: Int) -> Bool in
            if case .basic(.at) = expanded.entries[axis] { return true }
            return false
        }
        guard !arrays.isEmpty else {
            // New axes and an ellipsis alone: basic indexing of the tensor seen with its new axes.
            let kept = basics.filter { !isInteger($0.axis) }
            return Selection(
                shape: kept.map(\.positions.count), offsets: .progressions(basics.map(\.positions), strides: strides))
        }
        // Beside index arrays, a plain integer is a 0-d index array: it broadcasts with them
        // and its axis joins the block, which decides whether the block stays in place.
        basics.removeAll { axis, positions in
            guard isInteger(axis) else { return false }
            arrays.append((axis, IndexArray(shape: [], positions: [positions.start])))
            return true
        }
        arrays.sort { $0.axis < $1.axis }
        let (lowest, highest) = (arrays[0].axis, arrays[arrays.count - 1].axis)
        var blockShape: [Int] = []
        for (_, array) in arrays {
            blockShape = try broadcastIndexShapes(blockShape, array.shape)
        }
        let inPlace = highest - lowest + 1 == arrays.count
        let before = inPlace ? basics.filter { $0.axis < lowest } : []
        let after = inPlace ? basics.filter { $0.axis > highest } : basics
        let resultShape = before.map(\.positions.count) + blockShape + after.map(\.positions.count)
        guard try elementCount(of: resultShape, operation: "index") > 0 else {
            return Selection(shape: resultShape, offsets: .tables([[]]))
        }
        try MemoryBudget.check(count: blockShape.reduce(1, *), size: MemoryLayout<Int>.size, for: "index")
        func table(_ axis: Int, _ positions: SlicePositions) -> [Int] {
            (0..<positions.count).map { positions[$0] * strides[axis] }
        }
        let block = blockOffsets(arrays, shape: blockShape, strides: strides)
        let tables = before.map(table) + [block] + after.map(table)
        return Selection(shape: resultShape, offsets: .tables(tables))
    }
}

/// `indices` expanded over a tensor of `shape`: the ellipsis becomes whole axes, each new axis
/// an axis of size 1 taken whole, each mask one index array per axis it covers, and each index
/// array's values are checked and turned into positions.
func expandIndex(_ indices: [TensorIndex], shape: [Int]) throws -> ExpandedIndex {
    let ellipses = indices.filter { $0 == .ellipsis }.count
    guard ellipses <= 1 else {
        throw EmberError.invalidArgument(
            function: "index", message: "an index can only have a single ellipsis (...), \(ellipses) given")
    }
    let consumed = indices.reduce(0) { $0 + $1.axesConsumed }
    guard consumed <= shape.count else {
        throw EmberError.invalidArgument(
            function: "index",
            message: "too many indices for a tensor of shape \(formatShape(shape)): \(consumed) given")
    }
    var expanded = ExpandedIndex()
    var axis = 0
    func take(_ entry: AxisIndex) {
        expanded.shape.append(shape[axis])
        expanded.sourceAxes.append(axis)
        expanded.entries.append(entry)
        axis += 1
    }
    func insert(_ entry: AxisIndex) {
        expanded.shape.append(1)
        expanded.sourceAxes.append(axis)
        expanded.entries.append(entry)
    }
    for index in indices {
        switch index {
        case .at, .range, .all: take(.basic(index))
        case .newAxis: insert(.basic(.all))
        case .ellipsis: for _ in 0..<(shape.count - consumed) { take(.basic(.all)) }
        case .positions(let tensor): take(.array(try indexArray(tensor, axis: axis, size: shape[axis])))
        case .mask(let mask):
            let covered = Array(shape[axis..<(axis + mask.rank)])
            guard mask.shape == covered else {
                throw EmberError.invalidArgument(
                    function: "index",
                    message: "mask of shape \(formatShape(mask.shape)) does not match the indexed shape "
                        + "\(formatShape(covered)) at axis \(axis)")
            }
            let (count, columns) = try maskCoordinates(mask)
            // A 0-d mask, as NumPy's `t[True]`, indexes a new axis of size 1: once, or not at all.
            if mask.rank == 0 {
                insert(.array(IndexArray(shape: [count], positions: [Int](repeating: 0, count: count))))
            }
            for column in columns { take(.array(IndexArray(shape: [count], positions: column))) }
        }
    }
    while axis < shape.count { take(.basic(.all)) }
    return expanded
}

/// The values of an index array for an axis of `size` as positions in `0 ..< size`, or an
/// error naming the value, the axis and the size.
func indexArray(_ tensor: Tensor, axis: Int, size: Int) throws -> IndexArray {
    try MemoryBudget.check(count: tensor.count, size: MemoryLayout<Int>.size, for: "index")
    var positions: [Int] = []
    positions.reserveCapacity(tensor.count)
    for value in tensor.scalars {
        guard let index = Int(exactly: value) else {
            let whole = value.isFinite && value.rounded(.towardZero) == value
            throw EmberError.invalidArgument(
                function: "index",
                message: whole
                    ? "index \(value) is out of range for axis \(axis) of size \(size)"
                    : "index \(value) for axis \(axis) is not a whole number")
        }
        let normalized = index < 0 ? index + size : index
        guard normalized >= 0, normalized < size else {
            throw EmberError.indexOutOfRange(operation: "index", index: index, axis: axis, size: size)
        }
        positions.append(normalized)
    }
    return IndexArray(shape: tensor.shape, positions: positions)
}

/// The shape index arrays of shapes `first` and `second` broadcast to, or an error naming both.
func broadcastIndexShapes(_ first: [Int], _ second: [Int]) throws -> [Int] {
    do {
        return try broadcastShape(first, second, operation: "index")
    } catch EmberError.incompatibleShapes(_, _, _, let reason) {
        throw EmberError.incompatibleShapes(
            operation: "index", first: first, second: second, reason: "of index arrays \(reason)")
    }
}

/// The storage offset of each element of the broadcast block of index arrays: the sum, over
/// the arrays, of its position times the stride of the axis it indexes.
func blockOffsets(_ arrays: [(axis: Int, array: IndexArray)], shape: [Int], strides: [Int]) -> [Int] {
    let count = shape.reduce(1, *)
    var offsets = [Int](repeating: 0, count: count)
    for (axis, array) in arrays {
        let spread = broadcastStrides(of: array.shape, to: shape)
        var counter = [Int](repeating: 0, count: shape.count)
        var source = 0
        for element in 0..<count {
            offsets[element] += array.positions[source] * strides[axis]
            // Advance the odometer over the block's axes, following the array's broadcast strides.
            var dimension = shape.count - 1
            while dimension >= 0 {
                counter[dimension] += 1
                source += spread[dimension]
                if counter[dimension] < shape[dimension] { break }
                source -= spread[dimension] * shape[dimension]
                counter[dimension] = 0
                dimension -= 1
            }
        }
    }
    return offsets
}

/// Calls `body` with every sum of one offset from each table, in row-major order (the last
/// table varies fastest). No tables is one element at offset 0; an empty table, none.
func visitTables(_ tables: [[Int]], _ body: (Int) -> Void) {
    guard let inner = tables.last else {
        body(0)
        return
    }
    guard !tables.contains(where: \.isEmpty) else { return }
    var counter = [Int](repeating: 0, count: tables.count)
    var base = tables.dropLast().reduce(0) { $0 + $1[0] }
    while true {
        for offset in inner { body(base + offset) }
        var axis = tables.count - 2
        while axis >= 0 {
            base -= tables[axis][counter[axis]]
            counter[axis] += 1
            if counter[axis] < tables[axis].count {
                base += tables[axis][counter[axis]]
                break
            }
            counter[axis] = 0
            base += tables[axis][0]
            axis -= 1
        }
        if axis < 0 { return }
    }
}
