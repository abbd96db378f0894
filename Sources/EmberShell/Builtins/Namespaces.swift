// `torch`, `torch.nn`, `torch.optim` and `torch.nn.functional` as namespaces over the built-ins,
// so that PyTorch code (`import torch.nn as nn; nn.Linear(4, 2)`) runs unchanged in the shell.

import Ember

/// A module-like object whose attributes are built-ins.
final class NamespaceObject: ShellObject {
    let name: String
    let members: [String: Value]

    init(name: String, members: [String: Value]) {
        self.name = name
        self.members = members
    }

    var typeName: String { "module" }
    func attribute(_ name: String, in context: ShellContext) throws -> Value? { members[name] }
    var attributeNames: [String] { members.keys.sorted() }
    func render(in context: ShellContext) -> String { "<module '\(name)'>" }
}

enum Namespaces {
    private static let functional = [
        "relu", "sigmoid", "tanh", "softmax", "log_softmax", "linear", "conv2d", "max_pool2d", "avg_pool2d",
        "dropout", "cross_entropy", "nll_loss", "mse_loss", "batch_norm", "one_hot",
    ]
    private static let optim = ["SGD", "Adam", "RMSprop"]
    private static let schedulers = ["StepLR", "ExponentialLR", "CosineAnnealingLR", "OneCycleLR"]
    private static let data = ["TensorDataset", "DataLoader", "random_split", "Dataset"]
    private static let nn = [
        "Linear", "Conv2d", "MaxPool2d", "AvgPool2d", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax",
        "LogSoftmax", "Flatten", "Dropout", "BatchNorm1d", "BatchNorm2d", "Sequential", "CrossEntropyLoss",
        "NLLLoss", "MSELoss", "Module", "ModuleList", "ModuleDict", "Parameter",
    ]
    private static let torch = [
        "tensor", "zeros", "ones", "full", "eye", "arange", "linspace", "rand", "randn", "randint",
        "zeros_like", "ones_like", "randn_like", "cat", "stack", "matmul", "exp", "log", "sqrt", "relu", "sigmoid",
        "tanh", "softmax", "log_softmax", "set_printoptions", "abs", "where", "set_grad_enabled", "is_grad_enabled",
        "no_grad", "enable_grad", "linear", "conv2d", "max_pool2d", "avg_pool2d", "dropout", "cross_entropy",
        "nll_loss", "mse_loss", "full_like", "empty", "mm",
    ]

    /// The namespace or member a dotted import names, or nil, over the built-ins of
    /// `interpreter` (whose attribute lookup the function forms of tensor methods call).
    static func resolve(_ path: String, for interpreter: Interpreter) -> Value? {
        let builtins = interpreter.builtins
        func pick(_ names: [String]) -> [String: Value] {
            Dictionary(uniqueKeysWithValues: names.compactMap { name in builtins[name].map { (name, $0) } })
        }
        let functionalSpace = NamespaceObject(name: "torch.nn.functional", members: pick(functional))
        var nnMembers = pick(nn)
        nnMembers["functional"] = .object(functionalSpace)
        let nnSpace = NamespaceObject(name: "torch.nn", members: nnMembers)
        let schedulerSpace = NamespaceObject(name: "torch.optim.lr_scheduler", members: pick(schedulers))
        var optimMembers = pick(optim)
        optimMembers["lr_scheduler"] = .object(schedulerSpace)
        let optimSpace = NamespaceObject(name: "torch.optim", members: optimMembers)
        let dataSpace = NamespaceObject(name: "torch.utils.data", members: pick(data))
        let utilsSpace = NamespaceObject(name: "torch.utils", members: ["data": .object(dataSpace)])
        var torchMembers = pick(torch)
        torchMembers["nn"] = .object(nnSpace)
        torchMembers["optim"] = .object(optimSpace)
        torchMembers["utils"] = .object(utilsSpace)
        let onnxSpace = NamespaceObject(name: "torch.onnx", members: ExportBuiltins.onnxMembers())
        torchMembers["onnx"] = .object(onnxSpace)
        torchMembers["manual_seed"] = builtins["seed"]
        torchMembers.merge(StateDict.torchMembers()) { _, saved in saved }
        torchMembers["Tensor"] = builtins["Tensor"]
        torchMembers.merge(DTypeBuiltins.torchMembers()) { _, dtype in dtype }
        torchMembers.merge(TorchFunctions.make(interpreter, besides: torchMembers)) { existing, _ in existing }
        let spaces: [String: NamespaceObject] = [
            "torch": NamespaceObject(name: "torch", members: torchMembers), "torch.nn": nnSpace,
            "torch.optim": optimSpace, "torch.nn.functional": functionalSpace, "torch.onnx": onnxSpace,
            "torch.optim.lr_scheduler": schedulerSpace, "torch.utils": utilsSpace, "torch.utils.data": dataSpace,
        ]
        if let space = spaces[path] { return .object(space) }
        guard let dot = path.lastIndex(of: "."), let parent = spaces[String(path[..<dot])] else { return nil }
        return parent.members[String(path[path.index(after: dot)...])]
    }
}
