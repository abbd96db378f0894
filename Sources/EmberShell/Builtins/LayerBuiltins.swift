// Constructors of layers, losses and optimizers under PyTorch's names and argument names. New
// layers draw their initial weights from the session's generator.

import Ember

enum LayerBuiltins {
    private static func layer(
        _ name: String, _ parameters: [ParameterSpec] = [], doc: String,
        _ body: @escaping (Arguments, ShellContext) throws -> any Module
    ) -> (String, Value) {
        constructor(name, parameters, doc: doc) { arguments, context in
            .object(ModuleObject(try body(arguments, context)))
        }
    }

    private static func loss(_ name: String, doc: String, _ make: @escaping () -> any Loss) -> (String, Value) {
        constructor(name, doc: doc) { _, _ in .object(LossObject(make())) }
    }

    private static let poolingParameters = [
        ParameterSpec("kernel_size", doc: "side of the square window"),
        ParameterSpec("stride", .null, doc: "step between windows (default: kernel_size)"),
        ParameterSpec("padding", .int(0), doc: "added on every side"),
    ]

    private static let normParameters = [
        ParameterSpec("num_features", doc: "C, the number of channels"),
        ParameterSpec("eps", .float(1e-5), doc: "added to the variance"),
        ParameterSpec("momentum", .float(0.1), doc: "weight of each new batch in the running statistics"),
    ]

