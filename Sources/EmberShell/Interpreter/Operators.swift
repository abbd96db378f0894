// Operators on values with Python's semantics for numbers, strings and sequences, and NumPy's
// for tensors: when either side is a tensor (or a parameter), the operation is element-wise
// with broadcasting, and comparisons give tensors of 0 and 1.

import Ember
import Foundation

extension Interpreter {
    /// `-x`, `+x`, `not x`.
    func unary(_ op: String, _ operand: Value) throws -> Value {
        if op == "not" { return .bool(try !operand.truth()) }
        if let result = try specialUnary(op, operand) { return result }
        if let recorded = try tapeUnary(op, operand) { return recorded }
        if case .tensor(let ref) = operand {
            if op == "~" { return try TensorArithmetic.invert(ref) }
            guard op == "-", let negate = TensorMethods.bind("neg", to: ref) else { return operand }
            return try call(negate, [], keywords: [])
        }
        if let tensor = operand.tensorValue { return .tensor(op == "-" ? -tensor : tensor) }
        switch (op, operand) {
        case ("~", .int(let i)): return .int(~i)
        case ("~", .bool(let b)): return .int(b ? -2 : -1)
        case ("-", .int(let i)):
            // The smallest integer has no positive counterpart in 64 bits.
            guard i != .min else { throw Interpreter.integerOverflow }
            return .int(-i)
        case ("-", .float(let f)): return .float(-f)
        case ("-", .bool(let b)): return .int(b ? -1 : 0)
        case ("+", .int), ("+", .float): return operand
        case ("+", .bool(let b)): return .int(b ? 1 : 0)
        default:
            throw ShellError(.type, "bad operand type for unary \(op): '\(operand.typeName)'")
        }
    }

    /// `a op b` for the arithmetic operators.
    func binary(_ op: String, _ lhs: Value, _ rhs: Value) throws -> Value {
        if let result = try specialOperator(op, lhs, rhs) { return result }
        if let recorded = try tapeBinary(op, lhs, rhs) { return recorded }
        if lhs.tensorValue != nil || rhs.tensorValue != nil {
            return try TensorArithmetic.binary(op, lhs, rhs)
        }
        if case .bool(let a) = lhs, case .bool(let b) = rhs, ["&", "|", "^"].contains(op) {
            return .bool(op == "&" ? a && b : op == "|" ? a || b : a != b)
        }
        if let result = try numericBinary(op, lhs, rhs) { return result }
        switch (op, lhs, rhs) {
        case ("+", .string(let a), .string(let b)): return .string(a + b)
        case ("*", .string(let s), .int(let n)), ("*", .int(let n), .string(let s)):
            return .string(String(repeating: s, count: try repetitions(n, of: s.count)))
        case ("%", .string(let format), _): return .string(try percentFormat(format, rhs))
        case ("+", .list(let a), .list(let b)): return .list(ListStorage(a.items + b.items))
        case ("+", .tuple(let a), .tuple(let b)): return .tuple(a + b)
        case ("*", .list(let l), .int(let n)), ("*", .int(let n), .list(let l)):
            let count = try repetitions(n, of: l.items.count)
            return .list(ListStorage(Array(repeating: l.items, count: count).flatMap { $0 }))
        case ("*", .tuple(let t), .int(let n)), ("*", .int(let n), .tuple(let t)):
            return .tuple(Array(repeating: t, count: try repetitions(n, of: t.count)).flatMap { $0 })
        default:
            throw ShellError(
                .type, "unsupported operand type(s) for \(op): '\(lhs.typeName)' and '\(rhs.typeName)'")
        }
    }

    /// Integers stay integers under + − × // % and non-negative **; / and floats give floats.
    private func numericBinary(_ op: String, _ lhs: Value, _ rhs: Value) throws -> Value? {
        func integer(_ value: Value) -> Int? {
            switch value {
            case .int(let i): i
            case .bool(let b): b ? 1 : 0
            default: nil
            }
        }
        if let a = integer(lhs), let b = integer(rhs) {
            return try integerBinary(op, a, b)
        }
        guard lhs.tensorValue == nil, rhs.tensorValue == nil, let a = lhs.number, let b = rhs.number else {
            return nil
        }
        switch op {
        case "+": return .float(a + b)
        case "-": return .float(a - b)
        case "*": return .float(a * b)
        case "/":
            guard b != 0 else { throw ShellError(.zeroDivision, "float division by zero") }
            return .float(a / b)
        case "//", "%":
            guard b != 0 else { throw ShellError(.zeroDivision, "float modulo") }
            let quotient = (a / b).rounded(.down)
            return op == "//" ? .float(quotient) : .float(a - quotient * b)
        case "**": return .float(pow(a, b))
        default: return nil
        }
    }

    /// How many times a sequence of `length` items may be repeated for `n`, refusing results of
    /// more than 100 million items, which would exhaust memory rather than help anyone.
    private func repetitions(_ n: Int, of length: Int) throws -> Int {
        let count = max(n, 0)
        let (total, overflow) = count.multipliedReportingOverflow(by: length)
        guard !overflow, total <= 100_000_000 else {
            throw ShellError(.memory, "the result would hold \(overflow ? "too many" : formatCount(total)) items")
        }
        return count
    }

    /// The error of an integer result outside 64 bits.
    static let integerOverflow = ShellError(
        .overflow, "integer result too large for 64 bits; use a float (for example 2.0 ** 100)")

