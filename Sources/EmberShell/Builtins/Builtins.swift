// The table of built-in names, gathered from each family of built-ins, and the helpers that
// declare one.

import Ember

/// Every built-in name of the shell.
enum Builtins {
    /// The built-ins for one interpreter (some need to call back into it).
    static func all(for interpreter: Interpreter) -> [String: Value] {
        var table: [String: Value] = [:]
        for family in [
            CoreBuiltins.make(interpreter), TensorBuiltins.make(), LayerBuiltins.make(),
            InspectionBuiltins.make(interpreter), PictureBuiltins.make(interpreter),
            DataBuiltins.make(interpreter), LanguageBuiltins.make(interpreter), TensorDataBuiltins.make(),
            SchedulerBuiltins.make(), InputBuiltins.make(), DTypeBuiltins.make(), TensorExtraBuiltins.make(),
        ] {
            table.merge(family) { first, _ in first }
        }
        table.merge(AutogradBuiltins.make(wrapping: table)) { _, recording in recording }
        return table
    }

    /// The categories `help()` lists, in order, with the names in each.
    static let categories: [(String, [String])] = [
        (
            "Tensors",
            [
                "tensor", "zeros", "ones", "full", "eye", "arange", "linspace", "rand", "randn", "randint",
                "zeros_like", "ones_like", "randn_like", "full_like", "empty", "cat", "stack", "matmul", "mm", "exp",
                "log", "sqrt", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "seed", "set_printoptions",
            ]
        ),
        (
            "Layers",
            [
                "Linear", "Conv2d", "MaxPool2d", "AvgPool2d", "ReLU", "LeakyReLU", "Sigmoid", "Tanh",
                "Softmax", "LogSoftmax", "Flatten", "Dropout", "BatchNorm1d", "BatchNorm2d", "Sequential",
            ]
        ),
        (
            "Losses and optimizers",
            [
                "CrossEntropyLoss", "NLLLoss", "MSELoss", "SGD", "Adam", "RMSprop", "StepLR", "ExponentialLR",
                "CosineAnnealingLR", "OneCycleLR",
            ]
        ),
        (
            "Automatic differentiation",
            [
                "set_grad_enabled", "is_grad_enabled", "no_grad", "enable_grad", "where", "linear", "conv2d",
                "max_pool2d", "avg_pool2d", "dropout", "batch_norm", "cross_entropy", "nll_loss", "mse_loss", "one_hot",
            ]
        ),
        ("Classes", ["Module", "ModuleList", "ModuleDict", "Parameter", "Exception", "ValueError"]),
        ("Looking inside", ["summary", "stats", "gradcheck", "steps", "show", "hist", "plot"]),
        (
            "Data and training",
            [
                "mnist", "fashion_mnist", "split", "DataLoader", "TensorDataset", "random_split", "fit", "evaluate",
                "predict", "save", "load",
            ]
        ),
        (
            "Python",
            [
                "print", "len", "range", "type", "dir", "help", "int", "float", "str", "bool", "list",
                "tuple", "abs", "min", "max", "sum", "round", "enumerate", "zip", "sorted", "input", "exit",
                "isinstance", "issubclass", "super", "getattr", "setattr", "hasattr", "callable", "repr", "map",
                "filter", "reversed", "any", "all", "set", "dict", "slice", "Ellipsis",
            ]
        ),
    ]
}

/// A built-in function.
func builtin(
    _ name: String, _ parameters: [ParameterSpec] = [], variadic: String? = nil, doc: String,
    _ body: @escaping (Arguments, ShellContext) throws -> Value
) -> (String, Value) {
    (name, .function(Callable(name, signature: Signature(parameters, variadic: variadic), doc: doc, body: body)))
}

/// A constructor of a layer, loss or optimizer (`type()` calls it a class).
func constructor(
    _ name: String, _ parameters: [ParameterSpec] = [], variadic: String? = nil, doc: String,
    _ body: @escaping (Arguments, ShellContext) throws -> Value
) -> (String, Value) {
    (
        name,
        .function(
            Callable(
                name, kind: .constructor, signature: Signature(parameters, variadic: variadic), doc: doc, body: body))
    )
}
