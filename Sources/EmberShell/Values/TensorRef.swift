// A tensor as the language's names hold it: a reference, as in Python, so that `b = a; b[0] = 1`
// changes `a`, and a view (`x.view(4)`, `x[0]`, `x.T`, `p.data`) shares the storage it came from.
// The storage is the single place the values live: a tensor of the shell's own, or a layer's
// parameter or gradient, or a tape value; a view is a window onto it.

import Ember

/// Where the values of one or more tensor references live.
public protocol TensorStorage: AnyObject {
    /// The values, in the storage's own shape.
    var value: Tensor { get }
    /// Changes the values in place; `body` keeps their shape.
    func modify(_ body: (inout Tensor) throws -> Void) throws
}

/// The storage of a tensor the shell made.
final class OwnedStorage: TensorStorage {
    private(set) var value: Tensor

    init(_ value: Tensor) {
        self.value = value
    }

    func modify(_ body: (inout Tensor) throws -> Void) throws {
        try body(&value)
    }
}

/// A layer's parameter values as storage: `p.data` writes into the layer.
final class ParameterValueStorage: TensorStorage {
    let parameter: Parameter

    init(_ parameter: Parameter) {
        self.parameter = parameter
    }

    var value: Tensor { parameter.value }

    func modify(_ body: (inout Tensor) throws -> Void) throws {
        var values = parameter.value
        try body(&values)
        try parameter.assign(values)
    }
}

/// A layer's parameter gradient as storage: `p.grad.zero_()` clears the layer's gradient.
final class ParameterGradStorage: TensorStorage {
    let parameter: Parameter

    init(_ parameter: Parameter) {
        self.parameter = parameter
    }

    var value: Tensor { parameter.grad }

    func modify(_ body: (inout Tensor) throws -> Void) throws {
        var values = parameter.grad
        try body(&values)
        try parameter.assignGrad(values)
    }
}

/// A tape value's values as storage. Writes through the in-place methods of `x` are checked
/// and counted; through `x.data` they go around the tape, as PyTorch's do; through `x.detach()`
/// they are counted but not checked, so a leaf can be changed and a saved value still guarded.
final class VariableValueStorage: TensorStorage {
    /// How writes reach the values.
    enum Access { case checked, data, detached }

    let variable: Variable
    let access: Access

    init(_ variable: Variable, access: Access = .checked) {
        self.variable = variable
        self.access = access
    }

    var value: Tensor { variable.value }

    func modify(_ body: (inout Tensor) throws -> Void) throws {
        switch access {
        case .checked: try variable.modifyInPlace(body)
        case .data: try variable.modifyData(body)
        case .detached: try variable.modifyData(counting: true, body)
        }
    }
}

/// A tape value's gradient as storage (`x.grad`), so that `x.grad.zero_()` clears it.
final class VariableGradStorage: TensorStorage {
    let variable: Variable

    init(_ variable: Variable) {
        self.variable = variable
    }

    var value: Tensor { variable.grad ?? Tensor.zeros(like: variable.value) }

    func modify(_ body: (inout Tensor) throws -> Void) throws {
        var values = value
        try body(&values)
        variable.grad = values
    }
}

/// A tensor value of the language: a storage, the window of it this reference shows, and the
/// element type.
public final class TensorRef {
    /// Where the values live, shared with every view of them.
    let storage: any TensorStorage
    /// The window onto the storage, or nil for all of it in its own shape.
    let layout: StridedLayout?
    /// The element type.
    public let dtype: DType

    /// A new tensor holding `tensor`, of type `dtype` (whose values it already conforms to).
    public init(_ tensor: Tensor, dtype: DType = .float32) {
        storage = OwnedStorage(tensor)
        layout = nil
        self.dtype = dtype
    }

    /// A reference to `storage` through `layout`.
    init(storage: any TensorStorage, layout: StridedLayout? = nil, dtype: DType = .float32) {
        self.storage = storage
        self.layout = layout
        self.dtype = dtype
    }

    /// The values this reference shows, as a tensor of their own (sharing the storage's buffer
    /// until one of them is written, when the reference covers all of it).
    public var tensor: Tensor {
        guard let layout else { return storage.value }
        // A window is built only from indices checked against the storage's shape, and the
        // storage keeps its shape, so the gather cannot fail; zeros would stand in if it did.
        return (try? storage.value.gathered(layout)) ?? (try? Tensor.zeros(layout.shape)) ?? Tensor(0)
    }

    /// The shape of the values shown.
    public var shape: [Int] { layout?.shape ?? storage.value.shape }

    /// The window onto the storage, explicit even when the reference covers all of it.
    var window: StridedLayout { layout ?? StridedLayout(contiguous: storage.value.shape) }

    /// A reference to the same storage through `layout`, of the same type.
    func view(_ layout: StridedLayout) -> TensorRef {
        TensorRef(storage: storage, layout: layout, dtype: dtype)
    }

    /// Changes the values shown in place, for every reference to the storage; `body` keeps
    /// their shape.
    func write(_ body: (inout Tensor) throws -> Void) throws {
        guard let layout else {
            try storage.modify(body)
            return
        }
        var values = tensor
        try body(&values)
        try storage.modify { try $0.scatter(values, into: layout) }
    }

    /// Replaces the values shown by `values` (converted to this reference's type), which must
    /// have their shape, as the in-place methods and `x[...] = v` do.
    func overwrite(with values: Tensor, operation: String) throws {
        guard values.shape == shape else {
            throw ShellError(
                .runtime,
                "\(operation): the result of shape \(formatShape(values.shape)) does not fit the tensor of shape \(formatShape(shape)) it would be written into"
            )
        }
        let converted = try dtype.conform(values, operation: operation)
        try write { $0 = converted }
    }
}
