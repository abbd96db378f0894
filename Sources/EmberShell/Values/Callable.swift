// Functions the shell can call: built-ins, methods bound to their object, constructors of layers
// and user functions. Each has a signature, so that arguments are bound with Python's rules and
// messages, `help()` can show it and Tab can complete keyword arguments.

import Ember

/// One parameter of a signature, with its default as the user would write it.
public struct ParameterSpec {
    /// The name, as keyword arguments spell it.
    public var name: String
    /// The default value, or nil for a required parameter.
    public var defaultValue: Value?
    /// The default as written in `help()`.
    public var defaultText: String?
    /// A short description for `help()`.
    public var doc: String

    /// A parameter whose default is a plain constant (or none: required).
    public init(_ name: String, _ defaultValue: DefaultValue? = nil, doc: String = "") {
        self.name = name
        self.defaultValue = defaultValue?.value
        self.defaultText = defaultValue?.description
        self.doc = doc
    }

    /// A parameter with any default value, shown as `text`. An `optional` parameter may be
    /// left out without having a default (such as `next`'s default); `wasGiven` tells.
    public init(_ name: String, value: Value?, text: String?, optional: Bool = false) {
        self.name = name
        self.defaultValue = value
        self.defaultText = text
        self.doc = ""
        self.optional = optional
    }

    /// True for a parameter that may be left out although it has no default.
    public var optional = false
}

/// A constant default value of a built-in's parameter.
public enum DefaultValue: Sendable, CustomStringConvertible {
    /// Python's `None` (not Swift's `nil`, which means "no default").
    case null
    case bool(Bool), int(Int), float(Double), string(String)

    /// The default as a shell value.
    public var value: Value {
        switch self {
        case .null: .none
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .float(let f): .float(f)
        case .string(let s): .string(s)
        }
    }

    /// The default as the user would write it.
    public var description: String {
        switch self {
        case .null: "None"
        case .bool(let b): b ? "True" : "False"
        case .int(let i): String(i)
        case .float(let f): String(f)
        case .string(let s): "'\(s)'"
        }
    }
}

/// The parameters of a callable: named ones in order, then optionally `*rest`.
public struct Signature {
    /// The named parameters, in positional order.
    public var parameters: [ParameterSpec]
    /// The name of a `*args` parameter that takes the remaining positional arguments.
    public var variadic: String?
    /// Whether unknown keyword arguments are accepted (`**kwargs`).
    public var acceptsAnyKeyword = false
    /// How many named parameters take positional arguments before `*rest` takes the others: 0
    /// for built-ins such as `print(*values, sep=' ')`, the parameters before `*args` in a `def`.
    public var positionalBeforeVariadic = 0

    /// A signature of `parameters`, then `*variadic` if given.
    public init(_ parameters: [ParameterSpec] = [], variadic: String? = nil) {
        self.parameters = parameters
        self.variadic = variadic
    }

    /// `(in_channels, out_channels, kernel_size, stride=1, padding=0)`.
    public func render(_ name: String) -> String {
        var parts = parameters.map { p in p.defaultText.map { "\(p.name)=\($0)" } ?? p.name }
        if let variadic {
            parts.insert("*" + variadic, at: parameters.firstIndex { $0.defaultValue != nil } ?? parts.count)
        }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }
}

/// Something that can be called.
public final class Callable {
    /// What kind of callable it is, for `type()` and `help()`.
    public enum Kind: Sendable { case builtin, method, user, constructor }

    /// The name `help()` and errors use.
    public let name: String
    /// Built-in, method, user function or constructor.
    public let kind: Kind
    /// The parameters.
    public let signature: Signature
    /// The help text.
    public let doc: String
    private let body: (Arguments, ShellContext) throws -> Value

    /// A callable named `name` running `body` on the bound arguments.
    public init(
        _ name: String, kind: Kind = .builtin, signature: Signature = Signature(), doc: String = "",
        body: @escaping (Arguments, ShellContext) throws -> Value
    ) {
        self.name = name
        self.kind = kind
        self.signature = signature
        self.doc = doc
        self.body = body
    }

    /// Binds the arguments to the signature and runs the function.
    public func call(_ positional: [Value], keywords: [(String, Value)], in context: ShellContext) throws -> Value {
        let arguments = try Arguments(binding: positional, keywords: keywords, to: signature, of: name)
        return try body(arguments, context)
    }
}
