// The IDX format of the MNIST files: two zero bytes, a type code, the number of dimensions, each
// dimension as a big-endian 32-bit integer, then the values in row-major order, big-endian.
// Every size is checked against the bytes the file can hold before anything is allocated, and
// only what the header declares is read or decompressed.

/// An array read from an IDX file, its values kept as the raw bytes of the file.
public struct IDXArray: Sendable {
    /// The element types IDX defines, by their type code.
    public enum DataType: UInt8, Sendable {
        case uint8 = 0x08, int8 = 0x09, int16 = 0x0B, int32 = 0x0C, float32 = 0x0D, float64 = 0x0E

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .uint8, .int8: 1
            case .int16: 2
            case .int32, .float32: 4
            case .float64: 8
            }
        }
    }

    /// The element type.
    public let dataType: DataType
    /// The dimensions, e.g. `[10000, 28, 28]`.
    public let shape: [Int]
    /// The values as stored (big-endian for multi-byte types).
    public let payload: [UInt8]

    /// Parses the bytes of an IDX file; `path` names it in errors.
    public init(parsing bytes: [UInt8], path: String) throws {
        var position = 0
        try self.init(path: path, available: bytes.count, compressed: false) { count in
            let taken = Array(bytes[position..<Swift.min(position + count, bytes.count)])
            position += taken.count
            return taken
        }
        guard position == bytes.count else { throw dataSizeError(path, present: bytes.count - headerSize) }
    }

    /// Reads an IDX file, gzip-compressed or not. Only the bytes its header declares are
    /// read (or decompressed), after checking that the file can hold them and that they fit
    /// in memory.
    public init(contentsOf path: String) throws {
        let file = try FileReader(path: path)
        guard try file.isGzip() else {
            var position = 0
            try self.init(path: path, available: file.size, compressed: false) { count in
                let bytes = try file.read(at: position, count: Swift.min(count, file.size - position))
                position += bytes.count
                return bytes
            }
            guard position == file.size else { throw dataSizeError(path, present: file.size - headerSize) }
            return
        }
        let stream = try GzipStream(file: file)
        // Deflate expands at most 1032-fold: a header declaring more than that is refused
        // before anything is allocated for it.
        let (bound, overflow) = file.size.multipliedReportingOverflow(by: 1032)
        try self.init(path: path, available: overflow ? Int.max : bound, compressed: true) { try stream.read($0) }
        guard try stream.isAtEnd() else {
            throw EmberError.invalidFile(
                path: path,
                message: "decompresses to more than the \(headerSize + payload.count) bytes its IDX header "
                    + "declares (\(dataType) of shape \(formatShape(shape)))")
        }
    }

    /// The bytes of the header, from the magic number to the last dimension.
    private var headerSize: Int { 4 + 4 * shape.count }

    /// Reads an IDX array from `next`, which returns up to the number of bytes asked (fewer
    /// only at the end). `available` bounds the bytes the source can hold; `compressed`
    /// says it is a bound, not the exact size.
    private init(path: String, available: Int, compressed: Bool, next: (Int) throws -> [UInt8]) throws {
        func fail(_ message: String) -> EmberError { EmberError.invalidFile(path: path, message: message) }
        let magic = try next(4)
        guard magic.count == 4 else { throw fail("too short for an IDX header (\(magic.count) bytes)") }
        guard magic[0] == 0, magic[1] == 0, let type = DataType(rawValue: magic[2]) else {
            let shown = magic.map { String($0, radix: 16) }.joined(separator: " ")
            throw fail("not an IDX file: wrong magic number (\(shown))")
        }
        let rank = Int(magic[3])
        let headerSize = 4 + 4 * rank
        let dimensions = try next(4 * rank)
        guard rank > 0, dimensions.count == 4 * rank else {
            let have = compressed ? "the data has" : "file has"
            throw fail(
                "truncated IDX header: \(rank) dimensions need \(headerSize) bytes, \(have) \(4 + dimensions.count)")
        }
        let shape = (0..<rank).map { axis in dimensions[4 * axis..<4 * axis + 4].reduce(0) { $0 << 8 | Int($1) } }
        let expected = try IDXArray.dataSize(shape, type, available: available, fail: fail)
        let payload = try next(expected)
        guard payload.count == expected else {
            throw fail(
                "dimensions \(formatShape(shape)) of \(type) need \(expected) bytes of data, "
                    + "the \(compressed ? "decompressed data has" : "file has") \(payload.count) (truncated)")
        }
        dataType = type
        self.shape = shape
        self.payload = payload
    }

    /// The bytes of data `shape` of `type` needs, checked against the `available` bytes
    /// and, for an empty shape, against the limit every tensor shape obeys.
    private static func dataSize(
        _ shape: [Int], _ type: DataType, available: Int, fail: (String) -> EmberError
    ) throws -> Int {
        var elements = 1
        var extent = 1
        for (axis, dimension) in shape.enumerated() {
            let (product, overflow) = extent.multipliedReportingOverflow(by: Swift.max(dimension, 1))
            elements = overflow ? 0 : elements * dimension
            // Data must be present for every element; an empty array's axes obey the limit
            // of every tensor shape instead, so that nothing walking them overflows.
            let limit = elements == 0 ? Swift.max(available, maximumElementCount) : available
            guard !overflow, product <= limit else {
                let shown = formatShape(Array(shape[...axis]))
                guard shape[...axis].contains(0) else {
                    throw fail("dimensions \(shown) need more data than the file's \(available) bytes")
                }
                throw fail(
                    "dimensions \(shown) are too large: even empty, the other dimensions multiply past "
                        + "\(maximumElementCount) elements")
            }
            extent = product
        }
        // At most 8 bytes an element, of fewer elements than the file's bytes: no overflow.
        return elements * type.size
    }

    /// The error of a file with more data than its header declares.
    private func dataSizeError(_ path: String, present: Int) -> EmberError {
        EmberError.invalidFile(
            path: path,
            message: "dimensions \(formatShape(shape)) of \(dataType) need \(payload.count) bytes of data, "
                + "the file has \(present)")
    }

    /// The values as floats, unscaled.
    public func floats() -> [Float] {
        let n = payload.count / dataType.size
        return payload.withUnsafeBufferPointer { p in
            (0..<n).map { index -> Float in
                let base = index * dataType.size
                func bigEndian(_ width: Int) -> UInt64 {
                    (0..<width).reduce(0) { $0 << 8 | UInt64(p[base + $1]) }
                }
                switch dataType {
                case .uint8: return Float(p[base])
                case .int8: return Float(Int8(bitPattern: p[base]))
                case .int16: return Float(Int16(bitPattern: UInt16(bigEndian(2))))
                case .int32: return Float(Int32(bitPattern: UInt32(bigEndian(4))))
                case .float32: return Float(bitPattern: UInt32(bigEndian(4)))
                case .float64: return Float(Double(bitPattern: bigEndian(8)))
                }
            }
        }
    }
}
