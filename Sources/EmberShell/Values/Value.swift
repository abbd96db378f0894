// The values of the shell's language: Python's basic types, tensors, and objects that wrap the
// library's layers, losses, optimizers and data, each with attributes and methods.

import Ember

/// A value the shell computes with.
public enum Value {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// A mutable list, shared by reference as in Python.
    case list(ListStorage)
    case tuple([Value])
    case dictionary(DictionaryStorage)
    /// A tensor, shared by reference as in Python: views and aliases see each other's writes.
    case tensor(TensorRef)
    /// A layer, loss, optimizer, parameter, dataset … : anything with attributes.
    case object(any ShellObject)
    /// A built-in, a method bound to its object, a user function or a constructor.
    case function(Callable)

    /// The type name `type(x)` shows: `int`, `Tensor`, `Linear` …
    public var typeName: String {
        switch self {
        case .none: "NoneType"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .list: "list"
        case .tuple: "tuple"
        case .dictionary: "dict"
        case .tensor: "Tensor"
        case .object(let object): object.typeName
        case .function(let callable): callable.kind == .constructor ? "type" : "function"
        }
    }

    /// Python's truth value: empty, zero and None are false.
    public func truth() throws -> Bool {
        switch self {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let f): return f != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tuple(let t): return !t.isEmpty
        case .dictionary(let d): return !d.entries.isEmpty
        case .tensor(let t):
            let values = t.tensor
            guard values.count == 1 else {
                throw ShellError(
                    .runtime,
                    "the truth value of a tensor with \(values.count) elements is ambiguous; use .any(), .all() or .item()"
                )
            }
            return values.scalars[0] != 0
        case .object(let object): return (object.length ?? 1) != 0
        case .function: return true
        }
    }

    /// The number as a Double, for ints, floats, bools and one-element tensors.
    public var number: Double? {
        switch self {
        case .int(let i): Double(i)
        case .float(let f): f
        case .bool(let b): b ? 1 : 0
        case .tensor(let t) where t.shape.isEmpty: Double(t.tensor.scalars.first ?? 0)
        default: nil
        }
    }

    /// A new tensor value holding `tensor`, of type float32.
    public static func tensor(_ tensor: Tensor) -> Value {
        .tensor(TensorRef(tensor))
    }

    /// A new tensor value holding `tensor` converted to `dtype`.
    public static func tensor(_ tensor: Tensor, dtype: DType, operation: String = "tensor") throws -> Value {
        .tensor(TensorRef(try dtype.conform(tensor, operation: operation), dtype: dtype))
    }

    /// The element type of a tensor, a parameter or a tape value; nil for anything else.
    public var dtype: DType? {
        switch self {
        case .tensor(let t): t.dtype
        case .object(let object): object is TensorConvertible ? .float32 : nil
        default: nil
        }
    }

    /// A Float32 setting (a learning rate, a momentum) as the user wrote it: the shortest
    /// decimal that gives back the same Float32, `0.1` rather than `0.10000000149011612`.
    static func float32(_ value: Float) -> Value {
        .float(Double(value.description) ?? Double(value))
    }

    /// The integer of an `.int` (0 otherwise), for code that has just made one.
    var intValue: Int {
        if case .int(let i) = self { return i }
        return 0
    }

    /// The tensor this value stands for: a tensor, a parameter's value, or nil.
    public var tensorValue: Tensor? {
        switch self {
        case .tensor(let t): t.tensor
        case .object(let object): (object as? TensorConvertible)?.tensor
        default: nil
        }
    }
}

/// One entry of a subscript, evaluated: `x[i]` or `x[start:end:step]`.
public enum SubscriptKey {
    case index(Value)
    case slice(start: Int?, end: Int?, step: Int?)
}

/// An object that can stand in for a tensor in arithmetic (a parameter, for instance).
public protocol TensorConvertible {
    var tensor: Tensor { get }
}

/// The storage of a list: a class, so that lists are shared by reference as in Python.
public final class ListStorage {
    /// The items, in order.
    public var items: [Value]
    /// A list holding `items`.
    public init(_ items: [Value]) { self.items = items }
    // Freed without recursion, so a deeply nested list can be dropped.
    deinit { releaseIteratively(&items) }
}

/// The storage of a dictionary, in insertion order as in Python.
public final class DictionaryStorage {
    /// The key-value pairs, in insertion order.
    public var entries: [(key: Value, value: Value)]
    /// A dictionary holding `entries`.
    public init(_ entries: [(key: Value, value: Value)]) { self.entries = entries }
    deinit {
        // Freed without recursion, as a list is.
        var values = entries.flatMap { [$0.key, $0.value] }
        entries.removeAll()
        releaseIteratively(&values)
    }
}

/// Something the shell can show, look into and call methods of.
public protocol ShellObject: AnyObject {
    /// The type name, as PyTorch spells it (`Conv2d`, `SGD`).
    var typeName: String { get }
    /// The value of attribute `name`, or nil when there is none.
    func attribute(_ name: String, in context: ShellContext) throws -> Value?
    /// Sets attribute `name`; returns false when it cannot be set.
    func setAttribute(_ name: String, to value: Value, in context: ShellContext) throws -> Bool
    /// The attribute names `dir()` lists and Tab completes.
    var attributeNames: [String] { get }
    /// The printout of the object.
    func render(in context: ShellContext) -> String
    /// The number of items, for `len()`, or nil when it has none.
    var length: Int? { get }
    /// The items, for `for … in`, or nil when it cannot be iterated.
    func iterate(in context: ShellContext) throws -> AnyIterator<Value>?
    /// The item at `keys`, for `object[index]`.
    func item(at keys: [SubscriptKey], in context: ShellContext) throws -> Value
    /// Replaces the item at `keys`, for `object[index] = value`.
    func setItem(at keys: [SubscriptKey], to value: Value, in context: ShellContext) throws
    /// Calls the object (`net(x)`), or nil when it is not callable.
    func call(_ arguments: [Value], keywords: [(String, Value)], in context: ShellContext) throws -> Value?
}

extension ShellObject {
    /// By default, no attribute can be set.
    public func setAttribute(_ name: String, to value: Value, in context: ShellContext) throws -> Bool { false }
    /// By default, objects have no length.
    public var length: Int? { nil }
    /// By default, objects cannot be iterated.
    public func iterate(in context: ShellContext) throws -> AnyIterator<Value>? { nil }
    /// By default, objects cannot be indexed.
    public func item(at keys: [SubscriptKey], in context: ShellContext) throws -> Value {
        throw ShellError(.type, "'\(typeName)' object is not subscriptable")
    }
    /// By default, objects refuse item assignment.
    public func setItem(at keys: [SubscriptKey], to value: Value, in context: ShellContext) throws {
        throw ShellError(.type, "'\(typeName)' object does not support item assignment")
    }
    /// By default, objects cannot be called.
    public func call(_ arguments: [Value], keywords: [(String, Value)], in context: ShellContext) throws -> Value? {
        nil
    }
}
