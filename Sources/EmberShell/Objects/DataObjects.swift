// Datasets and data loaders as the shell shows them: `len(ds)`, `ds[i]` as (image, label),
// `ds[0:8000]` as a subset sharing the pixels, and `for x, y in loader:` over batches.

import Ember

/// A dataset seen from the shell.
final class DatasetObject: ShellObject {
    let dataset: any Dataset

    init(_ dataset: any Dataset) {
        self.dataset = dataset
    }

    var typeName: String { "Dataset" }
    var length: Int? { dataset.count }
    var attributeNames: [String] { ["classes", "shape"] }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        switch name {
        case "classes": return .list(ListStorage(dataset.classNames.map(Value.string)))
        case "shape": return TensorMethods.shapeValue(dataset.imageShape)
        default: return nil
        }
    }

    func render(in context: ShellContext) -> String { dataset.description }

    /// `(image, label)` for item `index`.
    func pair(_ index: Int) throws -> Value {
        // As in PyTorch, a TensorDataset's items are rows of its tensors, targets included.
        if let tensors = dataset as? TensorDataset {
            let (input, target) = try tensors.tensors(at: index)
            return .tuple([
                .tensor(TensorRef(input, dtype: tensors.types.inputs)),
                .tensor(TensorRef(target, dtype: tensors.types.targets)),
            ])
        }
        let (image, label) = try dataset.item(at: index)
        return .tuple([.tensor(image), .int(label)])
    }

    func item(at keys: [SubscriptKey], in context: ShellContext) throws -> Value {
        guard keys.count == 1 else { throw ShellError(.type, "a dataset takes one index or slice") }
        switch keys[0] {
        case .index(.int(let i)):
            return try pair(i)
        case .slice(let start, let end, let step):
            let positions = try sliceSelection(count: dataset.count, start: start, end: end, step: step)
            return .object(DatasetObject(try dataset.subsetOfAny(indices: positions)))
        case .index(let other):
            throw ShellError(.type, "dataset indices must be integers or slices, not \(other.typeName)")
        }
    }

    func iterate(in context: ShellContext) throws -> AnyIterator<Value>? {
        var index = 0
        return AnyIterator { [self] in
            guard index < dataset.count else { return nil }
            defer { index += 1 }
            return try? pair(index)
        }
    }
}

extension Dataset {
    /// A subset whose type is erased, for callers that hold `any Dataset`.
    func subsetOfAny(indices: [Int]) throws -> any Dataset {
        try subset(indices: indices)
    }
}

/// A data loader seen from the shell: iterable over (images, labels) batches.
final class LoaderObject: ShellObject {
    let loader: DataLoader

    init(_ loader: DataLoader) {
        self.loader = loader
    }

    var typeName: String { "DataLoader" }
    var length: Int? { loader.count }
    var attributeNames: [String] { ["batch_size", "dataset", "shuffle", "drop_last"] }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        switch name {
        case "batch_size": return .int(loader.batchSize)
        case "dataset": return .object(DatasetObject(loader.dataset))
        case "shuffle": return .bool(loader.shuffle)
        case "drop_last": return .bool(loader.dropLast)
        default: return nil
        }
    }

    func render(in context: ShellContext) -> String {
        "DataLoader: \(loader.count) batches of \(loader.batchSize)\(loader.shuffle ? ", shuffled" : "") over \(loader.dataset)"
    }

    func iterate(in context: ShellContext) throws -> AnyIterator<Value>? {
        var iterator = loader.makeIterator()
        // Labels of a labelled dataset are class indices: int64, as PyTorch collates them.
        let types = (loader.dataset as? TensorDataset)?.types ?? (.float32, .int64)
        return AnyIterator {
            // A dataset error ends the loop; the interpreter reports nothing silently lost,
            // because batches come from memory and fail only on a broken dataset.
            guard let batch = try? iterator.nextBatch() else { return nil }
            return .tuple([
                .tensor(TensorRef(batch.images, dtype: types.inputs)),
                .tensor(TensorRef(batch.labels, dtype: types.targets)),
            ])
        }
    }
}
