// A table of the methods of one kind of receiver, each with its signature and help text, so that
// attribute lookup, `dir()`, `help()` and Tab completion all read from the same place.

import Ember

/// One method: its signature, its help text and what it does to the receiver.
public struct Method<Receiver> {
    /// The parameters, for binding and `help()`.
    public let signature: Signature
    /// The help text.
    public let doc: String
    /// What the method does, given its receiver.
    public let body: (Receiver, Arguments, ShellContext) throws -> Value

    /// A method with `parameters` (and `*variadic`), documented by `doc`.
    public init(
        _ parameters: [ParameterSpec] = [], variadic: String? = nil, doc: String,
        body: @escaping (Receiver, Arguments, ShellContext) throws -> Value
    ) {
        signature = Signature(parameters, variadic: variadic)
        self.doc = doc
        self.body = body
    }
}

/// The methods of one kind of receiver, by name.
public struct MethodTable<Receiver> {
    /// The receiver's type name, prefixed to method names in `help()`.
    public let typeName: String
    /// The methods by name.
    public let methods: [String: Method<Receiver>]

    /// A table of `methods` for receivers of `typeName`.
    public init(_ typeName: String, _ methods: [String: Method<Receiver>]) {
        self.typeName = typeName
        self.methods = methods
    }

    /// The method `name` bound to `receiver`, or nil.
    public func bind(_ name: String, to receiver: Receiver) -> Value? {
        guard let method = methods[name] else { return nil }
        return .function(
            Callable("\(typeName).\(name)", kind: .method, signature: method.signature, doc: method.doc) {
                arguments, context in try method.body(receiver, arguments, context)
            })
    }

    /// The method names, sorted.
    public var names: [String] { methods.keys.sorted() }
}

/// The shape given to `reshape(2, 3)`, `reshape((2, 3))` or `reshape([2, 3])`.
func variadicShape(_ arguments: Arguments, _ function: String) throws -> [Int] {
    var items = arguments.rest
    if items.count == 1 {
        switch items[0] {
        case .list(let list): items = list.items
        case .tuple(let tuple): items = tuple
        case .object(let size as SizeObject): items = size.dims.map(Value.int)
        default: break
        }
    }
    return try items.map { item in
        guard case .int(let value) = item else {
            throw ShellError(.type, "\(function)(): sizes must be ints, not \(item.typeName)")
        }
        return value
    }
}
