// Binding call arguments to a signature with Python's rules and Python's messages, and reading
// them back as the types a built-in needs, with an error naming the argument when one is wrong.

import Ember

/// The arguments of one call, bound to the callee's parameter names.
public struct Arguments {
    /// The callee's name, for messages.
    public let function: String
    private var named: [String: Value] = [:]
    /// The names the caller passed, before defaults were filled in.
    private var given: Set<String> = []
    /// Positional arguments beyond the named parameters, for a `*args` signature.
    public private(set) var rest: [Value] = []
    /// Keyword arguments the signature does not name, for a `**kwargs` signature.
    public private(set) var extraKeywords: [(String, Value)] = []

    /// Binds positional arguments in order, then keywords by name, then defaults.
    public init(binding positional: [Value], keywords: [(String, Value)], to signature: Signature, of function: String)
        throws
    {
        self.function = function
        let parameters = signature.parameters
        for (index, value) in positional.enumerated() {
            // With *args, the named parameters are keyword-only, as in print(*values, sep=' ').
            if index < parameters.count, signature.variadic == nil || index < signature.positionalBeforeVariadic {
                named[parameters[index].name] = value
            } else if signature.variadic != nil {
                rest.append(value)
            } else {
                let required = parameters.filter { $0.defaultValue == nil }.count
                let range = required == parameters.count ? "\(required)" : "from \(required) to \(parameters.count)"
                let noun = parameters.count == 1 && required == 1 ? "argument" : "arguments"
                throw ShellError(
                    .type,
                    "\(function)() takes \(range) positional \(noun) but \(positional.count) "
                        + (positional.count == 1 ? "was" : "were") + " given")
            }
        }
        for (name, value) in keywords {
            guard parameters.contains(where: { $0.name == name }) else {
                if signature.acceptsAnyKeyword {
                    extraKeywords.append((name, value))
                    continue
                }
                let suggestion = closestName(to: name, among: parameters.map(\.name))
                throw ShellError(
                    .type,
                    "\(function)() got an unexpected keyword argument '\(name)'"
                        + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
            }
            guard named[name] == nil else {
                throw ShellError(.type, "\(function)() got multiple values for argument '\(name)'")
            }
            named[name] = value
        }
        given = Set(named.keys)
        let missing = parameters.filter { named[$0.name] == nil && $0.defaultValue == nil && !$0.optional }.map(\.name)
        guard missing.isEmpty else {
            let list = missing.map { "'\($0)'" }
            let joined =
                list.count == 1 ? list[0] : list.dropLast().joined(separator: ", ") + " and " + (list.last ?? "")
            throw ShellError(
                .type,
                "\(function)() missing \(missing.count) required argument\(missing.count == 1 ? "" : "s"): \(joined)")
        }
        for parameter in parameters where named[parameter.name] == nil {
            named[parameter.name] = parameter.defaultValue ?? Value.none
        }
    }

    /// Whether the caller passed `name` at all (None included).
    public func wasGiven(_ name: String) -> Bool {
        given.contains(name)
    }

    /// Whether the caller gave `name` a value other than None.
    public func has(_ name: String) -> Bool {
        if case .none = value(name) { return false }
        return true
    }

    /// The bound value of `name` (None when absent).
    public func value(_ name: String) -> Value {
        named[name] ?? .none
    }

    private func wrongType(_ name: String, _ expected: String) -> ShellError {
        ShellError(.type, "\(function)(): argument '\(name)' must be \(expected), not \(value(name).typeName)")
    }

    /// An integer argument; floats with a whole value are refused, as in PyTorch.
    public func int(_ name: String) throws -> Int {
        switch value(name) {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: throw wrongType(name, "int")
        }
    }

    /// An integer argument or None.
    public func optionalInt(_ name: String) throws -> Int? {
        has(name) ? try int(name) : nil
    }

    /// A number argument (int or float, or a one-element tensor).
    public func double(_ name: String) throws -> Double {
        guard let number = value(name).number else { throw wrongType(name, "a number") }
        return number
    }

    /// A number argument as Float.
    public func float(_ name: String) throws -> Float {
        Float(try double(name))
    }

    /// A number argument or None.
    public func optionalFloat(_ name: String) throws -> Float? {
        has(name) ? try float(name) : nil
    }

    /// A truth-value argument.
    public func bool(_ name: String) throws -> Bool {
        switch value(name) {
        case .bool(let b): return b
        case .int(let i): return i != 0
        default: throw wrongType(name, "bool")
        }
    }

    /// A string argument.
    public func string(_ name: String) throws -> String {
        guard case .string(let s) = value(name) else { throw wrongType(name, "str") }
        return s
    }

    /// A tensor argument (a parameter counts as its value).
    public func tensor(_ name: String) throws -> Tensor {
        guard let tensor = value(name).tensorValue else { throw wrongType(name, "a Tensor") }
        return tensor
    }

    /// A shape: a list or tuple of ints, or one int.
    public func shape(_ name: String) throws -> [Int] {
        switch value(name) {
        case .int(let i): return [i]
        case .list(let list): return try list.items.map { try shapeEntry($0, name) }
        case .tuple(let items): return try items.map { try shapeEntry($0, name) }
        case .object(let size as SizeObject): return size.dims
        default: throw wrongType(name, "a list of ints")
        }
    }

    private func shapeEntry(_ value: Value, _ name: String) throws -> Int {
        guard case .int(let i) = value else {
            throw ShellError(.type, "\(function)(): argument '\(name)' must hold ints, not \(value.typeName)")
        }
        return i
    }

    /// A layer or model argument.
    public func module(_ name: String) throws -> any Module {
        guard let module = moduleOf(value(name)) else {
            throw wrongType(name, "a layer or model")
        }
        return module
    }

    /// A loss argument.
    public func loss(_ name: String) throws -> any Loss {
        guard case .object(let object) = value(name), let loss = (object as? LossObject)?.loss else {
            throw wrongType(name, "a loss such as CrossEntropyLoss()")
        }
        return loss
    }
}

/// `value` as an Int when it is finite and within 64 bits, or an OverflowError naming `role`.
func exactInteger(_ value: Double, _ role: String) throws -> Int {
    guard value.isFinite, value >= -9.2e18, value <= 9.2e18 else {
        throw ShellError(.overflow, "cannot convert \(pythonFloat(value)) to an integer for \(role)")
    }
    return Int(value)
}

/// The name in `candidates` within two edits of `name`, for "did you mean" hints.
///
/// Names whose lengths differ by more than two cannot be within two edits, so they are never
/// compared, and a name longer than any sensible identifier gets no hint: the work stays small
/// however long the mistyped name is.
func closestName(to name: String, among candidates: [String]) -> String? {
    guard name.utf8.count <= 256 else { return nil }
    let length = name.count
    let scored = candidates.filter { abs($0.count - length) <= 2 }.map { ($0, editDistance(name, $0)) }
        .filter { $0.1 <= 2 }
    // Ties go to the first name in alphabetical order, so the hint is the same on every run.
    return scored.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
}

/// The Levenshtein distance between two strings.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var row = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = row
    }
    return previous[b.count]
}
