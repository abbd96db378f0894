// A layer or model as the shell shows it: callable (`net(x)`), with PyTorch's methods
// (`forward`, `backward`, `parameters`, `zero_grad`, `train`, `eval`), its hyper-parameters as
// attributes, and the last values that went through it (`input`, `output`, `grad_output`,
// `grad_input`), so that every tensor of a pass can be looked at.

import Ember

/// A module seen from the shell.
final class ModuleObject: ShellObject {
    let module: any Module

    init(_ module: any Module) {
        self.module = module
    }

    var typeName: String { module.typeName }

    /// Runs forward and records it in the module's trace.
    func forward(_ input: Tensor) throws -> Tensor {
        let output = try module.forward(input)
        module.trace.input = input
        module.trace.output = output
        return output
    }

    /// Runs backward and records it in the module's trace.
    func backward(_ gradOutput: Tensor) throws -> Tensor {
        let gradInput = try module.backward(gradOutput)
        module.trace.gradOutput = gradOutput
        module.trace.gradInput = gradInput
        return gradInput
    }

    private static let methods = MethodTable<ModuleObject>(
        "Module",
        [
            "forward": Method(
                [ParameterSpec("input")], doc: "Computes the output for input and keeps what backward needs."
            ) {
                object, arguments, _ in .tensor(try object.forward(try arguments.tensor("input")))
            },
            "backward": Method(
                [ParameterSpec("grad_output")],
                doc: "Given dLoss/dOutput, returns dLoss/dInput and adds into every parameter's .grad."
            ) {
                object, arguments, _ in .tensor(try object.backward(try arguments.tensor("grad_output")))
            },
            "parameters": Method(doc: "The learnable tensors, in order.") { object, _, _ in
                .list(ListStorage(object.module.allParameters().map { .object(ParameterObject($0)) }))
            },
            "named_parameters": Method(doc: "(name, parameter) pairs with state-dict names such as 0.weight.") {
                object, _, _ in
                .list(
                    ListStorage(
                        object.module.namedParameters().map {
                            .tuple([.string($0.name), .object(ParameterObject($0.parameter))])
                        }))
            },
            "zero_grad": Method(doc: "Sets every parameter's gradient to zero (gradients accumulate until then).") {
                object, _, _ in
                object.module.zeroGrad()
                return .none
            },
            "train": Method(doc: "Training mode: dropout drops, batch norm uses batch statistics.") { object, _, _ in
                object.module.train()
                return .object(object)
            },
            "eval": Method(doc: "Evaluation mode: dropout passes everything, batch norm uses running statistics.") {
                object, _, _ in
                object.module.eval()
                return .object(object)
            },
            "num_parameters": Method(doc: "The number of learnable values.") { object, _, _ in
                .int(object.module.parameterCount)
            },
        ])

    private static let sequentialMethods = MethodTable<ModuleObject>(
        "Sequential",
        [
            "append": Method([ParameterSpec("module")], doc: "Adds a layer at the end.") { object, arguments, _ in
                guard let sequential = object.module as? Sequential else { return .none }
                let layer = try arguments.module("module")
                try checkContainable(layer, in: sequential)
                try sequential.append(layer)
                return .object(object)
            }
        ])

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        if let method = ModuleObject.methods.bind(name, to: self) { return method }
        if let method = StateDict.method(name, for: module) { return method }
        if module is Sequential, let method = ModuleObject.sequentialMethods.bind(name, to: self) { return method }
        switch name {
        case "training": return .bool(module.isTraining)
        case "input": return module.trace.input.map(Value.tensor) ?? .none
        case "output": return module.trace.output.map(Value.tensor) ?? .none
        case "grad_output": return module.trace.gradOutput.map(Value.tensor) ?? .none
        case "grad_input": return module.trace.gradInput.map(Value.tensor) ?? .none
        default: return ModuleProperties.value(of: module, name)
        }
    }

    var attributeNames: [String] {
        ModuleObject.methods.names + (module is Sequential ? ModuleObject.sequentialMethods.names : [])
            + ["training", "input", "output", "grad_output", "grad_input"] + ModuleProperties.names(of: module)
    }

    func render(in context: ShellContext) -> String {
        ModelPrintout.render(module, options: context.printOptions)
    }

    var length: Int? { (module as? Sequential)?.layers.count }

    func iterate(in context: ShellContext) throws -> AnyIterator<Value>? {
        guard let sequential = module as? Sequential else { return nil }
        return AnyIterator(sequential.layers.map(moduleValue).makeIterator())
    }

    func item(at keys: [SubscriptKey], in context: ShellContext) throws -> Value {
        guard let sequential = module as? Sequential else {
            throw ShellError(.type, "'\(typeName)' object is not subscriptable")
        }
        guard keys.count == 1 else { throw ShellError(.type, "Sequential takes one index") }
        switch keys[0] {
        case .index(.int(let i)):
            return moduleValue(try sequential.layer(at: i))
        case .slice(let start, let end, let step):
            let positions = try sliceSelection(count: sequential.layers.count, start: start, end: end, step: step)
            return .object(ModuleObject(Sequential(positions.map { sequential.layers[$0] })))
        case .index(let other):
            throw ShellError(.type, "Sequential indices must be integers or slices, not \(other.typeName)")
        }
    }

    func call(_ arguments: [Value], keywords: [(String, Value)], in context: ShellContext) throws -> Value? {
        let bound = try Arguments(
            binding: arguments, keywords: keywords, to: Signature([ParameterSpec("input")]), of: typeName)
        if let recorded = try record(bound.value("input")) { return recorded }
        return .tensor(try forward(try bound.tensor("input")))
    }
}
