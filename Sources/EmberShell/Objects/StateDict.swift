// PyTorch's state dicts: `net.state_dict()` (every parameter and buffer under its state-dict
// name), `net.load_state_dict(d)`, and `torch.save` / `torch.load`, which Ember writes and reads
// as safetensors, never as pickle.

import Ember

enum StateDict {
    /// `state_dict` or `load_state_dict` of `module`, nil for any other name.
    static func method(_ name: String, for module: any Module) -> Value? {
        switch name {
        case "state_dict":
            return .function(
                Callable("state_dict", kind: .method, doc: "Every parameter and buffer under its state-dict name.") {
                    _, _ in .dictionary(DictionaryStorage(entries(of: module).map { (.string($0.0), .tensor($0.1)) }))
                })
        case "load_state_dict":
            let signature = Signature([ParameterSpec("state_dict"), ParameterSpec("strict", .bool(true))])
            return .function(
                Callable(
                    "load_state_dict", kind: .method, signature: signature,
                    doc:
                        "Sets the parameters and buffers from a state dict; nothing changes if a name or shape is wrong."
                ) { arguments, _ in
                    try load(arguments.value("state_dict"), into: module, strict: try arguments.bool("strict"))
                    return .none
                })
        default:
            return nil
        }
    }

    /// The parameters and buffers of `module` and its children, with their values.
    static func entries(of module: any Module) -> [(String, Tensor)] {
        module.namedParameters().map { ($0.name, $0.parameter.value) }
            + module.namedBuffers().map { ($0.name, $0.buffer.value) }
    }

    /// Loads `state` (a dictionary of names and tensors) into `module`, all checked before any
    /// change; `strict` requires exactly the module's names.
    static func load(_ state: Value, into module: any Module, strict: Bool) throws {
        let tensors = try namedTensors(state, "load_state_dict")
        let byName = Dictionary(tensors, uniquingKeysWith: { _, last in last })
        let targets: [(name: String, shape: [Int], assign: (Tensor) throws -> Void)] =
            module.namedParameters().map { entry in (entry.name, entry.parameter.value.shape, entry.parameter.assign) }
            + module.namedBuffers().map { entry in (entry.name, entry.buffer.value.shape, entry.buffer.assign) }
        var updates: [() throws -> Void] = []
        var missing: [String] = []
        for target in targets {
            guard let tensor = byName[target.name] else {
                missing.append(target.name)
                continue
            }
            try check(target.name, tensor, target.shape)
            updates.append { try target.assign(tensor) }
        }
        let known = Set(entries(of: module).map(\.0) + ["num_batches_tracked"])
        let unexpected = tensors.map(\.0).filter { !known.contains($0) && !$0.hasSuffix(".num_batches_tracked") }
        if strict, !missing.isEmpty || !unexpected.isEmpty {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing keys: " + missing.joined(separator: ", ")) }
            if !unexpected.isEmpty { parts.append("unexpected keys: " + unexpected.joined(separator: ", ")) }
            throw ShellError(.runtime, "load_state_dict(): " + parts.joined(separator: "; "))
        }
        for update in updates { try update() }
    }

    private static func check(_ name: String, _ tensor: Tensor, _ shape: [Int]) throws {
        guard tensor.shape == shape else {
            throw ShellError(
                .runtime,
                "load_state_dict(): '\(name)' has shape \(formatShape(tensor.shape)) in the state dict but \(formatShape(shape)) in the model"
            )
        }
    }

    /// The (name, tensor) pairs of a dictionary of tensors.
    static func namedTensors(_ value: Value, _ function: String) throws -> [(String, Tensor)] {
        guard case .dictionary(let dictionary) = value else {
            throw ShellError(.type, "\(function)(): expected a dict of tensors, not \(value.typeName)")
        }
        return try dictionary.entries.map { entry in
            guard case .string(let name) = entry.key, let tensor = entry.value.tensorValue else {
                throw ShellError(.type, "\(function)(): every entry must map a name to a tensor")
            }
            return (name, tensor)
        }
    }

    /// The entries of a dict of tensors, each with the type it is stored as.
    private static func typedTensors(_ value: Value, _ function: String) throws -> [(
        name: String, tensor: Tensor, type: StoredType
    )] {
        let named = try namedTensors(value, function)
        guard case .dictionary(let dictionary) = value else { return [] }
        return zip(named, dictionary.entries).map { ($0.0.0, $0.0.1, storedType($0.1.value.dtype)) }
    }

    /// The file type of a shell type, and back.
    private static func storedType(_ dtype: DType?) -> StoredType {
        switch dtype ?? .float32 {
        case .float32: .f32
        case .int64: .i64
        case .bool: .bool
        }
    }

    private static func dtype(_ stored: StoredType) -> DType {
        switch stored {
        case .f32: .float32
        case .i64: .int64
        case .bool: .bool
        }
    }

    /// `torch.save(obj, path)` and `torch.load(path)`.
    static func torchMembers() -> [String: Value] {
        let save = Callable(
            "save", signature: Signature([ParameterSpec("obj"), ParameterSpec("f")]),
            doc:
                "Saves a state dict, a model's state or a tensor as safetensors (PyTorch reads it with safetensors.torch.load_file), written whole or not at all."
        ) { arguments, context in
            let path = try arguments.string("f")
            let object = arguments.value("obj")
            if let tensor = object.tensorValue {
                try saveTensors([("tensor", tensor, storedType(object.dtype))], to: path)
            } else if let module = moduleOf(object) {
                try saveTensors(entries(of: module).map { (name: $0.0, tensor: $0.1, type: StoredType.f32) }, to: path)
            } else {
                try saveTensors(try typedTensors(object, "torch.save"), to: path)
            }
            if path.hasSuffix(".pt") || path.hasSuffix(".pth") {
                context.writeLine(
                    "note: \(path) is a safetensors file, not a pickle: Ember does not write pickle. "
                        + "In PyTorch: safetensors.torch.load_file('\(path)')")
            }
            return .none
        }
        let load = Callable(
            "load", signature: Signature([ParameterSpec("f")]),
            doc: "Reads a file torch.save wrote (safetensors): a dict of tensors, or the tensor saved alone."
        ) { arguments, _ in
            let tensors = try loadTypedTensors(from: try arguments.string("f")).map { entry in
                (entry.name, try Value.tensor(entry.tensor, dtype: dtype(entry.type), operation: "torch.load"))
            }
            if tensors.count == 1, tensors[0].0 == "tensor" { return tensors[0].1 }
            return .dictionary(DictionaryStorage(tensors.map { (.string($0.0), $0.1) }))
        }
        return ["save": .function(save), "load": .function(load)]
    }
}
