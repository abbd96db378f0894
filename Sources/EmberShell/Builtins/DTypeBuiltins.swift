// The names of element types (`torch.float32`, `torch.long`, `torch.bool` …) and `Ellipsis`.
// The types live in the torch namespace only: `float`, `int` and `bool` alone stay Python's.

import Ember

enum DTypeBuiltins {
    /// The global names: `Ellipsis`, which `...` also gives.
    static func make() -> [String: Value] {
        ["Ellipsis": .object(EllipsisObject.shared)]
    }

    /// The dtype names of the torch namespace, under each of PyTorch's spellings.
    static func torchMembers() -> [String: Value] {
        let spellings: [(String, DType)] = [
            ("float32", .float32), ("float", .float32), ("int64", .int64), ("long", .int64), ("bool", .bool),
        ]
        return Dictionary(uniqueKeysWithValues: spellings.map { ($0.0, Value.object(DTypeObject.of($0.1))) })
    }
}
