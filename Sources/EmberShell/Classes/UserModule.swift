// A user class deriving `Module` is a module: its instances conform to the library's `Module`
// protocol, whose forward and backward call the class's `forward(self, x)` and
// `backward(self, grad)` through the interpreter. The layers, parameters and modules assigned
// to `self` are its parameters and children, in assignment order, as PyTorch's `__setattr__`
// registers them; so `parameters()`, `named_parameters()` (`conv1.weight`), `zero_grad()`,
// `train()`, `save`, `fit`, `gradcheck` and the printout work on it as on any layer.

import Ember

extension InstanceObject: Module {
    /// The parameters assigned to `self`, in assignment order.
    var parameters: [Parameter] {
        fieldNames.compactMap { name in
            guard case .object(let object as ParameterObject)? = fields[name] else { return nil }
            return object.parameter
        }
    }

    /// The modules assigned to `self`, under their attribute names.
    var children: [(name: String, module: any Module)] {
        fieldNames.compactMap { name in
            guard let field = fields[name], let module = moduleOf(field) else { return nil }
            return (name, module)
        }
    }

    /// Runs the class's `forward(self, x)`.
    func forward(_ input: Tensor) throws -> Tensor {
        try tensorResult(of: "forward", [.tensor(input)])
    }

    /// Runs the class's `backward(self, grad)`; a class without one cannot go backward (yet).
    func backward(_ gradOutput: Tensor) throws -> Tensor {
        guard type.lookup("backward") != nil else {
            throw ShellError(
                .notImplemented,
                "\(type.name) defines no backward(self, grad): write one that calls its layers' backward in reverse order of forward"
            )
        }
        return try tensorResult(of: "backward", [.tensor(gradOutput)])
    }

    /// Calls method `name` and checks that it returned a tensor.
    private func tensorResult(of name: String, _ arguments: [Value]) throws -> Tensor {
        guard let interpreter = type.interpreter else {
            throw ShellError(.runtime, "\(type.name).\(name)(): the session that defined the class has ended")
        }
        guard let result = try callSpecial(name, arguments, in: interpreter.context) else {
            throw ShellError(.notImplemented, "\(type.name) defines no \(name)(self, x)")
        }
        guard let tensor = result.tensorValue else {
            throw ShellError(.type, "\(type.name).\(name)() must return a Tensor, not \(result.typeName)")
        }
        return tensor
    }

    /// `net(x)`: forward, recorded in the trace as a layer's call is; other arguments go to
    /// `forward` as they are.
    func callForward(_ arguments: [Value], keywords: [(String, Value)], in context: ShellContext) throws -> Value {
        guard arguments.count == 1, keywords.isEmpty, let input = arguments[0].tensorValue else {
            guard let result = try callSpecialWithKeywords("forward", arguments, keywords, in: context) else {
                throw ShellError(.notImplemented, "\(type.name) defines no forward(self, x)")
            }
            return result
        }
        // The argument goes to forward as it is, so a tape value (or a plain tensor through
        // layers whose parameters require grad) comes back with its history, ready for
        // `loss.backward()`.
        guard let result = try callSpecial("forward", [arguments[0]], in: context) else {
            throw ShellError(.notImplemented, "\(type.name) defines no forward(self, x)")
        }
        guard let output = result.tensorValue else {
            throw ShellError(.type, "\(type.name).forward() must return a Tensor, not \(result.typeName)")
        }
        trace.input = input
        trace.output = output
        return result
    }

    private func callSpecialWithKeywords(
        _ name: String, _ arguments: [Value], _ keywords: [(String, Value)], in context: ShellContext
    ) throws -> Value? {
        guard let (member, _) = type.lookup(name) else { return nil }
        return try context.call(bind(member), arguments, keywords: keywords)
    }

    /// The shape forward gives, found by running it once on zeros in evaluation mode (a user
    /// class's forward is code, not a formula); the mode and every trace are put back after.
    func outputShape(for inputShape: [Int]) throws -> [Int] {
        let modules = descendants()
        let saved = modules.map { ($0.isTraining, $0.trace.input, $0.trace.output) }
        eval()
        defer {
            for (module, state) in zip(modules, saved) {
                module.isTraining = state.0
                module.trace.input = state.1
                module.trace.output = state.2
            }
        }
        return try forward(try Tensor.zeros(inputShape)).shape
    }

