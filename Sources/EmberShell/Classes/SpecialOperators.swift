// Operators on instances of user classes, through Python's special methods: `a + b` calls
// `a.__add__(b)`, or `b.__radd__(a)` when only the right side defines it; comparisons call
// `__eq__`, `__lt__` … (reflected as Python reflects them), `-a` calls `__neg__`.

import Ember

extension Interpreter {
    /// The special method of each binary operator, without its underscores.
    private static let operatorMethods = [
        "+": "add", "-": "sub", "*": "mul", "/": "truediv", "//": "floordiv", "%": "mod", "**": "pow",
        "@": "matmul", "==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge",
    ]

    /// The method the right operand answers a comparison with: `a < b` is `b > a`.
    private static let reflectedComparisons = ["==": "eq", "!=": "ne", "<": "gt", "<=": "ge", ">": "lt", ">=": "le"]

    /// `lhs op rhs` through a user class's special method, nil when neither side has one.
    func specialOperator(_ op: String, _ lhs: Value, _ rhs: Value) throws -> Value? {
        guard let name = Interpreter.operatorMethods[op] else { return nil }
        // Without __ne__, != is the opposite of __eq__, as in Python.
        if op == "!=", let equal = try specialOperator("==", lhs, rhs), !hasSpecial("__ne__", lhs, rhs) {
            return .bool(try !equal.truth())
        }
        if case .object(let left as InstanceObject) = lhs,
            let result = try left.callSpecial("__\(name)__", [rhs], in: context)
        {
            return result
        }
        guard case .object(let right as InstanceObject) = rhs else { return nil }
        let reflected = Interpreter.reflectedComparisons[op] ?? "r" + name
        return try right.callSpecial("__\(reflected)__", [lhs], in: context)
    }

    private func hasSpecial(_ name: String, _ values: Value...) -> Bool {
        values.contains { value in
            guard case .object(let instance as InstanceObject) = value else { return false }
            return instance.type.lookup(name) != nil
        }
    }

    /// `-x` and `+x` through `__neg__` and `__pos__`, nil when the class has neither.
    func specialUnary(_ op: String, _ operand: Value) throws -> Value? {
        guard case .object(let instance as InstanceObject) = operand, op == "-" || op == "+" else { return nil }
        return try instance.callSpecial(op == "-" ? "__neg__" : "__pos__", [], in: context)
    }
}