    /// Python's integer arithmetic within 64 bits: an overflow is an error, never a wrapped or
    /// rounded value.
    private func integerBinary(_ op: String, _ a: Int, _ b: Int) throws -> Value? {
        func checked(_ result: (partialValue: Int, overflow: Bool)) throws -> Value {
            guard !result.overflow else { throw Interpreter.integerOverflow }
            return .int(result.partialValue)
        }
        switch op {
        case "+": return try checked(a.addingReportingOverflow(b))
        case "-": return try checked(a.subtractingReportingOverflow(b))
        case "*": return try checked(a.multipliedReportingOverflow(by: b))
        case "&": return .int(a & b)
        case "|": return .int(a | b)
        case "^": return .int(a ^ b)
        case "/":
            guard b != 0 else { throw ShellError(.zeroDivision, "division by zero") }
            return .float(Double(a) / Double(b))
        case "//", "%":
            guard b != 0 else { throw ShellError(.zeroDivision, "integer division or modulo by zero") }
            // Python rounds the quotient down, so the remainder takes the divisor's sign.
            let quotient = a.dividedReportingOverflow(by: b)
            // Only the smallest integer over -1 overflows: its remainder is 0, its quotient 2⁶³.
            guard !quotient.overflow else { return try checked((0, op == "//")) }
            let remainder = a - quotient.partialValue * b
            let adjust = remainder != 0 && (remainder < 0) != (b < 0)
            return .int(op == "//" ? quotient.partialValue - (adjust ? 1 : 0) : remainder + (adjust ? b : 0))
        case "**":
            guard b >= 0 else { return .float(pow(Double(a), Double(b))) }
            var (result, base, exponent) = (1, a, b)
            while exponent > 0 {
                if exponent & 1 == 1 { result = try checked(result.multipliedReportingOverflow(by: base)).intValue }
                exponent >>= 1
                if exponent > 0 { base = try checked(base.multipliedReportingOverflow(by: base)).intValue }
            }
            return .int(result)
        default: return nil
        }
    }

    /// Comparisons: `==`, `<`, `in`, `is` …
    func compare(_ op: String, _ lhs: Value, _ rhs: Value) throws -> Value {
        switch op {
        case "in", "not in":
            let found = try contains(rhs, lhs)
            return .bool(op == "in" ? found : !found)
        case "is", "is not":
            let same = identical(lhs, rhs)
            return .bool(op == "is" ? same : !same)
        default:
            break
        }
        if let result = try specialOperator(op, lhs, rhs) { return result }
        if lhs.tensorValue != nil || rhs.tensorValue != nil {
            return try TensorArithmetic.compare(op, lhs, rhs)
        }
        if op == "==" { return .bool(equal(lhs, rhs)) }
        if op == "!=" { return .bool(!equal(lhs, rhs)) }
        let order: Bool
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)):
            order = op == "<" ? a < b : op == "<=" ? a <= b : op == ">" ? a > b : a >= b
        default:
            guard let a = lhs.number, let b = rhs.number else {
                throw ShellError(
                    .type, "'\(op)' not supported between instances of '\(lhs.typeName)' and '\(rhs.typeName)'")
            }
            order = op == "<" ? a < b : op == "<=" ? a <= b : op == ">" ? a > b : a >= b
        }
        return .bool(order)
    }

    /// Python's `==` on values: numbers by value, sequences item by item, objects by identity.
    func equal(_ lhs: Value, _ rhs: Value) -> Bool {
        equal(lhs, rhs, depth: 0)
    }

    /// `==` that stops comparing past 100 levels of nesting, where two lists that contain
    /// themselves would otherwise be compared forever.
    private func equal(_ lhs: Value, _ rhs: Value, depth: Int) -> Bool {
        guard depth < 100 else { return false }
        // A shape equals the tuple or list of the same sizes, as torch.Size does.
        if case .object(let size as SizeObject) = lhs { return SizeObject.sizes(of: rhs) == size.dims }
        if case .object(let size as SizeObject) = rhs { return SizeObject.sizes(of: lhs) == size.dims }
        let same = { (a: Value, b: Value) in self.equal(a, b, depth: depth + 1) }
        switch (lhs, rhs) {
        case (.none, .none): return true
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)):
            return a === b || (a.items.count == b.items.count && zip(a.items, b.items).allSatisfy(same))
        case (.tuple(let a), .tuple(let b)): return a.count == b.count && zip(a, b).allSatisfy(same)
        case (.dictionary(let a), .dictionary(let b)):
            return a === b
                || (a.entries.count == b.entries.count
                    && a.entries.allSatisfy { entry in
                        b.entries.contains { same($0.key, entry.key) && same($0.value, entry.value) }
                    })
        case (.tensor(let a), .tensor(let b)): return a === b || a.tensor == b.tensor
        case (.object, .object), (.function, .function): return identical(lhs, rhs)
        default:
            if let a = lhs.number, let b = rhs.number, lhs.tensorValue == nil, rhs.tensorValue == nil { return a == b }
            return false
        }
    }

    private func identical(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        // Python caches small numbers and strings; equal ones count as the same object here.
        case (.int(let a), .int(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.object(let a), .object(let b)): return a === b
        case (.function(let a), .function(let b)): return a === b
        case (.list(let a), .list(let b)): return a === b
        case (.dictionary(let a), .dictionary(let b)): return a === b
        case (.tensor(let a), .tensor(let b)): return a === b
        default: return false
        }
    }

    private func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .string(let s):
            guard case .string(let part) = item else {
                throw ShellError(.type, "'in <string>' requires string as left operand, not \(item.typeName)")
            }
            return s.contains(part)
        case .dictionary(let d): return d.entries.contains { equal($0.key, item) }
        case .object(let range as RangeObject):
            guard case .int(let value) = item else { return false }
            return range.contains(value)
        default:
            let iterator = try iterate(container)
            var count = 0
            while let element = iterator.next() {
                if equal(element, item) { return true }
                count += 1
                if count & 0xFFFF == 0 { try context.checkInterrupt() }
            }
            return false
        }
    }
}