    /// The value assigned to `self.name` of a module, a parameter made with `nn.Parameter(t)`
    /// taking the attribute's name as its state-dict name.
    func registered(_ value: Value, as name: String) throws -> Value {
        if let module = moduleOf(value) { try checkContainable(module, in: self) }
        guard case .object(let object as ParameterObject) = value, object.parameter.name.isEmpty else { return value }
        return .object(ParameterObject(Parameter(name: name, value: object.parameter.value)))
    }

    /// PyTorch's printout: the class name and each child on its own line.
    var description: String {
        let lines = children.map { child -> String in
            let text = child.module.description.split(separator: "\n", omittingEmptySubsequences: false)
            return "  (\(child.name)): " + text.joined(separator: "\n  ")
        }
        return lines.isEmpty ? "\(type.name)()" : "\(type.name)(\n" + lines.joined(separator: "\n") + "\n)"
    }
}

/// The module a value stands for: a layer, a container or an instance of a `Module` class.
func moduleOf(_ value: Value) -> (any Module)? {
    switch value {
    case .object(let object as ModuleObject): return object.module
    case .object(let object as InstanceObject) where object.type.isModule: return object
    case .object(let object as ModuleListObject): return object.container
    default: return nil
    }
}

/// The shell value of a module: a user class's instance is itself, any other module is wrapped.
func moduleValue(_ module: any Module) -> Value {
    if let instance = module as? InstanceObject { return .object(instance) }
    if let container = module as? ModuleContainer { return .object(ModuleListObject(container)) }
    return .object(ModuleObject(module))
}

/// A module on one line, for the rows of a table: a user class or a module list by its
/// children's names (`Net(conv1, pool, fc)`), any other module by its description.
func rowLabel(_ module: any Module) -> String {
    guard module is InstanceObject || module is ModuleContainer else { return module.description }
    return module.typeName + "(" + module.children.map(\.name).joined(separator: ", ") + ")"
}

extension InstanceObject {
    /// The attributes every module has (`parameters`, `zero_grad`, `training` …); `train()`
    /// and `eval()` give back the instance itself, as PyTorch's do, so calls chain.
    func moduleAttribute(_ name: String, in context: ShellContext) throws -> Value? {
        if name == "add_module" {
            let signature = Signature([ParameterSpec("name"), ParameterSpec("module")])
            return .function(
                Callable(
                    name, kind: .method, signature: signature,
                    doc: "Registers module under name, as self.name = module does."
                ) {
                    arguments, context in
                    guard moduleOf(arguments.value("module")) != nil else {
                        throw ShellError(.type, "add_module(): \(arguments.value("module").typeName) is not a module")
                    }
                    _ = try self.setAttribute(try arguments.string("name"), to: arguments.value("module"), in: context)
                    return .none
                })
        }
        guard name == "train" || name == "eval" else { return try ModuleObject(self).attribute(name, in: context) }
        let signature = Signature([ParameterSpec("mode", .bool(name == "train"))])
        return .function(
            Callable(name, kind: .method, signature: signature, doc: "Training mode (True) or evaluation mode.") {
                arguments, _ in
                try arguments.bool("mode") ? self.train() : self.eval()
                return .object(self)
            })
    }
}

/// The deepest nesting of modules inside modules accepted: the parameters, the printout and
/// `train()` go one call deeper on the native stack for each level.
let maximumModuleNesting = 100

/// Refuses to put `module` inside `container` when `module` is, or holds, `container` (the
/// model would contain itself and every walk through it would go round for ever), or when it
/// is nested past `maximumModuleNesting`.
func checkContainable(_ module: any Module, in container: any Module) throws {
    var seen: Set<ObjectIdentifier> = []
    var level: [any Module] = [module]
    var depth = 0
    while !level.isEmpty {
        depth += 1
        guard depth <= maximumModuleNesting else {
            throw ShellError(.value, "modules nested more than \(maximumModuleNesting) deep; use fewer levels")
        }
        if level.contains(where: { $0 === container }) {
            // A Sequential says it as the library does when the cycle is of containers alone.
            if container is Sequential {
                throw EmberError.invalidArgument(
                    function: "Sequential.append",
                    message: "a Sequential cannot hold itself, directly or through another container")
            }
            throw ShellError(.value, "a \(container.typeName) cannot hold itself, directly or through another module")
        }
        level = level.flatMap { $0.children.map(\.module) }.filter { seen.insert(ObjectIdentifier($0)).inserted }
    }
}
