// The arithmetic operators on tape values: when either operand is on the tape, `+ − * / ** @`
// and unary minus record (a parameter or a plain tensor on the other side enters as a leaf or
// a constant); otherwise the plain tensor path runs, unchanged.

import Ember

extension Interpreter {
    /// `a op b` recorded on the tape, or nil when neither operand is a tape value.
    func tapeBinary(_ op: String, _ lhs: Value, _ rhs: Value) throws -> Value? {
        guard isTapeValue(lhs) || isTapeValue(rhs) else { return nil }
        let (a, b) = (try tapeOperand(lhs), try tapeOperand(rhs))
        let result: Variable
        switch op {
        case "+": result = try a + b
        case "-": result = try a - b
        case "*": result = try a * b
        case "/": result = try a / b
        case "@": result = try a.matmul(b)
        case "**":
            guard b.value.count == 1, !isTapeValue(rhs) else {
                throw ShellError(.type, "** on a tensor that requires grad needs a constant number exponent")
            }
            result = try a.pow(b.value.scalars[0])
        default: return nil
        }
        return TapeTensorObject.wrap(result)
    }

    /// `x[keys]` recorded on the tape (integers, slices, None, ..., lists, index tensors and
    /// masks), or nil when x is not a tape value.
    func tapeSubscript(_ object: Value, _ keys: [SubscriptKey]) throws -> Value? {
        guard isTapeValue(object), case .object(let tape as TapeTensorObject) = object else { return nil }
        return TapeTensorObject.wrap(try tape.variable.indexed(try TensorIndexing.coreIndices(keys)))
    }

    /// `x.requires_grad_()` on a name bound to a plain tensor: a plain tensor is a value, so the
    /// name is bound to the leaf the call made, which is what PyTorch's in-place call amounts to.
    func rebindAfterRequiresGrad(_ calleeExpression: Expression, _ result: Value, in environment: Environment) {
        guard case .attribute(let object, "requires_grad_") = calleeExpression.kind, case .name(let name) = object.kind,
            case .object(let leaf as TapeTensorObject) = result, leaf.variable.isLeaf
        else { return }
        environment.assign(name, result)
    }

    /// `-x` recorded on the tape, or nil when x is not a tape value.
    func tapeUnary(_ op: String, _ operand: Value) throws -> Value? {
        guard isTapeValue(operand), op == "-" || op == "+" else { return nil }
        let x = try tapeOperand(operand)
        return TapeTensorObject.wrap(op == "-" ? try -x : x)
    }
}