    static func make() -> [String: Value] {
        Dictionary(
            uniqueKeysWithValues: [
                layer(
                    "Linear",
                    [
                        ParameterSpec("in_features", doc: "size of each input row"),
                        ParameterSpec("out_features", doc: "size of each output row"),
                        ParameterSpec("bias", .bool(true), doc: "whether to add a learned bias"),
                    ],
                    doc:
                        "A fully connected layer: y = x @ weight.T + bias. Input [N, in_features], output [N, out_features]. Weight [out_features, in_features] and bias start uniform in ±1/√in_features, as in PyTorch."
                ) {
                    arguments, context in
                    try Linear(
                        try arguments.int("in_features"), try arguments.int("out_features"),
                        bias: try arguments.bool("bias"), generator: context.generator)
                },
                layer(
                    "Conv2d",
                    [
                        ParameterSpec("in_channels", doc: "channels of the input"),
                        ParameterSpec("out_channels", doc: "channels of the output, one filter each"),
                        ParameterSpec("kernel_size", doc: "side of the square filters"),
                        ParameterSpec("stride", .int(1), doc: "step between filter positions"),
                        ParameterSpec("padding", .int(0), doc: "zeros added on every side"),
                        ParameterSpec("bias", .bool(true), doc: "whether to add a learned bias per output channel"),
                    ],
                    doc:
                        "A 2-D convolution over a batch of images. Input [N, in_channels, H, W], output [N, out_channels, H', W'] with H' = (H + 2·padding − kernel_size) // stride + 1. Computed as im2col plus one matrix product over the whole batch."
                ) {
                    arguments, context in
                    try Conv2d(
                        try arguments.int("in_channels"), try arguments.int("out_channels"),
                        kernelSize: try arguments.int("kernel_size"),
                        stride: try arguments.int("stride"), padding: try arguments.int("padding"),
                        bias: try arguments.bool("bias"),
                        generator: context.generator)
                },
                layer(
                    "MaxPool2d", poolingParameters,
                    doc:
                        "The maximum over each window. Input [N, C, H, W]. Backward sends each gradient to the input that won its window."
                ) {
                    arguments, _ in
                    try MaxPool2d(
                        try arguments.int("kernel_size"), stride: try arguments.optionalInt("stride"),
                        padding: try arguments.int("padding"))
                },
                layer(
                    "AvgPool2d", poolingParameters,
                    doc:
                        "The mean over each window. Input [N, C, H, W]. Backward spreads each gradient evenly over its window."
                ) {
                    arguments, _ in
                    try AvgPool2d(
                        try arguments.int("kernel_size"), stride: try arguments.optionalInt("stride"),
                        padding: try arguments.int("padding"))
                },
                layer(
                    "ReLU",
                    doc:
                        "max(x, 0), element-wise. Its gradient passes where the input was positive and is zero elsewhere."
                ) { _, _ in ReLU() },
                layer(
                    "LeakyReLU", [ParameterSpec("negative_slope", .float(0.01), doc: "slope for negative inputs")],
                    doc: "x where positive, negative_slope · x elsewhere."
                ) {
                    arguments, _ in LeakyReLU(negativeSlope: try arguments.float("negative_slope"))
                },
                layer("Sigmoid", doc: "1 / (1 + exp(-x)), element-wise; its gradient is σ(1 − σ).") { _, _ in Sigmoid()
                },
                layer("Tanh", doc: "The hyperbolic tangent, element-wise; its gradient is 1 − tanh².") { _, _ in Tanh()
                },
                layer(
                    "Softmax",
                    [ParameterSpec("dim", .null, doc: "the axis that sums to 1 (default: 1 for [N, C] input)")],
                    doc: "exp(x) / sum(exp(x)) along dim: scores to probabilities."
                ) {
                    arguments, _ in Softmax(dim: try arguments.optionalInt("dim"))
                },
                layer(
                    "LogSoftmax", [ParameterSpec("dim", .null, doc: "the axis normalised over")],
                    doc: "x − log(sum(exp(x))) along dim, computed stably; pairs with NLLLoss."
                ) {
                    arguments, _ in LogSoftmax(dim: try arguments.optionalInt("dim"))
                },
                layer(
                    "Flatten", [ParameterSpec("start_dim", .int(1)), ParameterSpec("end_dim", .int(-1))],
                    doc: "Merges axes start_dim to end_dim: [N, 20, 4, 4] becomes [N, 320]."
                ) {
                    arguments, _ in
                    Flatten(startDim: try arguments.int("start_dim"), endDim: try arguments.int("end_dim"))
                },
                layer(
                    "Dropout", [ParameterSpec("p", .float(0.5), doc: "probability of zeroing an element")],
                    doc:
                        "In training, zeroes each element with probability p and scales the rest by 1/(1 − p); in evaluation, passes everything."
                ) {
                    arguments, context in try Dropout(p: try arguments.float("p"), generator: context.generator)
                },
                layer(
                    "BatchNorm1d", normParameters,
                    doc:
                        "Batch normalisation of [N, C] or [N, C, L] input: batch statistics in training, running statistics in evaluation."
                ) {
                    arguments, _ in
                    try BatchNorm1d(
                        try arguments.int("num_features"), eps: try arguments.float("eps"),
                        momentum: try arguments.float("momentum"))
                },
                layer(
                    "BatchNorm2d", normParameters,
                    doc:
                        "Batch normalisation of [N, C, H, W] input: batch statistics in training, running statistics in evaluation."
                ) {
                    arguments, _ in
                    try BatchNorm2d(
                        try arguments.int("num_features"), eps: try arguments.float("eps"),
                        momentum: try arguments.float("momentum"))
                },
                constructor(
                    "Sequential", variadic: "layers",
                    doc:
                        "Layers applied one after another: forward in order, backward in reverse. Parameters are named 0.weight, 0.bias, …; net[i] is layer i."
                ) {
                    arguments, _ in
                    let layers = try arguments.rest.map { value -> any Module in
                        guard let module = moduleOf(value) else {
                            throw ShellError(
                                .type, "Sequential(): every argument must be a layer, not \(value.typeName)")
                        }
                        return module
                    }
                    try Sequential.checkNesting(of: layers)
                    return .object(ModuleObject(Sequential(layers)))
                },
                loss(
                    "CrossEntropyLoss",
                    doc:
                        "Cross-entropy between raw scores [N, C] and class indices [N], averaged over the batch; the log-softmax is built in."
                ) { CrossEntropyLoss() },
                loss(
                    "NLLLoss",
                    doc:
                        "Negative log-likelihood of class indices [N] under log-probabilities [N, C]; put a LogSoftmax before it."
                ) { NLLLoss() },
                loss("MSELoss", doc: "The mean of the squared differences between output and target (same shape).") {
                    MSELoss()
                },
            ] + OptimizerBuiltins.make())
    }
}

