// Operators on values with Python's semantics for numbers, strings and sequences, and NumPy's
// for tensors: when either side is a tensor (or a parameter), the operation is element-wise
// with broadcasting, and comparisons give tensors of 0 and 1.

import Ember
import Foundation

extension Interpreter {
    /// `-x`, `+x`, `not x`.
    func unary(_ op: String, _ operand: Value) throws -> Value {
        if op == "not" { return .bool(try !operand.truth()) }
        if let tensor = operand.tensorValue { return .tensor(op == "-" ? -tensor : tensor) }
        switch (op, operand) {
        case ("-", .int(let i)): return .int(-i)
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
        if lhs.tensorValue != nil || rhs.tensorValue != nil {
            return .tensor(try tensorBinary(op, lhs, rhs))
        }
        if let result = try numericBinary(op, lhs, rhs) { return result }
        switch (op, lhs, rhs) {
        case ("+", .string(let a), .string(let b)): return .string(a + b)
        case ("*", .string(let s), .int(let n)), ("*", .int(let n), .string(let s)):
            return .string(String(repeating: s, count: max(n, 0)))
        case ("%", .string(let format), _): return .string(try percentFormat(format, rhs))
        case ("+", .list(let a), .list(let b)): return .list(ListStorage(a.items + b.items))
        case ("+", .tuple(let a), .tuple(let b)): return .tuple(a + b)
        case ("*", .list(let l), .int(let n)), ("*", .int(let n), .list(let l)):
            return .list(ListStorage(Array(repeating: l.items, count: max(n, 0)).flatMap { $0 }))
        case ("*", .tuple(let t), .int(let n)), ("*", .int(let n), .tuple(let t)):
            return .tuple(Array(repeating: t, count: max(n, 0)).flatMap { $0 })
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
            switch op {
            case "+": return .int(a &+ b)
            case "-": return .int(a &- b)
            case "*": return .int(a &* b)
            case "/":
                guard b != 0 else { throw ShellError(.zeroDivision, "division by zero") }
                return .float(Double(a) / Double(b))
            case "//", "%":
                guard b != 0 else { throw ShellError(.zeroDivision, "integer division or modulo by zero") }
                let quotient = Int((Double(a) / Double(b)).rounded(.down))
                return op == "//" ? .int(quotient) : .int(a - quotient * b)
            case "**":
                if b >= 0 { return .int(Int(pow(Double(a), Double(b)))) }
                return .float(pow(Double(a), Double(b)))
            default: return nil
            }
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

    /// Element-wise arithmetic when at least one side is a tensor.
    private func tensorBinary(_ op: String, _ lhs: Value, _ rhs: Value) throws -> Tensor {
        if op == "@" {
            guard let a = lhs.tensorValue, let b = rhs.tensorValue else {
                throw ShellError(.type, "@ needs two tensors, got '\(lhs.typeName)' and '\(rhs.typeName)'")
            }
            return try a.matmul(b)
        }
        let a = try tensorOperand(lhs, op)
        let b = try tensorOperand(rhs, op)
        switch op {
        case "+": return try a + b
        case "-": return try a - b
        case "*": return try a * b
        case "/": return try a / b
        case "**": return try a.pow(b)
        case "//": return try a.combined(with: b, operation: "floor_divide") { ($0 / $1).rounded(.down) }
        case "%":
            return try a.combined(with: b, operation: "remainder") { x, y in x - (x / y).rounded(.down) * y }
        default:
            throw ShellError(.type, "unsupported operand type(s) for \(op): '\(lhs.typeName)' and '\(rhs.typeName)'")
        }
    }

    private func tensorOperand(_ value: Value, _ op: String) throws -> Tensor {
        if let tensor = value.tensorValue { return tensor }
        if let number = value.number { return Tensor(Float(number)) }
        throw ShellError(.type, "unsupported operand type for \(op) with a tensor: '\(value.typeName)'")
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
        if lhs.tensorValue != nil || rhs.tensorValue != nil {
            let a = try tensorOperand(lhs, op)
            let b = try tensorOperand(rhs, op)
            let predicate: (Float, Float) -> Bool
            switch op {
            case "==": predicate = { $0 == $1 }
            case "!=": predicate = { $0 != $1 }
            case "<": predicate = { $0 < $1 }
            case "<=": predicate = { $0 <= $1 }
            case ">": predicate = { $0 > $1 }
            default: predicate = { $0 >= $1 }
            }
            return .tensor(try a.compared(with: b, operation: op, predicate))
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
        switch (lhs, rhs) {
        case (.none, .none): return true
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)):
            return a.items.count == b.items.count && zip(a.items, b.items).allSatisfy(equal)
        case (.tuple(let a), .tuple(let b)): return a.count == b.count && zip(a, b).allSatisfy(equal)
        case (.tensor(let a), .tensor(let b)): return a == b
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
        case (.object(let a), .object(let b)): return a === b
        case (.function(let a), .function(let b)): return a === b
        case (.list(let a), .list(let b)): return a === b
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
        default:
            let iterator = try iterate(container)
            while let element = iterator.next() {
                if equal(element, item) { return true }
            }
            return false
        }
    }
}
