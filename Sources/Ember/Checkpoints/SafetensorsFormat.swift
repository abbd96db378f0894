// The safetensors format at the byte level: an 8-byte little-endian header length N, N bytes of
// JSON mapping each tensor name to its dtype, shape and data_offsets (relative to the data
// section), padded with spaces to a multiple of 8, then the raw little-endian data. Writing
// follows the reference implementation exactly (tensors ordered by dtype alignment, largest
// first, then by name), so files are byte-identical to Python's; reading checks every number
// before trusting it.

/// One tensor of a safetensors file.
struct SafetensorsEntry: Equatable {
    let name: String
    /// The dtype as written in the header (`F32`, `I64`).
    let dtype: String
    let shape: [Int]
    /// The raw little-endian bytes.
    let data: ArraySlice<UInt8>
}

/// Where one tensor of a safetensors file lies, as its header declares.
struct SafetensorsLayout {
    let name: String
    /// The dtype as written in the header (`F32`, `I64`).
    let dtype: String
    let shape: [Int]
    /// The bytes of the data section it occupies.
    let range: Range<Int>
}

enum SafetensorsFormat {
    /// The dtypes of the format with their size in bits, in the reference implementation's
    /// order of alignment (the writer sorts by this order, largest last).
    static let dtypes: [(name: String, bits: Int)] = [
        ("BOOL", 8), ("F4", 4), ("F6_E2M3", 6), ("F6_E3M2", 6), ("U8", 8), ("I8", 8), ("F8_E5M2", 8),
        ("F8_E4M3", 8), ("F8_E8M0", 8), ("I16", 16), ("U16", 16), ("F16", 16), ("BF16", 16), ("I32", 32),
        ("U32", 32), ("F32", 32), ("C64", 64), ("F64", 64), ("I64", 64), ("U64", 64),
    ]

    /// The header may not be larger than this, as in the reference implementation.
    static let maximumHeaderLength = 100_000_000

