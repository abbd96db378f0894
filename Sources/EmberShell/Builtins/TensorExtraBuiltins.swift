// More of PyTorch's functions: `torch.full_like`, `torch.empty`, `torch.mm`,
// `torch.nn.functional.one_hot`, and Python's `slice`, with PyTorch's arguments and result types.

import Ember

enum TensorExtraBuiltins {
    static func make() -> [String: Value] {
        Dictionary(uniqueKeysWithValues: [
            builtin(
                "full_like", [ParameterSpec("input"), ParameterSpec("fill_value"), ParameterSpec("dtype", .null)],
                doc: "A tensor of input's shape and dtype (unless dtype= says another) filled with fill_value."
            ) { arguments, _ in
                let input = arguments.value("input")
                let shape = try arguments.tensor("input").shape
                let dtype =
                    arguments.has("dtype")
                    ? try DType.named(arguments.value("dtype"), "full_like") : input.dtype ?? .float32
                return try .tensor(
                    try Tensor.full(shape, value: try arguments.float("fill_value")), dtype: dtype,
                    operation: "full_like")
            },
            builtin(
                "empty", [ParameterSpec("dtype", .null)], variadic: "size",
                doc: "A tensor of the given size whose values are unspecified in PyTorch; here they are zeros."
            ) { arguments, _ in
                let dtype = arguments.has("dtype") ? try DType.named(arguments.value("dtype"), "empty") : .float32
                return try .tensor(try Tensor.zeros(try variadicShape(arguments, "empty")), dtype: dtype)
            },
            builtin(
                "mm", [ParameterSpec("input"), ParameterSpec("mat2")],
                doc: "The product of two matrices (2-d tensors only; matmul broadcasts)."
            ) { arguments, _ in
                try matrixProduct(arguments.value("input"), arguments.value("mat2"))
            },
            builtin(
                "one_hot", [ParameterSpec("tensor"), ParameterSpec("num_classes", .int(-1))],
                doc: "For an int64 tensor of class indices, a new last axis of num_classes (max + 1 if -1) with a 1 "
                    + "at each index."
            ) { arguments, _ in
                try oneHot(arguments)
            },
            builtin(
                "slice", variadic: "bounds",
                doc: "slice(stop) or slice(start, stop, step): x[slice(0, 2)] is x[0:2]."
            ) { arguments, _ in
                .object(try SliceObject.make(arguments.rest))
            },
        ])
    }

    /// `torch.mm(a, b)`: both matrices, inner sizes equal; on the tape when either is.
    private static func matrixProduct(_ a: Value, _ b: Value) throws -> Value {
        guard let lhs = a.tensorValue, let rhs = b.tensorValue else {
            throw ShellError(.type, "mm(): expected two tensors, got \(a.typeName) and \(b.typeName)")
        }
        guard lhs.rank == 2, rhs.rank == 2 else {
            throw ShellError(
                .runtime,
                "mm(): both arguments must be matrices, got \(lhs.rank)-d and \(rhs.rank)-d tensors; use matmul")
        }
        guard lhs.shape[1] == rhs.shape[0] else {
            throw ShellError(
                .runtime,
                "mm(): mat1 and mat2 shapes cannot be multiplied (\(lhs.shape[0])x\(lhs.shape[1]) and "
                    + "\(rhs.shape[0])x\(rhs.shape[1]))")
        }
        if isTapeValue(a) || isTapeValue(b) {
            return TapeTensorObject.wrap(try tapeOperand(a).matmul(try tapeOperand(b)))
        }
        return try TensorArithmetic.binary("@", a, b)
    }

    /// `one_hot(tensor, num_classes=-1)`: an int64 tensor of the input's shape and one more axis.
    private static func oneHot(_ arguments: Arguments) throws -> Value {
        let input = arguments.value("tensor")
        guard case .tensor(let ref) = input, ref.dtype == .int64 else {
            throw ShellError(
                .runtime,
                "one_hot(): expected an int64 tensor of class indices, got \(input.dtype?.name ?? input.typeName)")
        }
        let indices = ref.tensor.scalars
        if let negative = indices.first(where: { $0 < 0 }) {
            throw ShellError(.runtime, "one_hot(): class values must be non-negative, found \(Int(negative))")
        }
        var classes = try arguments.int("num_classes")
        if classes == -1 {
            guard let largest = indices.max() else {
                throw ShellError(.runtime, "one_hot(): cannot infer the number of classes from an empty tensor")
            }
            classes = Int(largest) + 1
        } else if classes < 0 {
            throw ShellError(.runtime, "one_hot(): num_classes must be -1 or non-negative, got \(classes)")
        } else if let large = indices.first(where: { Int($0) >= classes }) {
            throw ShellError(
                .runtime, "one_hot(): class value \(Int(large)) must be smaller than num_classes (\(classes))")
        }
        let shape = ref.shape + [classes]
        let count = try elementCount(of: shape, operation: "one_hot")
        try MemoryBudget.check(count: count, for: "one_hot")
        var values = [Float](repeating: 0, count: count)
        for (position, index) in indices.enumerated() { values[position * classes + Int(index)] = 1 }
        return try .tensor(try Tensor(shape: shape, scalars: values), dtype: .int64)
    }
}
