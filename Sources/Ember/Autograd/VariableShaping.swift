// Reductions, shape ops, products, joins and indexing on the tape, each a call of its op's
// forward and backward (Ops/ReductionOps.swift, Ops/ShapeOps.swift, Ops/JoinOps.swift).

extension Variable {
    /// The sum of every element, or along `axis`.
    public func sum(axis: Int? = nil, keepDim: Bool = false) throws -> Variable {
        try Variable.unary(
            axis == nil ? "SumBackward0" : "SumBackward1", rule: "dX = dOut, spread over the summed axes", self,
            saves: false, forward: { try sumForward($0, axis: axis, keepDim: keepDim) }, backward: sumBackward)
    }
    /// The mean of every element, or along `axis`.
    public func mean(axis: Int? = nil, keepDim: Bool = false) throws -> Variable {
        try Variable.unary(
            axis == nil ? "MeanBackward0" : "MeanBackward1", rule: "dX = dOut / n, spread over the averaged axes",
            self, saves: false, forward: { try meanForward($0, axis: axis, keepDim: keepDim) },
            backward: meanBackward)
    }
    /// The largest value over every element, or along `axis` (PyTorch's `amax`).
    public func amax(axis: Int? = nil, keepDim: Bool = false) throws -> Variable {
        try Variable.unary(
            "AmaxBackward0", rule: "dX = dOut at the maximum (shared between ties)", self,
            forward: { try extremumForward($0, axis: axis, keepDim: keepDim, largest: true) },
            backward: extremumBackward)
    }
    /// The smallest value over every element, or along `axis` (PyTorch's `amin`).
    public func amin(axis: Int? = nil, keepDim: Bool = false) throws -> Variable {
        try Variable.unary(
            "AminBackward0", rule: "dX = dOut at the minimum (shared between ties)", self,
            forward: { try extremumForward($0, axis: axis, keepDim: keepDim, largest: false) },
            backward: extremumBackward)
    }

    /// The same values in `shape` (one axis may be −1): reshape, view, flatten, squeeze and
    /// unsqueeze are all this op, named `name` in the graph.
    public func reshape(_ shape: [Int], name: String = "ViewBackward0") throws -> Variable {
        try Variable.unary(
            name, rule: "dX = dOut reshaped to x's shape", self, saves: false,
            forward: { try reshapeForward($0, shape) }, backward: reshapeBackward)
    }
    /// Axes `startAxis` to `endAxis` merged into one.
    public func flatten(startAxis: Int = 0, endAxis: Int = -1) throws -> Variable {
        try reshape(try value.flatten(startAxis: startAxis, endAxis: endAxis).shape)
    }
    /// A new axis of size 1 at `axis`.
    public func unsqueeze(_ axis: Int) throws -> Variable {
        try reshape(try value.unsqueeze(axis).shape, name: "UnsqueezeBackward0")
    }
    /// Axis `axis` (or every axis) of size 1 removed.
    public func squeeze(_ axis: Int? = nil) throws -> Variable {
        try reshape(try value.squeeze(axis).shape, name: "SqueezeBackward0")
    }
    /// The axes reordered: output axis i is input axis `order[i]`.
    public func permute(_ order: [Int]) throws -> Variable {
        try Variable.unary(
            "PermuteBackward0", rule: "dX = dOut permuted back", self, saves: false,
            forward: { try permuteForward($0, order) }, backward: permuteBackward)
    }
    /// Two axes swapped.
    public func transpose(_ first: Int, _ second: Int) throws -> Variable {
        try Variable.unary(
            "TransposeBackward0", rule: "dX = dOut transposed back", self, saves: false,
            forward: { try permuteForward($0, try transposition(first, second, rank: $0.rank)) },
            backward: permuteBackward)
    }

    /// The matrix product, for operands of rank 1 or 2.
    public func matmul(_ other: Variable) throws -> Variable {
        try Variable.binary(
            "MmBackward0", rule: "dA = dOut · Bᵀ, dB = Aᵀ · dOut", self, other, forward: matmulForward,
            backward: matmulBackward)
    }

    /// The elements `indices` select.
    public func indexed(_ indices: [TensorIndex]) throws -> Variable {
        try Variable.unary(
            "IndexBackward0", rule: "dX = zeros with dOut scattered where the index read", self, saves: false,
            forward: { try indexForward($0, indices) }, backward: indexBackward)
    }

    /// The values joined end to end along `axis` (PyTorch's `torch.cat`).
    public static func cat(_ parts: [Variable], axis: Int = 0) throws -> Variable {
        try joined("CatBackward0", parts, forward: { try catForward($0, axis: axis) }, backward: catBackward)
    }
    /// The values, of one shape, stacked along a new axis (PyTorch's `torch.stack`).
    public static func stack(_ parts: [Variable], axis: Int = 0) throws -> Variable {
        try joined("StackBackward0", parts, forward: { try stackForward($0, axis: axis) }, backward: stackBackward)
    }

    /// A join of `parts`, each receiving its piece of dOut.
    private static func joined(
        _ name: String, _ parts: [Variable], forward: ([Tensor]) throws -> (Tensor, JoinSaved),
        backward: @escaping (Tensor, JoinSaved) throws -> [Tensor]
    ) throws -> Variable {
        let (value, saved) = try forward(parts.map(\.value))
        return recorded(name, rule: "each input gets its slice of dOut", value: value, inputs: parts) {
            gradient, targets in
            for (target, piece) in zip(targets, try backward(gradient, saved)) { try target?.receive(piece) }
        }
    }
}