/// Optimizer constructors: the first argument is a model or a list of its parameters.
enum OptimizerBuiltins {
    private static let paramsDoc = ParameterSpec("params", doc: "a model, or net.parameters()")

    static func make() -> [(String, Value)] {
        [
            constructor(
                "SGD",
                [
                    paramsDoc, ParameterSpec("lr", .float(0.001), doc: "learning rate η"),
                    ParameterSpec("momentum", .float(0), doc: "γ"),
                    ParameterSpec("weight_decay", .float(0), doc: "L2 penalty added to the gradient"),
                ], doc: "Stochastic gradient descent with momentum: v = γ·v + η·∇θ, θ = θ − v."
            ) { arguments, _ in
                .object(
                    OptimizerObject(
                        try SGD(
                            try parameters(arguments.value("params")), learningRate: try arguments.float("lr"),
                            momentum: try arguments.float("momentum"), weightDecay: try arguments.float("weight_decay"))
                    ))
            },
            constructor(
                "Adam",
                [
                    paramsDoc, ParameterSpec("lr", .float(0.001)),
                    ParameterSpec("betas", value: .tuple([.float(0.9), .float(0.999)]), text: "(0.9, 0.999)"),
                    ParameterSpec("eps", .float(1e-8)), ParameterSpec("weight_decay", .float(0)),
                ],
                doc:
                    "Adam: steps scaled by running averages of the gradient (m) and its square (v), with bias correction, as PyTorch."
            ) {
                arguments, _ in
                let betas = try betaPair(arguments.value("betas"))
                return .object(
                    OptimizerObject(
                        try Adam(
                            try parameters(arguments.value("params")), learningRate: try arguments.float("lr"),
                            betas: betas,
                            eps: try arguments.float("eps"), weightDecay: try arguments.float("weight_decay"))))
            },
            constructor(
                "RMSprop",
                [
                    paramsDoc, ParameterSpec("lr", .float(0.01)), ParameterSpec("alpha", .float(0.99)),
                    ParameterSpec("eps", .float(1e-8)),
                    ParameterSpec("weight_decay", .float(0)), ParameterSpec("momentum", .float(0)),
                ], doc: "RMSprop: each step divided by a running root mean square of the gradient, as PyTorch."
            ) { arguments, _ in
                .object(
                    OptimizerObject(
                        try RMSprop(
                            try parameters(arguments.value("params")), learningRate: try arguments.float("lr"),
                            alpha: try arguments.float("alpha"), eps: try arguments.float("eps"),
                            weightDecay: try arguments.float("weight_decay"), momentum: try arguments.float("momentum"))
                    ))
            },
        ]
    }

    /// The parameters of a model, or of a list of parameters.
    static func parameters(_ value: Value) throws -> [Parameter] {
        switch value {
        case .object(let object as ModuleObject): return object.module.allParameters()
        case let model where moduleOf(model) != nil: return moduleOf(model)?.allParameters() ?? []
        case .list(let list):
            return try list.items.map { item in
                guard case .object(let object as ParameterObject) = item else {
                    throw ShellError(
                        .type, "optimizer params must be a model or a list of parameters, found \(item.typeName)")
                }
                return object.parameter
            }
        default:
            throw ShellError(.type, "optimizer params must be a model or a list of parameters, not \(value.typeName)")
        }
    }

    private static func betaPair(_ value: Value) throws -> (Float, Float) {
        guard case .tuple(let items) = value, items.count == 2, let a = items[0].number, let b = items[1].number else {
            throw ShellError(.type, "Adam(): betas must be a pair of numbers such as (0.9, 0.999)")
        }
        return (Float(a), Float(b))
    }
}
