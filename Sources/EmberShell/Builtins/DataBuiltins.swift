// Built-ins for data, training and checkpoints: `mnist`, `fashion_mnist`, `split`,
// `DataLoader`, `fit`, `evaluate`, `predict`, `save` and `load`.

import Ember

enum DataBuiltins {
    private static let datasetParameters = [
        ParameterSpec("split", .string("train"), doc: "'train' (60,000 images) or 'test' (10,000)"),
        ParameterSpec("path", .null, doc: "a folder holding the four IDX files (.gz or not)"),
        ParameterSpec("download", .bool(true), doc: "whether to download the files when they are nowhere else"),
        ParameterSpec("normalize", .null, doc: "(mean, std) applied to the pixels, which start in [0, 1]"),
    ]

    static func make(_ interpreter: Interpreter) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: [
            builtin(
                "mnist", datasetParameters,
                doc:
                    "The MNIST handwritten digits, 1×28×28 images with labels 0–9. Looks in path, $EMBER_DATA/mnist, ~/.cache/ember/mnist, then downloads (checking the published MD5)."
            ) {
                arguments, context in try loadDataset(arguments, context, fashion: false)
            },
            builtin(
                "fashion_mnist", datasetParameters,
                doc:
                    "Fashion-MNIST, 1×28×28 images of ten kinds of clothing. Looks in path, $EMBER_DATA/fashion-mnist, ~/.cache/ember/fashion-mnist, /usr/share/datasets/fashion-mnist, then downloads."
            ) {
                arguments, context in try loadDataset(arguments, context, fashion: true)
            },
            builtin(
                "split", [ParameterSpec("dataset"), ParameterSpec("fraction"), ParameterSpec("seed", .null)],
                doc:
                    "Two disjoint random subsets, the first with fraction of the items: train, val = split(ds, 0.8, seed=0)."
            ) {
                arguments, context in
                let dataset = try datasetArgument(arguments.value("dataset"), "split")
                let seed =
                    try arguments.optionalInt("seed").map { UInt64(bitPattern: Int64($0)) }
                    ?? context.generator.nextUInt64()
                let (first, second) = try dataset.split(fraction: try arguments.double("fraction"), seed: seed)
                return .tuple([.object(DatasetObject(first)), .object(DatasetObject(second))])
            },
            constructor(
                "DataLoader",
                [
                    ParameterSpec("dataset"), ParameterSpec("batch_size", .int(64)),
                    ParameterSpec("shuffle", .bool(false)),
                    ParameterSpec("seed", .null, doc: "fixes the order of every epoch (by default drawn from seed())"),
                    ParameterSpec("drop_last", .bool(false)),
                ],
                doc:
                    "Batches of a dataset, reshuffled each epoch when shuffle=True: for x, y in DataLoader(ds, batch_size=64, shuffle=True): ..."
            ) {
                arguments, context in .object(LoaderObject(try makeLoader(arguments, context)))
            },
            builtin(
                "fit",
                [
                    ParameterSpec("model"), ParameterSpec("data", doc: "a dataset or a DataLoader"),
                    ParameterSpec("loss", .null, doc: "default CrossEntropyLoss()"),
                    ParameterSpec("opt", .null, doc: "default SGD(model, lr=0.05, momentum=0.9), the tutorial's"),
                    ParameterSpec("epochs", .int(1)),
                    ParameterSpec("batch_size", .int(64), doc: "when data is a dataset (shuffled)"),
                    ParameterSpec("val", .null, doc: "a dataset evaluated after each epoch"),
                ],
                doc:
                    "Trains model on data: forward, loss, backward and step for every batch, with a progress bar. Ctrl-C stops after the current batch and keeps the history. Returns the history: plot(h) draws it."
            ) {
                arguments, context in try train(arguments, context)
            },
            builtin(
                "evaluate", [ParameterSpec("model"), ParameterSpec("data"), ParameterSpec("loss", .null)],
                doc: "Accuracy, mean loss and the confusion matrix of model on a dataset (in evaluation mode)."
            ) {
                arguments, _ in
                let loss = arguments.has("loss") ? try arguments.loss("loss") : nil
                let data = try datasetArgument(arguments.value("data"), "evaluate")
                return .object(
                    EvaluationObject(try evaluate(model: try arguments.module("model"), data: data, loss: loss)))
            },
            builtin(
                "predict", [ParameterSpec("model"), ParameterSpec("image"), ParameterSpec("classes", .null)],
                doc:
                    "The predicted class of one image and the ten probabilities, drawn beside the image. image may be a dataset item (image, label)."
            ) {
                arguments, _ in
                var value = arguments.value("image")
                var truth: String?
                if case .tuple(let pair) = value, pair.count == 2 {
                    value = pair[0]
                    truth = interpreter.str(pair[1])
                }
                guard let image = value.tensorValue else {
                    throw ShellError(
                        .type, "predict(): image must be a tensor or an (image, label) pair, not \(value.typeName)")
                }
                let names =
                    arguments.has("classes")
                    ? try interpreter.collect(arguments.value("classes")).map(interpreter.str)
                    : nil
                // A label that is a class index reads better as the class's name.
                if let names, let index = truth.flatMap({ Int($0) }), names.indices.contains(index) {
                    truth = names[index]
                }
                let prediction = try predict(model: try arguments.module("model"), image: image, classNames: names)
                return .object(PredictionObject(prediction, image: image, classNames: names, truth: truth))
            },
            builtin(
                "save", [ParameterSpec("obj"), ParameterSpec("path")],
                doc:
                    "Saves a model's parameters as safetensors (readable by PyTorch), an optimizer's state (to resume training exactly) as safetensors, or a tensor as NumPy's .npy. The file is written whole or not at all."
            ) {
                arguments, context in
                let path = try arguments.string("path")
                if let tensor = arguments.value("obj").tensorValue {
                    try save(tensor, to: path)
                } else if case .object(let object as OptimizerObject) = arguments.value("obj") {
                    try save(object.optimizer, to: path)
                } else {
                    try save(try arguments.module("obj"), to: path)
                }
                context.writeLine("saved \(path)")
                return .none
            },
            builtin(
                "load", [ParameterSpec("obj"), ParameterSpec("path", .null), ParameterSpec("strict", .bool(true))],
                doc:
                    "load(net, 'cnn.safetensors') loads parameters into net (the model is unchanged if anything does not match); load(opt, 'opt.safetensors') restores an optimizer's state; load('x.npy') returns a tensor. PyTorch's names load too, a prefix such as 'features.' set aside; strict=False loads what matches and says what did not."
            ) {
                arguments, context in
                if case .string(let path) = arguments.value("obj") { return .tensor(try loadTensor(from: path)) }
                let path = try arguments.string("path")
                if case .object(let object as OptimizerObject) = arguments.value("obj") {
                    try load(into: object.optimizer, from: path)
                    return .none
                }
                let report = try load(
                    into: try arguments.module("obj"), from: path, strict: try arguments.bool("strict"))
                if !report.isExact { context.writeLine("loaded \(path): \(report)") }
                return .none
            },
        ])
    }

    private static func loadDataset(_ arguments: Arguments, _ context: ShellContext, fashion: Bool) throws -> Value {
        let splitName = try arguments.string("split")
        guard let split = DatasetSplit(rawValue: splitName) else {
            throw ShellError(
                .value, "\(fashion ? "fashion_mnist" : "mnist")(): split must be 'train' or 'test', not '\(splitName)'")
        }
        var normalize: (mean: Float, std: Float)?
        if arguments.has("normalize") {
            guard case .tuple(let pair) = arguments.value("normalize"), pair.count == 2, let mean = pair[0].number,
                let std = pair[1].number
            else {
                throw ShellError(.type, "normalize must be a pair (mean, std), such as (0.1307, 0.3081)")
            }
            normalize = (Float(mean), Float(std))
        }
        let path = arguments.has("path") ? try arguments.string("path") : nil
        let progress = DownloadProgressPrinter(context: context)
        let dataset =
            fashion
            ? try Datasets.fashionMNIST(
                split: split, path: path, download: try arguments.bool("download"), normalize: normalize,
                progress: progress.report)
            : try Datasets.mnist(
                split: split, path: path, download: try arguments.bool("download"), normalize: normalize,
                progress: progress.report)
        return .object(DatasetObject(dataset))
    }

    /// The dataset a value holds (a dataset object), or an error naming the function.
    static func datasetArgument(_ value: Value, _ function: String) throws -> any Dataset {
        if case .list(let pairs) = value { return try TensorDataset(pairs: pairs.items) }
        if case .object(let instance as InstanceObject) = value { return try TensorDataset(items: instance) }
        // A loader stands for its dataset where the batches are made anew (evaluate, split).
        if case .object(let object as LoaderObject) = value { return object.loader.dataset }
        guard case .object(let object as DatasetObject) = value else {
            throw ShellError(.type, "\(function)(): expected a dataset such as mnist('test'), not \(value.typeName)")
        }
        return object.dataset
    }

    private static func makeLoader(_ arguments: Arguments, _ context: ShellContext) throws -> DataLoader {
        let seed =
            try arguments.optionalInt("seed").map { UInt64(bitPattern: Int64($0)) } ?? context.generator.nextUInt64()
        return try DataLoader(
            try datasetArgument(arguments.value("dataset"), "DataLoader"), batchSize: try arguments.int("batch_size"),
            shuffle: try arguments.bool("shuffle"), seed: seed, dropLast: try arguments.bool("drop_last"))
    }

    private static func train(_ arguments: Arguments, _ context: ShellContext) throws -> Value {
        let model = try arguments.module("model")
        let loader: DataLoader
        switch arguments.value("data") {
        case .object(let object as LoaderObject): loader = object.loader
        case let other:
            let dataset = try datasetArgument(other, "fit")
            loader = try DataLoader(
                dataset, batchSize: try arguments.int("batch_size"), shuffle: true, seed: context.generator.nextUInt64()
            )
        }
        let loss = arguments.has("loss") ? try arguments.loss("loss") : CrossEntropyLoss()
        let optimizer: any Optimizer
        if case .object(let object as OptimizerObject) = arguments.value("opt") {
            optimizer = object.optimizer
        } else if arguments.has("opt") {
            throw ShellError(
                .type,
                "fit(): opt must be an optimizer such as SGD(net, lr=0.05), not \(arguments.value("opt").typeName)")
        } else {
            optimizer = try SGD(model.allParameters(), learningRate: 0.05, momentum: 0.9)
        }
        let validation = arguments.has("val") ? try datasetArgument(arguments.value("val"), "fit") : nil
        let observer = ProgressPrinter(context: context)
        let history = try fit(
            model: model, data: loader, loss: loss, optimizer: optimizer, epochs: try arguments.int("epochs"),
            validation: validation, observer: observer, shouldStop: { context.interrupt.isRaised })
        observer.finish(history)
        return .object(HistoryObject(history))
    }
}
