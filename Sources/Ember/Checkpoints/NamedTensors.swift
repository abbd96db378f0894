// Named tensors in a safetensors file without a model: what `torch.save(state_dict, path)` and
// `torch.load(path)` exchange. Each tensor is stored as F32, I64 (labels, indices, PyTorch's
// `num_batches_tracked`) or BOOL (masks), and read back with its stored type.

/// The element type a tensor is stored with in a safetensors file.
public enum StoredType: String, Sendable {
    /// 32-bit floats.
    case f32 = "F32"
    /// 64-bit integers, from whole-number values.
    case i64 = "I64"
    /// One byte per value, 1 for non-zero.
    case bool = "BOOL"
}

/// Writes `tensors` to a safetensors file, atomically, each stored with its type.
///
/// Throws when two names are equal, or an I64 tensor holds a value that is not a whole number.
public func saveTensors(_ tensors: [(name: String, tensor: Tensor, type: StoredType)], to path: String) throws {
    try MemoryBudget.check(count: tensors.reduce(0) { $0 + $1.tensor.count }, size: 8, for: "save")
    var seen = Set<String>()
    if let repeated = tensors.first(where: { !seen.insert($0.name).inserted }) {
        throw EmberError.invalidArgument(function: "save", message: "two tensors are named '\(repeated.name)'")
    }
    let entries = try tensors.map { item -> SafetensorsEntry in
        let bytes: [UInt8]
        switch item.type {
        case .f32: bytes = floatBytes(item.tensor)
        case .bool: bytes = item.tensor.scalars.map { $0 != 0 ? 1 : 0 }
        case .i64:
            var words = [UInt8]()
            words.reserveCapacity(item.tensor.count * 8)
            for value in item.tensor.scalars {
                guard let whole = Int64(exactly: value) else {
                    throw EmberError.invalidArgument(
                        function: "save",
                        message: "tensor '\(item.name)' holds \(value), which is not a whole number for I64")
                }
                withUnsafeBytes(of: whole.littleEndian) { words.append(contentsOf: $0) }
            }
            bytes = words
        }
        return SafetensorsEntry(name: item.name, dtype: item.type.rawValue, shape: item.tensor.shape, data: bytes[...])
    }
    try writeFileAtomically(SafetensorsFormat.encode(entries, metadata: [:]), to: path)
}

/// Writes `tensors` to a safetensors file, atomically, under their names (which must differ).
/// ```swift
/// try saveTensors([("weight", w), ("bias", b)], to: "state.safetensors")
/// ```
public func saveTensors(_ tensors: [(name: String, tensor: Tensor)], to path: String) throws {
    try saveTensors(tensors.map { (name: $0.name, tensor: $0.tensor, type: StoredType.f32) }, to: path)
}

/// Reads every tensor of a safetensors file, in the order of their names, as Float32 tensors.
public func loadTensors(from path: String) throws -> [(name: String, tensor: Tensor)] {
    try loadTypedTensors(from: path).map { (name: $0.name, tensor: $0.tensor) }
}

/// Reads every tensor of a safetensors file, in the order of their names, with the type each
/// was stored with; the values are Float32 whatever the type.
public func loadTypedTensors(from path: String) throws -> [(name: String, tensor: Tensor, type: StoredType)] {
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
        return (
            layout.name, try Tensor(shape: layout.shape, scalars: values), StoredType(rawValue: layout.dtype) ?? .f32
        )
    }
}
