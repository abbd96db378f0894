// More tensor methods PyTorch users reach for, with PyTorch's names, arguments and result types:
// sorting (`sort`, `argsort`, `topk`), running sums and products, `flip`, `repeat`, `sign`,
// `square`, `unique`, `bincount`, the `new_*` makers and the views `expand`, `narrow` and `select`
// (whose windows are built in TensorWindows). Their `torch.` forms come from this table too.

import Ember

enum TensorExtraMethods {
    /// The type of a sum or product of values of `dtype`: integers and bools give int64.
    private static func accumulated(_ dtype: DType) -> DType { dtype == .float32 ? .float32 : .int64 }

    /// The `dtype=` keyword of a method, or `fallback` when it was not given.
    private static func requestedType(_ arguments: Arguments, _ method: String, or fallback: DType) throws -> DType {
        arguments.has("dtype") ? try DType.named(arguments.value("dtype"), method) : fallback
    }

    /// The shape of a tensor argument (plain, a parameter or on the tape).
    private static func shapeOf(_ arguments: Arguments, _ name: String, _ method: String) throws -> [Int] {
        guard let tensor = arguments.value(name).tensorValue else {
            throw ShellError(
                .type, "\(method)(): argument '\(name)' must be a Tensor, not \(arguments.value(name).typeName)")
        }
        return tensor.shape
    }

    private static let sortParameters = [
        ParameterSpec("dim", .int(-1)), ParameterSpec("descending", .bool(false)),
        ParameterSpec("stable", .bool(false)),
    ]

    /// `new_zeros` / `new_ones`: a tensor of the receiver's type (unless `dtype=` says another).
    private static func maker(_ name: String, _ value: Float) -> Method<TensorRef> {
        Method(
            [ParameterSpec("dtype", .null)], variadic: "size",
            doc: "A tensor of \(value == 0 ? "zeros" : "ones") of the given size, of this tensor's dtype."
        ) { ref, arguments, _ in
            let shape = try variadicShape(arguments, name)
            return try .tensor(
                try Tensor.full(shape, value: value), dtype: try requestedType(arguments, name, or: ref.dtype))
        }
    }

