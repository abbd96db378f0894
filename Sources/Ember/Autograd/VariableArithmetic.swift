// Arithmetic and element-wise functions on the tape, each a call of its op's forward and
// backward (Ops/ArithmeticOps.swift, Ops/UnaryOps.swift, Ops/ActivationOps.swift).

extension Variable {
    /// a + b, with broadcasting.
    public static func + (lhs: Variable, rhs: Variable) throws -> Variable {
        try binary(
            "AddBackward0", rule: "dA = dOut, dB = dOut (summed to each shape)", lhs, rhs, saves: false,
            forward: addForward, backward: addBackward)
    }
    /// a − b, with broadcasting.
    public static func - (lhs: Variable, rhs: Variable) throws -> Variable {
        try binary(
            "SubBackward0", rule: "dA = dOut, dB = −dOut (summed to each shape)", lhs, rhs, saves: false,
            forward: subtractForward, backward: subtractBackward)
    }
    /// a ⊙ b, with broadcasting.
    public static func * (lhs: Variable, rhs: Variable) throws -> Variable {
        try binary(
            "MulBackward0", rule: "dA = dOut ⊙ B, dB = dOut ⊙ A", lhs, rhs,
            forward: multiplyForward, backward: multiplyBackward)
    }
    /// a / b, with broadcasting.
    public static func / (lhs: Variable, rhs: Variable) throws -> Variable {
        try binary(
            "DivBackward0", rule: "dA = dOut / B, dB = −dOut ⊙ A / B²", lhs, rhs,
            forward: divideForward, backward: divideBackward)
    }
    /// a + c.
    public static func + (lhs: Variable, rhs: Float) throws -> Variable { try lhs + constant(rhs) }
    /// c + a.
    public static func + (lhs: Float, rhs: Variable) throws -> Variable { try constant(lhs) + rhs }
    /// a − c.
    public static func - (lhs: Variable, rhs: Float) throws -> Variable { try lhs - constant(rhs) }
    /// c − a.
    public static func - (lhs: Float, rhs: Variable) throws -> Variable { try constant(lhs) - rhs }
    /// a · c.
    public static func * (lhs: Variable, rhs: Float) throws -> Variable { try lhs * constant(rhs) }
    /// c · a.
    public static func * (lhs: Float, rhs: Variable) throws -> Variable { try constant(lhs) * rhs }
    /// a / c.
    public static func / (lhs: Variable, rhs: Float) throws -> Variable { try lhs / constant(rhs) }
    /// c / a.
    public static func / (lhs: Float, rhs: Variable) throws -> Variable { try constant(lhs) / rhs }
    /// −a.
    public static prefix func - (operand: Variable) throws -> Variable { try constant(-1) * operand }

    /// condition ? a : b, element by element (PyTorch's `torch.where`).
    public static func `where`(_ condition: Tensor, _ lhs: Variable, _ rhs: Variable) throws -> Variable {
        try binary(
            "WhereBackward0", rule: "dA = dOut where the condition holds, dB = dOut elsewhere", lhs, rhs,
            saves: false, forward: { try whereForward(condition, $0, $1) }, backward: whereBackward)
    }

    /// The larger of each pair of elements (PyTorch's `torch.maximum`); a tie shares dOut.
    public func maximum(_ other: Variable) throws -> Variable {
        try Variable.binary(
            "MaximumBackward0", rule: "dA = dOut where a > b, dB = dOut where b > a, each ½ dOut at a tie", self,
            other, saves: false, forward: { try extremeForward($0, $1, largest: true) }, backward: whereBackward)
    }

    /// The smaller of each pair of elements (PyTorch's `torch.minimum`); a tie shares dOut.
    public func minimum(_ other: Variable) throws -> Variable {
        try Variable.binary(
            "MinimumBackward0", rule: "dA = dOut where a < b, dB = dOut where b < a, each ½ dOut at a tie", self,
            other, saves: false, forward: { try extremeForward($0, $1, largest: false) }, backward: whereBackward)
    }

