// Python's everyday built-ins (`print`, `len`, `range`, `type`, `dir`, `help`, conversions,
// `min`/`max`/`sum`, `enumerate`, `zip`, `sorted`), plus `seed`, `set_printoptions` and `exit`.

import Ember
import Foundation

/// Thrown by `exit()`: the shell ends after the current input.
public struct ExitRequest: Error {}

enum CoreBuiltins {
    static func make(_ interpreter: Interpreter) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: [
            builtin(
                "print", [ParameterSpec("sep", .string(" ")), ParameterSpec("end", .string("\n"))], variadic: "values",
                doc: "Prints the values separated by sep, followed by end."
            ) {
                [unowned interpreter] arguments, context in
                let text = arguments.rest.map(interpreter.str).joined(separator: try arguments.string("sep"))
                context.write(text + (try arguments.string("end")))
                return .none
            },
            builtin(
                "len", [ParameterSpec("obj")],
                doc: "The number of items of a list, string, tensor (its first axis), model or dataset."
            ) {
                arguments, _ in .int(try length(of: arguments.value("obj")))
            },
            builtin(
                "range", [ParameterSpec("start"), ParameterSpec("stop", .null), ParameterSpec("step", .int(1))],
                doc: "The integers from start (default 0) up to stop, every step: range(3) is 0, 1, 2."
            ) {
                arguments, _ in
                let (start, stop) =
                    arguments.has("stop")
                    ? (try arguments.int("start"), try arguments.int("stop")) : (0, try arguments.int("start"))
                let step = try arguments.int("step")
                guard step != 0 else { throw ShellError(.value, "range() arg 3 must not be zero") }
                let range = RangeObject(start: start, stop: stop, step: step)
                // Its length must be an int, so `len`, indexing and `in` stay exact.
                guard range.count <= UInt64(Int.max) else {
                    throw ShellError(.overflow, "range() would hold more than \(formatCount(Int.max)) integers")
                }
                return .object(range)
            },
            builtin("type", [ParameterSpec("obj")], doc: "The type of a value.") { arguments, _ in
                // An instance's type is its class, which can be called and compared.
                if case .object(let instance as InstanceObject) = arguments.value("obj") {
                    return .object(instance.type)
                }
                return .object(TypeObject(name: arguments.value("obj").typeName))
            },
            builtin(
                "dir", [ParameterSpec("obj", .null)],
                doc: "The attribute names of a value, or the variables you defined."
            ) {
                [unowned interpreter] arguments, _ in
                let names =
                    arguments.has("obj")
                    ? interpreter.attributeNames(of: arguments.value("obj"))
                    : interpreter.globals.variables.keys.sorted()
                return .list(ListStorage(names.map(Value.string)))
            },
            builtin(
                "help", [ParameterSpec("obj", .null)],
                doc: "Help on a function, layer or value; help() lists everything."
            ) {
                [unowned interpreter] arguments, context in
                context.writeLine(
                    HelpText.render(arguments.has("obj") ? arguments.value("obj") : nil, interpreter: interpreter))
                return .none
            },
            builtin(
                "int", [ParameterSpec("x", .int(0))],
                doc: "An integer from a number (truncated), a string or a one-element tensor."
            ) {
                arguments, _ in
                let value = arguments.value("x")
                if case .string(let text) = value {
                    let digits = text.trimmingCharacters(in: .whitespaces)
                    guard let parsed = Int(digits) else {
                        // Digits that Int cannot hold are a number too large, not a bad literal.
                        let unsigned =
                            digits.first == "-" || digits.first == "+" ? digits.dropFirst() : Substring(digits)
                        if !unsigned.isEmpty, unsigned.allSatisfy(\.isASCII), unsigned.allSatisfy(\.isNumber) {
                            throw ShellError(.overflow, "int('\(digits)') is too large for 64 bits")
                        }
                        throw ShellError(.value, "invalid literal for int(): '\(text)'")
                    }
                    return .int(parsed)
                }
                guard let number = value.number else {
                    throw ShellError(.type, "int() argument must be a number or a string, not \(value.typeName)")
                }
                return .int(try exactInteger(number.rounded(.towardZero), "int()"))
            },
            builtin(
                "float", [ParameterSpec("x", .float(0))],
                doc: "A float from a number, a string or a one-element tensor."
            ) {
                arguments, _ in
                let value = arguments.value("x")
                if case .string(let text) = value {
                    guard let parsed = Double(text.trimmingCharacters(in: .whitespaces)) else {
                        throw ShellError(.value, "could not convert string to float: '\(text)'")
                    }
                    return .float(parsed)
                }
                if let tensor = value.tensorValue { return .float(Double(try tensor.item())) }
                guard let number = value.number else {
                    throw ShellError(.type, "float() argument must be a number or a string, not \(value.typeName)")
                }
                return .float(number)
            },
            builtin("str", [ParameterSpec("obj", .string(""))], doc: "The printout of a value as a string.") {
                [unowned interpreter] arguments, _ in
                .string(interpreter.str(arguments.value("obj")))
            },
            builtin("bool", [ParameterSpec("x", .bool(false))], doc: "The truth value of x.") { arguments, _ in
                .bool(try arguments.value("x").truth())
            },
            builtin("list", [ParameterSpec("iterable", .null)], doc: "A list of the items of iterable.") {
                [unowned interpreter] arguments, _ in
                guard arguments.has("iterable") else { return .list(ListStorage([])) }
                return .list(ListStorage(try interpreter.collect(arguments.value("iterable"))))
            },
            builtin("tuple", [ParameterSpec("iterable", .null)], doc: "A tuple of the items of iterable.") {
                [unowned interpreter] arguments, _ in
                guard arguments.has("iterable") else { return .tuple([]) }
                return .tuple(try interpreter.collect(arguments.value("iterable")))
            },
            builtin("abs", [ParameterSpec("x")], doc: "The absolute value of a number or of each element of a tensor.")
            {
                [unowned interpreter] arguments, _ in
                let value = arguments.value("x")
                if let tensor = value.tensorValue {
                    return try TensorArithmetic.retyped(.tensor(tensor.abs()), promotedFrom: [value])
                }
                return try interpreter.compare("<", value, .int(0)).truth() ? try interpreter.unary("-", value) : value
            },
            builtin(
                "min", variadic: "values",
                doc: "The smallest of the values, or of one iterable (for a tensor: its smallest element)."
            ) {
                [unowned interpreter] arguments, _ in try extremum(arguments.rest, largest: false, interpreter)
            },
            builtin(
                "max", variadic: "values",
                doc: "The largest of the values, or of one iterable (for a tensor: its largest element)."
            ) {
                [unowned interpreter] arguments, _ in try extremum(arguments.rest, largest: true, interpreter)
            },
            builtin(
                "sum", [ParameterSpec("iterable"), ParameterSpec("start", .int(0))],
                doc: "The sum of the items; for a tensor, of its rows (as Python's sum over a tensor does)."
            ) {
                [unowned interpreter] arguments, context in
                // Python adds a tensor's rows: the elements of a vector, the rows of a matrix.
                if let tensor = arguments.value("iterable").tensorValue, tensor.rank > 0 {
                    // Integers and bools sum to int64, as a tensor's sum does.
                    let dtype: DType = (arguments.value("iterable").dtype ?? .float32) == .float32 ? .float32 : .int64
                    let sum = try Value.tensor(try tensor.sum(axis: 0), dtype: dtype, operation: "sum")
                    return try interpreter.binary("+", arguments.value("start"), sum)
                }
                var total = arguments.value("start")
                let iterator = try interpreter.iterate(arguments.value("iterable"))
                var count = 0
                while let item = iterator.next() {
                    total = try interpreter.binary("+", total, item)
                    count += 1
                    if count & 0xFFFF == 0 { try context.checkInterrupt() }
                }
                return total
            },
            builtin(
                "round", [ParameterSpec("number"), ParameterSpec("ndigits", .null)],
                doc: "number rounded to ndigits decimals (to an integer without ndigits)."
            ) {
                arguments, _ in
                let number = try arguments.double("number")
                guard let digits = try arguments.optionalInt("ndigits") else {
                    return .int(try exactInteger(number.rounded(.toNearestOrEven), "round()"))
                }
                let scale = pow(10, Double(digits))
                return .float((number * scale).rounded(.toNearestOrEven) / scale)
            },
            builtin(
                "enumerate", [ParameterSpec("iterable"), ParameterSpec("start", .int(0))], doc: "(index, item) pairs."
            ) {
                [unowned interpreter] arguments, _ in
                let start = try arguments.int("start")
                let items = try interpreter.collect(arguments.value("iterable"))
                return .list(ListStorage(items.enumerated().map { .tuple([.int($0.offset + start), $0.element]) }))
            },
            builtin("zip", variadic: "iterables", doc: "Tuples of the items at the same position in each iterable.") {
                [unowned interpreter] arguments, _ in
                let columns = try arguments.rest.map { try interpreter.collect($0) }
                let count = columns.map(\.count).min() ?? 0
                return .list(ListStorage((0..<count).map { row in .tuple(columns.map { $0[row] }) }))
            },
            builtin(
                "sorted",
                [ParameterSpec("iterable"), ParameterSpec("key", .null), ParameterSpec("reverse", .bool(false))],
                doc: "The items in increasing order (of key(item) when a key function is given)."
            ) {
                [unowned interpreter] arguments, _ in
                .list(
                    ListStorage(
                        try interpreter.sorted(
                            try interpreter.collect(arguments.value("iterable")), key: arguments.value("key"),
                            reverse: try arguments.bool("reverse"))))
            },
            builtin(
                "iter", [ParameterSpec("iterable")],
                doc: "An iterator over the items of iterable; next(it) gives the next one."
            ) {
                [unowned interpreter] arguments, _ in
                .object(IteratorObject(try interpreter.iterate(arguments.value("iterable"))))
            },
            builtin(
                "next", [ParameterSpec("iterator"), ParameterSpec("default", value: nil, text: nil, optional: true)],
                doc: "The next item of an iterator (made by iter()), or default when there is none."
            ) {
                arguments, _ in
                guard case .object(let object as IteratorObject) = arguments.value("iterator") else {
                    throw ShellError(
                        .type, "'\(arguments.value("iterator").typeName)' object is not an iterator; use iter() first")
                }
                if let item = object.iterator.next() { return item }
                if arguments.wasGiven("default") { return arguments.value("default") }
                throw ShellError(.stopIteration, "the iterator has no more items")
            },
            builtin(
                "seed", [ParameterSpec("seed")],
                doc: "Makes every later random draw (randn, new layers, dropout, shuffles) reproducible."
            ) {
                arguments, context in
                let value = try arguments.int("seed")
                context.generator.reseed(UInt64(bitPattern: Int64(value)))
                return .none
            },
            builtin(
                "set_printoptions",
                [
                    ParameterSpec("precision", .null), ParameterSpec("sci_mode", .null),
                    ParameterSpec("threshold", .null),
                    ParameterSpec("edgeitems", .null), ParameterSpec("linewidth", .null),
                ],
                doc:
                    "How tensors print: digits after the point, sci_mode=True/False to force or forbid scientific notation (None decides), summary threshold, items at each end, line width."
            ) {
                arguments, context in
                var options = context.printOptions
                if let precision = try arguments.optionalInt("precision") {
                    options.precision = max(0, min(precision, 16))
                }
                // As in PyTorch, sci_mode is always set: None (the default) means decide from the values.
                options.scientific = arguments.has("sci_mode") ? try arguments.bool("sci_mode") : nil
                if let threshold = try arguments.optionalInt("threshold") { options.threshold = max(threshold, 0) }
                if let edge = try arguments.optionalInt("edgeitems") { options.edgeItems = min(max(edge, 1), 1000) }
                if let width = try arguments.optionalInt("linewidth") {
                    options.lineWidth = min(max(width, 20), 10_000)
                }
                context.printOptions = options
                return .none
            },
            builtin("exit", doc: "Leaves the shell (Ctrl-D does too).") { _, _ in throw ExitRequest() },
            builtin("quit", doc: "Leaves the shell (Ctrl-D does too).") { _, _ in throw ExitRequest() },
        ])
    }

    /// `len()` of any value that has a length.
    static func length(of value: Value) throws -> Int {
        switch value {
        case .string(let s): return s.count
        case .list(let l): return l.items.count
        case .tuple(let t): return t.count
        case .dictionary(let d): return d.entries.count
        case .tensor(let t):
            guard let first = t.shape.first else { throw ShellError(.type, "len() of a 0-d tensor") }
            return first
        case .object(let instance as InstanceObject):
            if let length = try instance.specialLength() { return length }
            throw ShellError(.type, "object of type '\(instance.typeName)' has no len()")
        case .object(let object):
            if let length = object.length { return length }
            throw ShellError(.type, "object of type '\(object.typeName)' has no len()")
        default:
            throw ShellError(.type, "object of type '\(value.typeName)' has no len()")
        }
    }

    private static func extremum(_ values: [Value], largest: Bool, _ interpreter: Interpreter) throws -> Value {
        if values.count == 1, let tensor = values[0].tensorValue {
            // Python compares a matrix's rows, which has no single answer; a vector's elements.
            guard tensor.rank <= 1 else {
                let name = largest ? "max" : "min"
                throw ShellError(
                    .runtime,
                    "\(name)() of a \(tensor.rank)-D tensor would compare its rows; use t.\(name)() or t.\(name)(dim=0)"
                )
            }
            return try TensorArithmetic.retyped(
                .tensor(largest ? try tensor.max() : try tensor.min()), promotedFrom: [values[0]])
        }
        let items = values.count == 1 ? try interpreter.collect(values[0]) : values
        guard var best = items.first else {
            throw ShellError(.value, "\(largest ? "max" : "min")() arg is an empty sequence")
        }
        for item in items.dropFirst() where try interpreter.compare(largest ? ">" : "<", item, best).truth() {
            best = item
        }
        return best
    }
}

