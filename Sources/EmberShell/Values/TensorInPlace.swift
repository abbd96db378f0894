// The methods that change a tensor where it lives, PyTorch's trailing-underscore ones (`add_`,
// `mul_`, `zero_`, `clamp_`, `fill_`, `copy_` …), and the type conversions (`float`, `long`,
// `bool`, `to`). An in-place method computes what its plain namesake would and writes it into
// the storage, so every view and alias of the tensor sees the change.

import Ember

enum TensorInPlace {
    /// Writes `result` into `ref` as an in-place method does, refusing a result of a higher type
    /// (`ints.add_(0.5)`), as PyTorch does.
    static func store(_ result: Value, into ref: TensorRef, operation: String) throws -> Value {
        guard let values = result.tensorValue else {
            throw ShellError(.type, "\(operation)(): the result is a \(result.typeName), not a tensor")
        }
        if let dtype = result.dtype, dtype > ref.dtype {
            throw ShellError(
                .runtime,
                "\(operation)(): result type \(dtype.name) can't be cast to the tensor's type \(ref.dtype.name)")
        }
        try ref.overwrite(with: values, operation: operation)
        return .tensor(ref)
    }

    /// The in-place form of the method `name` of the computing table.
    private static func inPlace(_ name: String) -> Method<TensorRef>? {
        guard let method = TensorMethods.computingMethod(name) else { return nil }
        return Method(
            method.signature.parameters, variadic: method.signature.variadic,
            doc: "In place: \(method.doc.prefix(1).lowercased())\(method.doc.dropFirst())"
        ) { ref, arguments, context in
            try store(try method.body(ref, arguments, context), into: ref, operation: name + "_")
        }
    }

    /// A conversion to `dtype`: the receiver itself when it has that type already.
    private static func conversion(_ dtype: DType) -> Method<TensorRef> {
        Method(doc: "The tensor as \(dtype.name) (itself when it is one already).") { ref, _, _ in
            try convert(ref, to: dtype)
        }
    }

    /// `ref` as `dtype`: itself, or a new tensor of converted values.
    static func convert(_ ref: TensorRef, to dtype: DType) throws -> Value {
        guard ref.dtype != dtype else { return .tensor(ref) }
        return try .tensor(ref.tensor, dtype: dtype, operation: "to(\(dtype.name))")
    }

    private static let converting: [String: Method<TensorRef>] = [
        "float": conversion(.float32), "long": conversion(.int64), "int": conversion(.int64),
        "bool": conversion(.bool),
        "double": Method(doc: "Refused: Ember's tensors hold float32.") { _, _, _ in
            throw ShellError(.type, "double(): Ember's tensors hold float32 at most; use .float()")
        },
        "to": Method([ParameterSpec("dtype")], doc: "The tensor as dtype (or on device 'cpu', the only one).") {
            ref, arguments, _ in
            if case .string(let device) = arguments.value("dtype"), device == "cpu" { return .tensor(ref) }
            return try convert(ref, to: try DType.named(arguments.value("dtype"), "to"))
        },
        "type": Method([ParameterSpec("dtype", .null)], doc: "The type name, or the tensor converted to dtype.") {
            ref, arguments, _ in
            guard arguments.has("dtype") else {
                let names: [DType: String] = [
                    .float32: "torch.FloatTensor", .int64: "torch.LongTensor", .bool: "torch.BoolTensor",
                ]
                return .string(names[ref.dtype] ?? ref.dtype.name)
            }
            return try convert(ref, to: try DType.named(arguments.value("dtype"), "type"))
        },
        "is_floating_point": Method(doc: "True for float32 tensors.") { ref, _, _ in .bool(ref.dtype.isFloatingPoint) },
    ]

    private static let changing: [String: Method<TensorRef>] = [
        "zero_": Method(doc: "Sets every element to 0 in place.") { ref, _, _ in
            try ref.overwrite(with: Tensor.zeros(ref.shape), operation: "zero_")
            return .tensor(ref)
        },
        "fill_": Method([ParameterSpec("value")], doc: "Sets every element to value in place.") { ref, arguments, _ in
            let value = try arguments.float("value")
            try ref.overwrite(with: try Tensor.full(ref.shape, value: value), operation: "fill_")
            return .tensor(ref)
        },
        "copy_": Method([ParameterSpec("src")], doc: "Copies src (broadcast to this shape) in place.") {
            ref, arguments, _ in
            let source = try arguments.tensor("src")
            try ref.overwrite(with: try source + Tensor.zeros(ref.shape), operation: "copy_")
            return .tensor(ref)
        },
        "normal_": Method(
            [ParameterSpec("mean", .float(0)), ParameterSpec("std", .float(1))],
            doc: "Fills in place with values drawn from a normal distribution."
        ) { ref, arguments, context in
            let values = try Tensor.randn(
                ref.shape, mean: try arguments.float("mean"), std: try arguments.float("std"),
                generator: context.generator)
            try ref.overwrite(with: values, operation: "normal_")
            return .tensor(ref)
        },
        "uniform_": Method(
            [ParameterSpec("from", .float(0)), ParameterSpec("to", .float(1))],
            doc: "Fills in place with values drawn uniformly from [from, to)."
        ) { ref, arguments, context in
            let values = try Tensor.uniform(
                ref.shape, low: try arguments.float("from"), high: try arguments.float("to"),
                generator: context.generator)
            try ref.overwrite(with: values, operation: "uniform_")
            return .tensor(ref)
        },
        "masked_fill": Method([ParameterSpec("mask"), ParameterSpec("value")], doc: "value where mask is True.") {
            ref, arguments, _ in
            try maskedFill(ref, arguments)
        },
        "masked_fill_": Method(
            [ParameterSpec("mask"), ParameterSpec("value")], doc: "In place: value where mask is True."
        ) {
            ref, arguments, _ in
            try store(try maskedFill(ref, arguments), into: ref, operation: "masked_fill_")
        },
    ]

    /// `x.masked_fill(mask, value)`: a bool mask broadcast to the tensor's shape.
    private static func maskedFill(_ ref: TensorRef, _ arguments: Arguments) throws -> Value {
        guard case .tensor(let mask) = arguments.value("mask"), mask.dtype == .bool else {
            throw ShellError(.type, "masked_fill(): mask must be a bool tensor, such as x > 0")
        }
        let value = arguments.value("value")
        guard let number = value.number else {
            throw ShellError(.type, "masked_fill(): value must be a number, not \(value.typeName)")
        }
        let spread = try mask.tensor + Tensor.zeros(ref.shape)
        guard spread.shape == ref.shape else {
            throw ShellError(
                .runtime,
                "masked_fill(): the mask of shape \(formatShape(mask.shape)) does not broadcast to \(formatShape(ref.shape))"
            )
        }
        let fill = Float(number)
        let source = ref.tensor
        let filled = try Tensor(
            shape: ref.shape, scalars: zip(source.scalars, spread.scalars).map { $1 != 0 ? fill : $0 })
        // The result keeps the tensor's type, as PyTorch's does (0.5 into int64 gives 0).
        return try .tensor(filled, dtype: ref.dtype, operation: "masked_fill")
    }

    /// The in-place names derived from the computing methods.
    private static let derived = [
        "add", "sub", "mul", "div", "pow", "clamp", "abs", "neg", "exp", "log", "sqrt", "relu", "sigmoid", "tanh",
    ]

    static let methods: [String: Method<TensorRef>] = {
        var table = converting.merging(changing) { a, _ in a }
        for name in derived {
            if let method = inPlace(name) { table[name + "_"] = method }
        }
        return table
    }()
}
