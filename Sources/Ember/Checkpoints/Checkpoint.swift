// Saving and loading a model's state in the safetensors format under PyTorch's state-dict names
// (`0.weight`, `1.running_mean`), so PyTorch's `load_state_dict` accepts Ember's files and the
// other way round. BatchNorm's batch count travels as `num_batches_tracked`, an I64 scalar, as in
// PyTorch. A load checks the whole file against the model before changing anything.

/// Saves every parameter and buffer of `module` to a safetensors file, atomically.
///
/// - Parameters:
///   - metadata: strings stored in the header's `__metadata__`.
/// ```swift
/// try save(net, to: "net.safetensors")
/// ```
/// In PyTorch: `model.load_state_dict(safetensors.torch.load_file("net.safetensors"))`.
public func save(_ module: any Module, to path: String, metadata: [String: String] = [:]) throws {
    let state = try stateEntries(of: module)
    // The state is copied twice: into bytes per tensor, then into the file's bytes.
    let total = state.reduce(0) { $0 + $1.shape.reduce(1, *) }
    try MemoryBudget.check(count: total, size: 8, for: "save")
    let entries = state.map { entry in
        SafetensorsEntry(name: entry.name, dtype: entry.dtype, shape: entry.shape, data: entry.read()[...])
    }
    var seen = Set<String>()
    if let repeated = entries.first(where: { !seen.insert($0.name).inserted }) {
        throw EmberError.invalidArgument(
            function: "save", message: "the model has two tensors named '\(repeated.name)'")
    }
    try writeFileAtomically(SafetensorsFormat.encode(entries, metadata: metadata), to: path)
}

/// Loads a safetensors file saved by `save` (or by PyTorch's safetensors) into `module`.
///
/// The file must hold exactly the module's parameters and buffers, by name, each F32 with the
/// module's shape (`num_batches_tracked` may be absent). Any difference throws an error naming
/// it, and then the module is left unchanged; so does Ctrl-C during a long read. With
/// `strict: false`, the tensors that match are loaded and the report lists the rest.
/// ```swift
/// try load(into: net, from: "net.safetensors")
/// ```
@discardableResult
public func load(into module: any Module, from path: String, strict: Bool = true) throws -> LoadReport {
    // The header is read and checked against the model first; the data is read once, after.
    removeStaleTemporaries(beside: resolvingSymbolicLinks(path))
    let file = try FileReader(path: path)
    let (layouts, _, dataStart) = try SafetensorsFormat.readHeader(file)
    let byName = Dictionary(layouts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let plan = try StatePlan(
        model: stateEntries(of: module), fileNames: layouts.map(\.name), strict: strict, path: path)
    let expected = plan.entries
    var matched: [(target: StateEntry, range: Range<Int>)] = []
    for target in expected {
        guard let layout = byName[target.name] else { continue }
        guard layout.dtype == target.dtype else {
            throw EmberError.invalidFile(
                path: path,
                message: "tensor '\(layout.name)' has dtype \(layout.dtype), but the model's is \(target.dtype)"
            )
        }
        guard layout.shape == target.shape else {
            throw EmberError.invalidFile(
                path: path,
                message: "tensor '\(layout.name)' has shape \(formatShape(layout.shape)) in the file but "
                    + "\(formatShape(target.shape)) in the model")
        }
        matched.append((target, layout.range))
    }
    let data = try file.read(at: dataStart, count: file.size - dataStart)
    // Everything is checked and read: only now does the model change.
    for (target, range) in matched { target.write(data[range]) }
    return plan.report
}

/// One tensor of a module's state: how to read it as bytes and how to write it back.
struct StateEntry {
    let name: String
    let dtype: String
    let shape: [Int]
    /// True for a tensor a file may lack (`num_batches_tracked`).
    let optional: Bool
    let read: () -> [UInt8]
    /// Sets the state from bytes already checked to have the right size.
    let write: (ArraySlice<UInt8>) -> Void
}

/// The state of `module` under its state-dict names, in PyTorch's state-dict order: module by
/// module, its parameters, then its buffers, then a batch normalisation's batch count.
func stateEntries(of module: any Module) throws -> [StateEntry] {
    namedModules(module).flatMap { prefix, child -> [StateEntry] in
        let parameters = child.parameters.map { parameter in
            StateEntry(
                name: prefix + parameter.name, dtype: "F32", shape: parameter.value.shape, optional: false,
                read: { floatBytes(parameter.value) },
                write: { bytes in parameter.updateValue { fill($0, fromLittleEndian: bytes) } })
        }
        let buffers = child.buffers.map { buffer in
            StateEntry(
                name: prefix + buffer.name, dtype: "F32", shape: buffer.value.shape, optional: false,
                read: { floatBytes(buffer.value) },
                write: { bytes in buffer.updateInPlace { fill($0, fromLittleEndian: bytes) } })
        }
        guard let norm = child as? BatchNorm else { return parameters + buffers }
        let counter = StateEntry(
            name: prefix + "num_batches_tracked", dtype: "I64", shape: [], optional: true,
            read: { SafetensorsFormat.littleEndianBytes(UInt64(bitPattern: Int64(norm.batchesTracked))) },
            write: { bytes in
                let value = bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                norm.batchesTracked = Int(truncatingIfNeeded: Int64(bitPattern: value))
            })
        return parameters + buffers + [counter]
    }
}

/// `module` and every module inside it, each with the prefix its state names take (`""`, `"1."`).
private func namedModules(_ module: any Module, prefix: String = "") -> [(String, any Module)] {
    [(prefix, module)]
        + module.children.flatMap { child in namedModules(child.module, prefix: prefix + child.name + ".") }
}

/// The values of `tensor` as little-endian Float32 bytes.
func floatBytes(_ tensor: Tensor) -> [UInt8] {
    var bytes = [UInt8]()
    bytes.reserveCapacity(tensor.count * 4)
    tensor.withUnsafeBufferPointer { values in
        for value in values {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
    }
    return bytes
}

/// Writes the little-endian Float32 values in `bytes` into `values`, which has room for them.
func fill(_ values: UnsafeMutableBufferPointer<Float>, fromLittleEndian bytes: ArraySlice<UInt8>) {
    bytes.withUnsafeBytes { raw in
        for index in 0..<min(values.count, raw.count / 4) {
            let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
            values[index] = Float(bitPattern: bits)
        }
    }
}