/// An iterator made by `iter()`.
final class IteratorObject: ShellObject {
    let iterator: AnyIterator<Value>
    init(_ iterator: AnyIterator<Value>) { self.iterator = iterator }
    var typeName: String { "iterator" }
    func attribute(_ name: String, in context: ShellContext) throws -> Value? { nil }
    var attributeNames: [String] { [] }
    func render(in context: ShellContext) -> String { "<iterator>" }
    func iterate(in context: ShellContext) throws -> AnyIterator<Value>? { iterator }
}

/// The result of `type(x)`: prints as `<class 'Linear'>`.
final class TypeObject: ShellObject {
    let name: String
    init(name: String) { self.name = name }
    var typeName: String { "type" }
    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        name == "__name__" ? .string(self.name) : nil
    }
    var attributeNames: [String] { ["__name__"] }
    func render(in context: ShellContext) -> String { "<class '\(name)'>" }
}

/// `range(start, stop, step)`: a lazy sequence of integers.
final class RangeObject: ShellObject {
    let start: Int, stop: Int, step: Int
    init(start: Int, stop: Int, step: Int) {
        self.start = start
        self.stop = stop
        self.step = step
    }
    var typeName: String { "range" }
    func attribute(_ name: String, in context: ShellContext) throws -> Value? { nil }
    var attributeNames: [String] { [] }
    func render(in context: ShellContext) -> String {
        step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))"
    }
    /// The count, computed rather than counted: a range may span 10¹⁸ numbers.
    var length: Int? { Int(exactly: count) ?? Int.max }
    /// The count in 64 unsigned bits, which hold it even when Int does not.
    var count: UInt64 {
        guard step > 0 ? stop > start : stop < start else { return 0 }
        // The distance fits in 64 unsigned bits even when it does not fit in Int.
        let distance = step > 0 ? UInt64(bitPattern: Int64(stop &- start)) : UInt64(bitPattern: Int64(start &- stop))
        return (distance - 1) / UInt64(step.magnitude) + 1
    }
    func iterate(in context: ShellContext) throws -> AnyIterator<Value>? {
        AnyIterator(stride(from: start, to: stop, by: step).lazy.map(Value.int).makeIterator())
    }
    func item(at keys: [SubscriptKey], in context: ShellContext) throws -> Value {
        guard keys.count == 1, case .index(.int(let i)) = keys[0] else {
            throw ShellError(.type, "range indices must be integers")
        }
        let count = length ?? 0
        let position = i < 0 ? i + count : i
        guard position >= 0, position < count else { throw ShellError(.index, "range object index out of range") }
        // Within the range, so the wrapping operations give the exact value.
        return .int(start &+ position &* step)
    }

    /// Whether `value` is one of the range's integers, computed rather than searched.
    func contains(_ value: Int) -> Bool {
        guard step > 0 ? (value >= start && value < stop) : (value <= start && value > stop) else { return false }
        let offset = UInt64(bitPattern: Int64(step > 0 ? value &- start : start &- value))
        return offset % UInt64(step.magnitude) == 0
    }
}
