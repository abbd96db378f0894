// `TensorDataset` and `random_split` (PyTorch's `torch.utils.data`), over tensors in memory and
// over any dataset.

import Ember

enum TensorDataBuiltins {
    static func make() -> [String: Value] {
        Dictionary(uniqueKeysWithValues: [
            constructor(
                "TensorDataset", [ParameterSpec("inputs"), ParameterSpec("targets")],
                doc:
                    "A dataset whose item i is (inputs[i], targets[i]): TensorDataset(x, y) with x [N, …] and y [N] class indices (or [N, …] values); DataLoader, fit and evaluate take it."
            ) { arguments, _ in
                var dataset = try TensorDataset(
                    inputs: try arguments.tensor("inputs"), targets: try arguments.tensor("targets"))
                dataset.types = (
                    arguments.value("inputs").dtype ?? .float32, arguments.value("targets").dtype ?? .float32
                )
                return .object(DatasetObject(dataset))
            },
            builtin(
                "random_split", [ParameterSpec("dataset"), ParameterSpec("lengths"), ParameterSpec("seed", .null)],
                doc:
                    "Disjoint random parts of a dataset, of the given lengths (which add up to its size) or fractions (which add up to 1): train, val = random_split(ds, [0.8, 0.2])."
            ) { arguments, context in
                let dataset = try DataBuiltins.datasetArgument(arguments.value("dataset"), "random_split")
                let sizes = try partSizes(arguments.value("lengths"), total: dataset.count)
                let seed =
                    try arguments.optionalInt("seed").map { UInt64(bitPattern: Int64($0)) }
                    ?? context.generator.nextUInt64()
                let order = Generator(seed: seed).permutation(dataset.count)
                var start = 0
                var parts: [Value] = []
                for size in sizes {
                    parts.append(
                        .object(DatasetObject(try dataset.subsetOfAny(indices: Array(order[start..<(start + size)])))))
                    start += size
                }
                return .list(ListStorage(parts))
            },
        ])
    }

    /// The size of each part: lengths as given, or fractions of `total` rounded down with the
    /// remainder dealt one by one from the first part, as PyTorch does.
    static func partSizes(_ lengths: Value, total: Int) throws -> [Int] {
        let items: [Value]
        switch lengths {
        case .list(let list): items = list.items
        case .tuple(let tuple): items = tuple
        default: throw ShellError(.type, "random_split(): lengths must be a list, not \(lengths.typeName)")
        }
        if items.allSatisfy({ if case .int = $0 { return true } else { return false } }) {
            let sizes = items.map(\.intValue)
            guard sizes.allSatisfy({ $0 >= 0 && $0 <= total }), sizes.reduce(0, &+) == total else {
                throw ShellError(
                    .value, "random_split(): the lengths add up to \(sizes.reduce(0, &+)), not the dataset's \(total)")
            }
            return sizes
        }
        let fractions = try items.map { item -> Double in
            guard let number = item.number, number >= 0, number <= 1 else {
                throw ShellError(.value, "random_split(): each fraction must be between 0 and 1")
            }
            return number
        }
        guard abs(fractions.reduce(0, +) - 1) < 1e-6 else {
            throw ShellError(.value, "random_split(): the fractions must add up to 1")
        }
        var sizes = fractions.map { Int(($0 * Double(total)).rounded(.down)) }
        var remainder = total - sizes.reduce(0, +)
        // Fractions that add up to a hair over 1 can round to one item too many.
        for index in sizes.indices.reversed() where remainder < 0 && sizes[index] > 0 {
            sizes[index] -= 1
            remainder += 1
        }
        var index = 0
        while remainder > 0, !sizes.isEmpty {
            sizes[index % sizes.count] += 1
            remainder -= 1
            index += 1
        }
        return sizes
    }
}