    static let methods: [String: Method<TensorRef>] = [
        "sort": Method(
            sortParameters, doc: "(values, indices) sorted along dim, stably (equal values keep their order)."
        ) { ref, arguments, _ in
            let (values, indices) = try ref.tensor.sorted(
                axis: try arguments.int("dim"), descending: try arguments.bool("descending"))
            return ReturnTypeObject.valuesAndIndices(
                "sort", try .tensor(values, dtype: ref.dtype), try .tensor(indices, dtype: .int64))
        },
        "argsort": Method(sortParameters, doc: "The indices that sort the values along dim, stably.") {
            ref, arguments, _ in
            let (_, indices) = try ref.tensor.sorted(
                axis: try arguments.int("dim"), descending: try arguments.bool("descending"))
            return try .tensor(indices, dtype: .int64)
        },
        "topk": Method(
            [
                ParameterSpec("k"), ParameterSpec("dim", .int(-1)), ParameterSpec("largest", .bool(true)),
                ParameterSpec("sorted", .bool(true)),
            ],
            doc: "(values, indices) of the k largest (or smallest) values along dim, largest first; always sorted."
        ) { ref, arguments, _ in
            let (values, indices) = try ref.tensor.top(
                try arguments.int("k"), axis: try arguments.int("dim"), largest: try arguments.bool("largest"))
            return ReturnTypeObject.valuesAndIndices(
                "topk", try .tensor(values, dtype: ref.dtype), try .tensor(indices, dtype: .int64))
        },
        "flip": Method(variadic: "dims", doc: "A copy with the order along each of dims reversed: x.flip(0).") {
            ref, arguments, _ in
            try .tensor(try ref.tensor.flipped(axes: try variadicShape(arguments, "flip")), dtype: ref.dtype)
        },
        "cumsum": Method(
            [ParameterSpec("dim"), ParameterSpec("dtype", .null)],
            doc: "The running sum along dim (int64 for integers and bools)."
        ) { ref, arguments, _ in
            try .tensor(
                try ref.tensor.cumulativeSum(axis: try arguments.int("dim")),
                dtype: try requestedType(arguments, "cumsum", or: accumulated(ref.dtype)), operation: "cumsum")
        },
        "prod": Method(
            [ParameterSpec("dim", .null), ParameterSpec("keepdim", .bool(false)), ParameterSpec("dtype", .null)],
            doc: "The product of all elements, or along dim (int64 for integers and bools)."
        ) { ref, arguments, _ in
            try .tensor(
                try ref.tensor.product(axis: try arguments.optionalInt("dim"), keepDim: try arguments.bool("keepdim")),
                dtype: try requestedType(arguments, "prod", or: accumulated(ref.dtype)), operation: "prod")
        },
        "sign": Method(doc: "-1, 0 or 1 for each element by its sign (0 for NaN), of the same dtype.") { ref, _, _ in
            try .tensor(ref.tensor.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }, dtype: ref.dtype)
        },
        "square": Method(doc: "x × x for each element (int64 for integers and bools).") { ref, _, _ in
            let tensor = ref.tensor
            return try .tensor(tensor.map { $0 * $0 }, dtype: accumulated(ref.dtype), operation: "square")
        },
        "repeat": Method(variadic: "sizes", doc: "The tensor tiled sizes[d] times along each axis d: x.repeat(2, 1).") {
            ref, arguments, _ in
            try .tensor(try ref.tensor.repeated(try variadicShape(arguments, "repeat")), dtype: ref.dtype)
        },
        "expand": Method(
            variadic: "sizes", doc: "A view with axes of size 1 stretched to sizes, copying nothing; -1 keeps a size."
        ) { ref, arguments, _ in
            .tensor(try ref.expanded(to: try variadicShape(arguments, "expand"), operation: "expand"))
        },
        "expand_as": Method([ParameterSpec("other")], doc: "expand(other.size()): a view in the shape of other.") {
            ref, arguments, _ in
            .tensor(try ref.expanded(to: try shapeOf(arguments, "other", "expand_as"), operation: "expand_as"))
        },
        "view_as": Method([ParameterSpec("other")], doc: "view(other.size()): a view in the shape of other.") {
            ref, arguments, _ in
            let shape = try shapeOf(arguments, "other", "view_as")
            return .tensor(try ref.reshapedView(operation: "view_as", copying: false) { try $0.reshape(shape) })
        },
        "new_zeros": maker("new_zeros", 0),
        "new_ones": maker("new_ones", 1),
        "narrow": Method(
            [ParameterSpec("dim"), ParameterSpec("start"), ParameterSpec("length")],
            doc: "A view of length elements along dim from start: x.narrow(1, 0, 2) is x[:, 0:2]."
        ) { ref, arguments, _ in
            .tensor(
                try ref.narrowed(
                    axis: try arguments.int("dim"), start: try arguments.int("start"),
                    length: try arguments.int("length")))
        },
        "select": Method(
            [ParameterSpec("dim"), ParameterSpec("index")], doc: "A view of one index along dim, which goes away."
        ) { ref, arguments, _ in
            .tensor(try ref.selected(axis: try arguments.int("dim"), index: try arguments.int("index")))
        },
        "unique": Method(
            [
                ParameterSpec("sorted", .bool(true)), ParameterSpec("return_inverse", .bool(false)),
                ParameterSpec("return_counts", .bool(false)), ParameterSpec("dim", .null),
            ],
            doc: "The distinct values, in ascending order (always sorted), with the inverse and counts if asked for."
        ) { ref, arguments, _ in
            try TensorCounting.unique(ref, arguments)
        },
        "bincount": Method(
            [ParameterSpec("weights", .null), ParameterSpec("minlength", .int(0))],
            doc: "How often each value 0, 1, 2 … occurs in a 1-d int64 tensor (summing weights if given)."
        ) { ref, arguments, _ in
            try TensorCounting.bincount(ref, arguments)
        },
    ]
}
