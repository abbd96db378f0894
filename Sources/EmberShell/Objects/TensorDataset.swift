// PyTorch's `TensorDataset(x, y)`: a dataset over tensors already in memory, item i being row i
// of each; a list of (input, target) pairs becomes one too, so `DataLoader`, `fit`, `evaluate`
// and `random_split` take them as they take MNIST.

import Ember

/// Inputs and targets held as two tensors with the same first axis.
struct TensorDataset: Dataset {
    /// The inputs, `[N, …]`.
    let inputs: Tensor
    /// The targets, `[N]` (class indices) or `[N, …]` (values to regress).
    let targets: Tensor
    /// The rows of the tensors this dataset holds, in order.
    let rows: [Int]
    /// "0", "1" … up to the largest label, when the targets are class indices.
    let classNames: [String]
    /// The element types of the inputs and targets, which their rows and batches keep.
    var types: (inputs: DType, targets: DType) = (.float32, .float32)

    /// A dataset of the rows of `inputs` and `targets`, which must have as many rows.
    init(inputs: Tensor, targets: Tensor) throws {
        guard let count = inputs.shape.first, targets.shape.first == count else {
            throw ShellError(
                .value,
                "TensorDataset(): the tensors must have the same first size, not \(formatShape(inputs.shape)) and \(formatShape(targets.shape))"
            )
        }
        self.inputs = inputs
        self.targets = targets
        rows = Array(0..<count)
        let integral = targets.rank == 1 && targets.scalars.allSatisfy { $0 >= 0 && $0 < 100_000 && $0.rounded() == $0 }
        let largest = integral ? Int(targets.scalars.max() ?? -1) : -1
        classNames = largest >= 0 ? (0...largest).map(String.init) : []
    }

    private init(_ other: TensorDataset, rows: [Int]) {
        inputs = other.inputs
        targets = other.targets
        self.rows = rows
        classNames = other.classNames
        types = other.types
    }

    /// A dataset of `(input, target)` pairs of tensors or numbers, stacked.
    init(pairs: [Value]) throws {
        var inputs: [Tensor] = []
        var targets: [Tensor] = []
        var targetValues: [Value] = []
        var inputValues: [Value] = []
        for pair in pairs {
            guard case .tuple(let items) = pair, items.count == 2 else {
                throw ShellError(.type, "a dataset from a list needs (input, target) pairs, not \(pair.typeName)")
            }
            inputs.append(try tensorOperand(for: items[0]))
            targets.append(try tensorOperand(for: items[1]))
            inputValues.append(items[0])
            targetValues.append(items[1])
        }
        guard !inputs.isEmpty else { throw ShellError(.value, "a dataset from a list needs at least one pair") }
        try self.init(inputs: try Tensor.stack(inputs, axis: 0), targets: try Tensor.stack(targets, axis: 0))
        // Python ints as targets are class indices, int64 as in PyTorch's default collation.
        types = (
            TensorBuiltins.inferredDType(of: .list(ListStorage(inputValues))),
            TensorBuiltins.inferredDType(of: .list(ListStorage(targetValues)))
        )
    }

    /// The items of a user dataset (a class with `__len__` and `__getitem__` giving
    /// `(input, target)`), read once, in order.
    init(items dataset: InstanceObject) throws {
        guard let count = try dataset.specialLength(), dataset.type.lookup("__getitem__") != nil,
            let context = dataset.type.interpreter?.context
        else {
            throw ShellError(
                .type,
                "a \(dataset.type.name) is not a dataset: it needs __len__ and __getitem__ giving (input, target)")
        }
        try self.init(
            pairs: try (0..<count).map { index in
                try context.checkInterrupt()
                return try dataset.callSpecial("__getitem__", [.int(index)], in: context) ?? .none
            })
    }

    var count: Int { rows.count }
    var imageShape: [Int] { Array(inputs.shape.dropFirst()) }

    var description: String {
        "TensorDataset: \(count) items, inputs \(formatShape(imageShape)), targets \(formatShape(Array(targets.shape.dropFirst())))"
    }

    /// The input and target tensors of item `index`.
    func tensors(at index: Int) throws -> (Tensor, Tensor) {
        let row = rows[try checkedIndex(index)]
        return (try inputs.select(axis: 0, index: row), try targets.select(axis: 0, index: row))
    }

    private func checkedIndex(_ index: Int) throws -> Int {
        let position = index < 0 ? index + count : index
        guard rows.indices.contains(position) else {
            throw EmberError.indexOutOfRange(operation: "TensorDataset", index: index, axis: 0, size: count)
        }
        return position
    }

    func item(at index: Int) throws -> (image: Tensor, label: Int) {
        let (input, target) = try tensors(at: index)
        guard target.count == 1, let value = target.scalars.first, value.isFinite, abs(value) < 1e15 else {
            throw ShellError(.value, "TensorDataset: item \(index) has a target that is not a class index")
        }
        return (input, Int(value))
    }

    func batch(_ indices: [Int]) throws -> (images: Tensor, labels: Tensor) {
        let picked = try indices.map { rows[try checkedIndex($0)] }
        return (try gather(inputs, picked), try gather(targets, picked))
    }

    /// The rows `picked` of `tensor`, stacked along a new first axis.
    private func gather(_ tensor: Tensor, _ picked: [Int]) throws -> Tensor {
        let width = tensor.shape.dropFirst().reduce(1, *)
        var scalars: [Float] = []
        scalars.reserveCapacity(picked.count * width)
        for row in picked { scalars += tensor.scalars[(row * width)..<((row + 1) * width)] }
        return try Tensor(shape: [picked.count] + tensor.shape.dropFirst(), scalars: scalars)
    }

    func subset(indices: [Int]) throws -> TensorDataset {
        TensorDataset(self, rows: try indices.map { rows[try checkedIndex($0)] })
    }
}