    /// The file's bytes for `entries` and `metadata`.
    static func encode(_ entries: [SafetensorsEntry], metadata: [String: String]) -> [UInt8] {
        let rank = Dictionary(uniqueKeysWithValues: dtypes.enumerated().map { ($1.name, $0) })
        let ordered = entries.sorted { a, b in
            let (ra, rb) = (rank[a.dtype] ?? 0, rank[b.dtype] ?? 0)
            return ra != rb ? ra > rb : Array(a.name.utf8).lexicographicallyPrecedes(Array(b.name.utf8))
        }
        var members: [(key: String, value: JSONValue)] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map {
                (key: $0.key, value: JSONValue.string($0.value))
            }
            members.append(("__metadata__", .object(pairs)))
        }
        var offset = 0
        for entry in ordered {
            let end = offset + entry.data.count
            members.append(
                (
                    entry.name,
                    .object([
                        ("dtype", .string(entry.dtype)), ("shape", .array(entry.shape.map { .integer($0) })),
                        ("data_offsets", .array([.integer(offset), .integer(end)])),
                    ])
                ))
            offset = end
        }
        var header = Array(JSONValue.object(members).serialized.utf8)
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        var bytes = littleEndianBytes(UInt64(header.count)) + header
        bytes.reserveCapacity(bytes.count + offset)
        for entry in ordered { bytes += entry.data }
        return bytes
    }

    /// The tensors and metadata `file` declares, after checking its header against its size:
    /// every dtype known, every range inside the data section and of the size its dtype and
    /// shape need, the ranges neither overlapping nor leaving bytes unused. Only the header is
    /// read; each layout's range is relative to `dataStart`.
    static func readHeader(_ file: FileReader) throws -> (
        layouts: [SafetensorsLayout], metadata: [String: String], dataStart: Int
    ) {
        let path = file.path
        func fail(_ message: String) -> EmberError { .invalidFile(path: path, message: message) }
        guard file.size >= 8 else {
            throw fail(
                "is too short for a safetensors file: \(file.size) bytes, but the header length alone takes 8"
            )
        }
        let declared = try file.read(at: 0, count: 8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard declared <= UInt64(maximumHeaderLength) else {
            throw fail(
                "the header length \(declared) is more than the \(formatCount(maximumHeaderLength)) bytes allowed"
            )
        }
        let headerLength = Int(declared)
        guard headerLength <= file.size - 8 else {
            throw fail(
                "the header length \(headerLength) goes beyond the end of the file (\(file.size) bytes)")
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(try file.read(at: 8, count: headerLength))
        } catch let failure as JSONParser.Failure {
            throw fail(
                "the header is not valid JSON: \(failure.message) at byte \(failure.offset) of the header")
        }
        guard case .object(let members) = root else { throw fail("the header is not a JSON object") }
        let dataStart = 8 + headerLength
        let dataSize = file.size - dataStart
        var metadata: [String: String] = [:]
        var layouts: [SafetensorsLayout] = []
        for (name, value) in members {
            try Cancellation.check("reading \(path)")
            if name == "__metadata__" {
                metadata = try decodeMetadata(value, fail: fail)
                continue
            }
            let (dtype, shape, range) = try describe(name, value, dataSize: dataSize, fail: fail)
            layouts.append(SafetensorsLayout(name: name, dtype: dtype, shape: shape, range: range))
        }
        try checkCoverage(layouts.map { ($0.name, $0.range) }, dataSize: dataSize, fail: fail)
        return (layouts, metadata, dataStart)
    }

    private static func decodeMetadata(_ value: JSONValue, fail: (String) -> EmberError) throws -> [String:
        String]
    {
        guard case .object(let pairs) = value else { throw fail("__metadata__ must map names to strings") }
        var result: [String: String] = [:]
        for (key, item) in pairs {
            guard case .string(let text) = item else { throw fail("__metadata__ must map names to strings") }
            result[key] = text
        }
        return result
    }

    /// The dtype, shape and data range of header entry `name`, each checked.
    private static func describe(
        _ name: String, _ value: JSONValue, dataSize: Int, fail: (String) -> EmberError
    ) throws -> (String, [Int], Range<Int>) {
        guard case .object(let fields) = value else {
            throw fail("the header entry '\(name)' is not an object with dtype, shape and data_offsets")
        }
        func field(_ key: String) -> JSONValue? { fields.first { $0.key == key }?.value }
        guard case .string(let dtype) = field("dtype") else { throw fail("tensor '\(name)' has no dtype") }
        guard let bits = dtypes.first(where: { $0.name == dtype })?.bits else {
            throw fail("tensor '\(name)' has dtype \(dtype), which is not a safetensors dtype")
        }
        guard case .array(let dimensions) = field("shape"),
            let shape = integers(dimensions), shape.allSatisfy({ $0 >= 0 })
        else { throw fail("tensor '\(name)' has no valid shape (a list of non-negative integers)") }
        guard case .array(let bounds) = field("data_offsets"), let offsets = integers(bounds),
            offsets.count == 2,
            offsets[0] >= 0, offsets[0] <= offsets[1]
        else { throw fail("tensor '\(name)' has no valid data_offsets (two integers, begin ≤ end)") }
        let shown = "data_offsets [\(offsets[0]), \(offsets[1])]"
        guard offsets[1] <= dataSize else {
            throw fail("tensor '\(name)' has \(shown) outside the data section, which has \(dataSize) bytes")
        }
        var elements = 1
        for dimension in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= dataSize * 8 else {
                throw fail(
                    "tensor '\(name)' has shape \(formatShape(shape)), larger than the whole data section")
            }
            elements = product
        }
        let needed = elements * bits
        guard needed % 8 == 0, needed / 8 == offsets[1] - offsets[0] else {
            throw fail(
                "tensor '\(name)' of dtype \(dtype) and shape \(formatShape(shape)) takes \(needed / 8) bytes, "
                    + "but its \(shown) span \(offsets[1] - offsets[0])")
        }
        return (dtype, shape, offsets[0]..<offsets[1])
    }

    /// Throws unless the ranges, in order, tile the data section exactly.
    private static func checkCoverage(
        _ ranges: [(name: String, range: Range<Int>)], dataSize: Int, fail: (String) -> EmberError
    ) throws {
        let ordered = ranges.sorted {
            ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound)
        }
        var end = 0
        var previous: (name: String, range: Range<Int>)?
        for item in ordered {
            if let previous, item.range.lowerBound < end {
                throw fail(
                    "tensors '\(previous.name)' and '\(item.name)' overlap: data_offsets "
                        + "[\(previous.range.lowerBound), \(previous.range.upperBound)] and "
                        + "[\(item.range.lowerBound), \(item.range.upperBound)]")
            }
            guard item.range.lowerBound == end else {
                throw fail("bytes \(end)..<\(item.range.lowerBound) of the data section belong to no tensor")
            }
            end = item.range.upperBound
            if !item.range.isEmpty { previous = item }
        }
        guard end == dataSize else {
            throw fail("bytes \(end)..<\(dataSize) of the data section belong to no tensor")
        }
    }

    /// The values of `items` when all are integers.
    private static func integers(_ items: [JSONValue]) -> [Int]? {
        var result: [Int] = []
        for item in items {
            guard case .integer(let value) = item else { return nil }
            result.append(value)
        }
        return result
    }

    /// The 8 little-endian bytes of `value`.
    static func littleEndianBytes(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}
