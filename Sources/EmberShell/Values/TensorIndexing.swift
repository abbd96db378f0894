// `x[keys]` and `x[keys] = v` on tensors, with NumPy's and PyTorch's rules: integers, slices,
// `None` and `...` give a view that shares the storage; integer lists and tensors, and bool
// masks, give a copy (`x[x > 0]`, `scores[range(N), y]`); assignment writes into the storage
// either way, so every alias and view sees it.

import Ember

enum TensorIndexing {
    /// `ref[keys]`.
    static func item(_ ref: TensorRef, _ keys: [SubscriptKey]) throws -> Value {
        let keys = expanded(keys)
        if let view = try ref.basicView(keys) { return .tensor(view) }
        // As PyTorch does, integers, slices, None and ... select a view first; the lists,
        // tensors and masks then index that view.
        let (basic, advanced) = split(keys)
        guard let view = try ref.basicView(basic) else { return .none }
        let indices = try advancedIndices(advanced)
        return try .tensor(try asIndexError { try view.tensor.indexed(indices) }, dtype: ref.dtype)
    }

    /// The core's indices for `keys` taken together, with NumPy's rules: what the tape's
    /// indexing op records (`x[mask]`, `x[[0, 2]]`, `x[None]` on a tensor that requires grad).
    static func coreIndices(_ keys: [SubscriptKey]) throws -> [TensorIndex] {
        try advancedIndices(expanded(keys))
    }

    /// `x[(0, 1)]` is `x[0, 1]`, as in Python, where a tuple in brackets is the keys.
    private static func expanded(_ keys: [SubscriptKey]) -> [SubscriptKey] {
        guard keys.count == 1, case .index(.tuple(let items)) = keys[0] else { return keys }
        return items.map { .index($0) }
    }

    /// The keys of the view step (advanced keys taken whole), and of the advanced step over that
    /// view (integers gone, the view's other axes taken whole).
    private static func split(_ keys: [SubscriptKey]) -> (basic: [SubscriptKey], advanced: [SubscriptKey]) {
        let whole = SubscriptKey.slice(start: nil, end: nil, step: nil)
        var basic: [SubscriptKey] = []
        var advanced: [SubscriptKey] = []
        for key in keys {
            switch key {
            case .index(.int): basic.append(key)
            case .index(.none): basic.append(key); advanced.append(whole)
            case .index(.object(is EllipsisObject)): basic.append(key); advanced.append(key)
            case .slice: basic.append(key); advanced.append(whole)
            default: basic.append(whole); advanced.append(key)
            }
        }
        return (basic, advanced)
    }

    /// `ref[keys] = value`: the value, converted to the tensor's type and broadcast to the
    /// selection, written into the storage.
    static func assign(_ value: Value, into ref: TensorRef, at keys: [SubscriptKey]) throws {
        let keys = expanded(keys)
        let operand = try ref.dtype.conform(try tensorOperand(for: value), operation: "index assignment")
        if let view = try ref.basicView(keys) {
            let spread = operand.shape == view.shape ? operand : try broadcast(operand, to: view.shape)
            try view.overwrite(with: spread, operation: "index assignment")
            return
        }
        let (basic, advanced) = split(keys)
        guard let view = try ref.basicView(basic) else { return }
        let indices = try advancedIndices(advanced)
        try asIndexError { try view.write { try $0.assign(operand, at: indices) } }
    }

    /// What `body` gives, its index errors (a position out of range, a mask of the wrong shape)
    /// reported as IndexError, as PyTorch does, without the core's `index:` prefix.
    private static func asIndexError<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch EmberError.invalidArgument(let function, let message) where function == "index" {
            throw ShellError(.index, message)
        } catch EmberError.indexOutOfRange(_, let index, let axis, let size) {
            throw ShellError(.index, "index \(index) is out of bounds for dimension \(axis) with size \(size)")
        } catch EmberError.incompatibleShapes(let operation, let first, let second, _) where operation == "index" {
            throw ShellError(
                .index,
                "shape mismatch: indexing tensors of shapes \(formatShape(first)) and \(formatShape(second)) could not be broadcast together"
            )
        }
    }

    /// `value` broadcast to `shape`, or an error naming both shapes.
    private static func broadcast(_ value: Tensor, to shape: [Int]) throws -> Tensor {
        let spread = try? value + Tensor.zeros(shape)
        guard let spread, spread.shape == shape else {
            throw ShellError(
                .runtime,
                "shape mismatch: a value of shape \(formatShape(value.shape)) cannot be broadcast to the indexing result of shape \(formatShape(shape))"
            )
        }
        return spread
    }

    /// The core's indices for keys that include lists, tensors or masks.
    static func advancedIndices(_ keys: [SubscriptKey]) throws -> [TensorIndex] {
        try keys.map { key in
            switch key {
            case .slice(let start, let end, let step):
                if let step, step < 0 {
                    throw ShellError(.value, "negative slice steps are not supported for tensors, as in PyTorch")
                }
                return .range(start: start, end: end, step: step)
            case .index(.int(let i)): return .at(i)
            case .index(.none): return .newAxis
            case .index(.object(is EllipsisObject)): return .ellipsis
            case .index(.tensor(let ref)) where ref.dtype == .bool: return .mask(ref.tensor)
            case .index(.tensor(let ref)):
                guard ref.dtype == .int64 else {
                    throw ShellError(
                        .index,
                        "tensors used as indices must be long, int or bool tensors, not \(ref.dtype.name); use .long()")
                }
                return .positions(ref.tensor)
            case .index(.bool(let flag)):
                return .mask(Tensor(flag ? 1 : 0))
            case .index(let other):
                if let index = try listIndex(other) { return index }
                throw ShellError(
                    .index,
                    "tensor indices must be integers, slices, None, ..., lists or tensors of integers, or bool masks, not \(other.typeName)"
                )
            }
        }
    }

    /// A list or tuple of integers (nested too) or of bools, or a range, as an index; nil for
    /// anything else.
    private static func listIndex(_ value: Value) throws -> TensorIndex? {
        if case .object(let range as RangeObject) = value {
            guard let count = range.length, count <= 16_777_216 else {
                throw ShellError(.index, "a range of more than 16777216 positions is too long to index with")
            }
            return .positions(Tensor((0..<count).map { Float(Double(range.start) + Double($0) * Double(range.step)) }))
        }
        switch value {
        case .list, .tuple: break
        default: return nil
        }
        let values = try tensorFromValue(value)
        if TensorBuiltins.inferredDType(of: value) == .bool, values.count > 0 { return .mask(values) }
        guard values.scalars.allSatisfy({ $0 == $0.rounded() }) else {
            throw ShellError(.index, "a list used as an index must hold integers or bools")
        }
        return .positions(values)
    }
}
