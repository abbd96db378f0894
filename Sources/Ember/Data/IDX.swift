// The IDX format of the MNIST files: two zero bytes, a type code, the number of dimensions, each
// dimension as a big-endian 32-bit integer, then the values in row-major order, big-endian.
// Every size is checked against the bytes actually present before anything is allocated.

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
        func fail(_ message: String) -> EmberError { EmberError.invalidFile(path: path, message: message) }
        guard bytes.count >= 4 else { throw fail("too short for an IDX header (\(bytes.count) bytes)") }
        guard bytes[0] == 0, bytes[1] == 0, let type = DataType(rawValue: bytes[2]) else {
            let magic = bytes[0..<4].map { String($0, radix: 16) }.joined(separator: " ")
            throw fail("not an IDX file: wrong magic number (\(magic))")
        }
        let rank = Int(bytes[3])
        let headerSize = 4 + 4 * rank
        guard rank > 0, bytes.count >= headerSize else {
            throw fail("truncated IDX header: \(rank) dimensions need \(headerSize) bytes, file has \(bytes.count)")
        }
        var shape: [Int] = []
        var elements = 1
        for axis in 0..<rank {
            let offset = 4 + 4 * axis
            let dimension = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            shape.append(dimension)
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= bytes.count else {
                throw fail("dimensions \(formatShape(shape)) need more data than the file's \(bytes.count) bytes")
            }
            elements = product
        }
        let expected = elements * type.size
        let present = bytes.count - headerSize
        guard present == expected else {
            throw fail(
                "dimensions \(formatShape(shape)) of \(type) need \(expected) bytes of data, "
                    + "the file has \(present)" + (present < expected ? " (truncated)" : ""))
        }
        dataType = type
        self.shape = shape
        payload = Array(bytes[headerSize...])
    }

    /// Reads an IDX file, gzip-compressed or not.
    public init(contentsOf path: String) throws {
        try self.init(parsing: try readFileBytes(path), path: path)
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