    /// eˣ.
    public func exp() throws -> Variable {
        try Variable.unary("ExpBackward0", rule: "dX = dOut ⊙ eˣ", self, forward: expForward, backward: expBackward)
    }
    /// ln x.
    public func log() throws -> Variable {
        try Variable.unary("LogBackward0", rule: "dX = dOut / x", self, forward: logForward, backward: logBackward)
    }
    /// √x.
    public func sqrt() throws -> Variable {
        try Variable.unary(
            "SqrtBackward0", rule: "dX = dOut / (2√x)", self, forward: sqrtForward, backward: sqrtBackward)
    }
    /// |x|.
    public func abs() throws -> Variable {
        try Variable.unary(
            "AbsBackward0", rule: "dX = dOut ⊙ sign(x)", self, forward: absForward, backward: absBackward)
    }
    /// xᵖ for a constant p.
    public func pow(_ exponent: Float) throws -> Variable {
        try Variable.unary(
            "PowBackward0", rule: "dX = dOut ⊙ p·xᵖ⁻¹", self, forward: { powForward($0, exponent: exponent) },
            backward: { try powBackward($0, $1, exponent: exponent) })
    }
    /// x limited to [lower, upper].
    public func clamp(min lower: Float? = nil, max upper: Float? = nil) throws -> Variable {
        try Variable.unary(
            "ClampBackward1", rule: "dX = dOut inside the bounds, 0 outside", self,
            forward: { clampForward($0, min: lower, max: upper) },
            backward: { try clampBackward($0, $1, min: lower, max: upper) })
    }
    /// max(x, 0).
    public func relu() throws -> Variable { try relu { _ in } }
    /// max(x, 0), handing the saved context to `keep` (a layer keeps it for its explicit backward).
    func relu(keep: (ActivationSaved) -> Void) throws -> Variable {
        try Variable.unary(
            "ReluBackward0", rule: "dX = dOut where x > 0", self,
            forward: { try kept(reluForward($0), keep) }, backward: reluBackward)
    }
    /// x where positive, slope · x elsewhere.
    public func leakyRelu(negativeSlope slope: Float = 0.01) throws -> Variable {
        try leakyRelu(negativeSlope: slope) { _ in }
    }
    /// `leakyRelu`, handing the saved context to `keep`.
    func leakyRelu(negativeSlope slope: Float, keep: (ActivationSaved) -> Void) throws -> Variable {
        try Variable.unary(
            "LeakyReluBackward0", rule: "dX = dOut where x > 0, slope · dOut elsewhere", self,
            forward: { kept(leakyReLUForward($0, negativeSlope: slope), keep) },
            backward: { try leakyReLUBackward($0, $1, negativeSlope: slope) })
    }
    /// σ(x).
    public func sigmoid() throws -> Variable { try sigmoid { _ in } }
    /// σ(x), handing the saved context to `keep`.
    func sigmoid(keep: (ActivationSaved) -> Void) throws -> Variable {
        try Variable.unary(
            "SigmoidBackward0", rule: "dX = dOut ⊙ σ(1 − σ)", self, forward: { kept(sigmoidForward($0), keep) },
            backward: sigmoidBackward)
    }
    /// tanh(x).
    public func tanh() throws -> Variable { try tanh { _ in } }
    /// tanh(x), handing the saved context to `keep`.
    func tanh(keep: (ActivationSaved) -> Void) throws -> Variable {
        try Variable.unary(
            "TanhBackward0", rule: "dX = dOut ⊙ (1 − tanh²)", self, forward: { kept(tanhForward($0), keep) },
            backward: tanhBackward)
    }
    /// softmax along `axis`.
    public func softmax(axis: Int) throws -> Variable {
        try Variable.unary(
            "SoftmaxBackward0", rule: "dX = y ⊙ (dOut − Σ dOut ⊙ y)", self,
            forward: { x in
                let y = try x.softmax(axis: axis); return (y, y)
            },
            backward: { try $1.softmaxBackward(gradOutput: $0, axis: axis) })
    }
    /// log-softmax along `axis`.
    public func logSoftmax(axis: Int) throws -> Variable {
        try Variable.unary(
            "LogSoftmaxBackward0", rule: "dX = dOut − softmax ⊙ Σ dOut", self,
            forward: { x in
                let y = try x.logSoftmax(axis: axis); return (y, y)
            },
            backward: { try $1.logSoftmaxBackward(gradOutput: $0, axis: axis) })
    }
}
