// Named tensors in a safetensors file without a model: what `torch.save(state_dict, path)` and
// `torch.load(path)` exchange. Float32 tensors are written as F32; reading also takes I64 and
// BOOL scalars and tensors (PyTorch's `num_batches_tracked`, masks), as Float32 values.

/// Writes `tensors` to a safetensors file, atomically, under their names (which must differ).
/// ```swift
/// try saveTensors([("weight", w), ("bias", b)], to: "state.safetensors")
/// ```
public func saveTensors(_ tensors: [(name: String, tensor: Tensor)], to path: String) throws {
    try MemoryBudget.check(count: tensors.reduce(0) { $0 + $1.tensor.count }, size: 8, for: "save")
    var seen = Set<String>()
    if let repeated = tensors.first(where: { !seen.insert($0.name).inserted }) {
        throw EmberError.invalidArgument(function: "save", message: "two tensors are named '\(repeated.name)'")
    }
    let entries = tensors.map {
        SafetensorsEntry(name: $0.name, dtype: "F32", shape: $0.tensor.shape, data: floatBytes($0.tensor)[...])
    }
    try writeFileAtomically(SafetensorsFormat.encode(entries, metadata: [:]), to: path)
}

/// Reads every tensor of a safetensors file, in the order of their names, as Float32 tensors.
public func loadTensors(from path: String) throws -> [(name: String, tensor: Tensor)] {
    let file = try FileReader(path: path)
    let (layouts, _, dataStart) = try SafetensorsFormat.readHeader(file)
    let data = try file.read(at: dataStart, count: file.size - dataStart)
    return try layouts.sorted { $0.name < $1.name }.map { layout in
        let bytes = data[layout.range]
        let values: [Float]
        switch layout.dtype {
        case "F32":
            var floats = [Float](repeating: 0, count: bytes.count / 4)
            floats.withUnsafeMutableBufferPointer { fill($0, fromLittleEndian: bytes) }
            values = floats
        case "I64":
            values = stride(from: bytes.startIndex, to: bytes.endIndex, by: 8).map { start in
                let word = bytes[start..<(start + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                return Float(Int64(bitPattern: word))
            }
        case "BOOL":
            values = bytes.map { $0 == 0 ? 0 : 1 }
        default:
            throw EmberError.invalidFile(
                path: path, message: "tensor '\(layout.name)' has dtype \(layout.dtype); Ember reads F32, I64 and BOOL")
        }
        return (layout.name, try Tensor(shape: layout.shape, scalars: values))
    }
}
