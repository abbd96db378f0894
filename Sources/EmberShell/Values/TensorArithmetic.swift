// Element-wise arithmetic and comparison of tensors with Python numbers and with each other,
// with PyTorch's type rules: int64 with int64 stays int64 (exactly, `//` and `%` too), `/`
// always gives float32, comparisons give bool, and bool + bool is a logical or. The operators
// and the in-place methods (`add_`, `mul_` …) both come here, so the rules live in one place.

import Ember

enum TensorArithmetic {
    /// One side of an operation: its values, its type, and whether it was a Python number,
    /// which lifts a tensor's type only to a higher kind.
    struct Operand {
        let tensor: Tensor
        let dtype: DType
        let isNumber: Bool
    }

    /// The operand a value stands for, or nil for a value that is neither tensor nor number.
    static func operand(_ value: Value) -> Operand? {
        switch value {
        case .tensor(let ref): return Operand(tensor: ref.tensor, dtype: ref.dtype, isNumber: false)
        case .int(let i):
            return Operand(tensor: Tensor(Float(i)), dtype: .int64, isNumber: true)
        case .bool(let b): return Operand(tensor: Tensor(b ? 1 : 0), dtype: .bool, isNumber: true)
        case .float(let f): return Operand(tensor: Tensor(Float(f)), dtype: .float32, isNumber: true)
        case .object(let object as TensorConvertible):
            return Operand(tensor: object.tensor, dtype: .float32, isNumber: false)
        default: return nil
        }
    }

    /// `lhs op rhs` for `+ - * / // % **` and `@`, as a new tensor value.
    static func binary(_ op: String, _ lhs: Value, _ rhs: Value) throws -> Value {
        guard let a = operand(lhs), let b = operand(rhs) else {
            throw ShellError(
                .type, "unsupported operand type(s) for \(op): '\(lhs.typeName)' and '\(rhs.typeName)'")
        }
        let dtype = DType.promoted(a.dtype, wrapped: a.isNumber, b.dtype, wrapped: b.isNumber)
        let operation = "'\(op)'"
        switch op {
        case "@":
            guard !a.isNumber, !b.isNumber else {
                throw ShellError(.type, "@ needs two tensors, got '\(lhs.typeName)' and '\(rhs.typeName)'")
            }
            return try .tensor(try a.tensor.matmul(b.tensor), dtype: dtype, operation: operation)
        case "/":
            return .tensor(try a.tensor / b.tensor)
        case "+", "*", "-":
            if dtype == .bool {
                guard op != "-" else {
                    throw ShellError(
                        .runtime, "subtracting bool tensors is not supported; use ^ or logical_xor, or .long() first")
                }
                let combined = op == "+" ? try a.tensor + b.tensor : try a.tensor * b.tensor
                return try .tensor(combined, dtype: .bool)
            }
            let result =
                op == "+" ? try a.tensor + b.tensor : op == "-" ? try a.tensor - b.tensor : try a.tensor * b.tensor
            return try .tensor(result, dtype: dtype, operation: operation)
        case "//", "%":
            if dtype != .float32, b.tensor.scalars.contains(0) {
                throw ShellError(.runtime, "ZeroDivisionError: integer division or modulo by zero in a tensor")
            }
            let result = try a.tensor.combined(with: b.tensor, operation: op == "//" ? "floor_divide" : "remainder") {
                x, y in
                // Whole numbers below 2^24 divide exactly enough in Double to floor correctly.
                let quotient = (Double(x) / Double(y)).rounded(.down)
                return op == "//" ? Float(quotient) : Float(Double(x) - quotient * Double(y))
            }
            return try .tensor(result, dtype: dtype == .bool ? .int64 : dtype, operation: operation)
        case "**":
            if dtype != .float32, b.tensor.scalars.contains(where: { $0 < 0 }) {
                throw ShellError(.runtime, "integers to negative integer powers are not allowed; use .float() first")
            }
            return try .tensor(try a.tensor.pow(b.tensor), dtype: dtype == .bool ? .int64 : dtype, operation: operation)
        case "&", "|", "^":
            guard dtype != .float32 else {
                throw ShellError(
                    .runtime,
                    "'\(op)' needs bool or integer tensors, not float32; compare first, as in (x > 0) \(op) (x < 1)")
            }
            let result = try a.tensor.combined(with: b.tensor, operation: op) { x, y in
                // A Python int operand may be far beyond int64's range: it gives inf, which the
                // type check below refuses, rather than a conversion that traps.
                guard x.magnitude < 1e18, y.magnitude < 1e18 else { return .infinity }
                let (p, q) = (Int64(x), Int64(y))
                return Float(op == "&" ? p & q : op == "|" ? p | q : p ^ q)
            }
            return try .tensor(result, dtype: dtype, operation: operation)
        default:
            throw ShellError(
                .type, "unsupported operand type(s) for \(op): '\(lhs.typeName)' and '\(rhs.typeName)'")
        }
    }

    /// `lhs op rhs` for `== != < <= > >=`, as a bool tensor.
    static func compare(_ op: String, _ lhs: Value, _ rhs: Value) throws -> Value {
        guard let a = operand(lhs), let b = operand(rhs) else {
            throw ShellError(
                .type, "'\(op)' not supported between instances of '\(lhs.typeName)' and '\(rhs.typeName)'")
        }
        let predicate: (Float, Float) -> Bool
        switch op {
        case "==": predicate = { $0 == $1 }
        case "!=": predicate = { $0 != $1 }
        case "<": predicate = { $0 < $1 }
        case "<=": predicate = { $0 <= $1 }
        case ">": predicate = { $0 > $1 }
        default: predicate = { $0 >= $1 }
        }
        return .tensor(TensorRef(try a.tensor.compared(with: b.tensor, operation: op, predicate), dtype: .bool))
    }

    /// A plain float32 `result` of an op that keeps integer types (`where`, `maximum`, `relu`,
    /// `abs`, a sum), given the type the operands promote to: int64 or bool operands give an
    /// int64 or bool result, as in PyTorch.
    static func retyped(_ result: Value, promotedFrom operands: [Value]) throws -> Value {
        guard case .tensor(let ref) = result, ref.dtype == .float32 else { return result }
        var promoted: DType?
        var sawTensor = false
        for value in operands {
            guard let operand = operand(value) else { continue }
            sawTensor = sawTensor || !operand.isNumber
            promoted =
                promoted.map {
                    DType.promoted($0, wrapped: false, operand.dtype, wrapped: operand.isNumber && sawTensor)
                } ?? operand.dtype
        }
        guard sawTensor, let promoted, promoted != .float32 else { return result }
        return try .tensor(ref.tensor, dtype: promoted)
    }

    /// `~x`: logical not of a bool tensor, bitwise not of an int64 one.
    static func invert(_ ref: TensorRef) throws -> Value {
        switch ref.dtype {
        case .bool: return .tensor(TensorRef(ref.tensor.map { $0 == 0 ? 1 : 0 }, dtype: .bool))
        case .int64: return .tensor(TensorRef(ref.tensor.map { -$0 - 1 }, dtype: .int64))
        case .float32: throw ShellError(.type, "'~' needs a bool or integer tensor, not float32")
        }
    }
}
