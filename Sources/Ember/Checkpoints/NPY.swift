// NumPy's .npy format for one tensor: the magic string \x93NUMPY, a version, the header length,
// a Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` padded with
// spaces and a newline so the data starts at a multiple of 64 bytes, then the raw values. Writing
// produces exactly the bytes `numpy.save` writes for a float32 array; reading takes any numeric
// dtype NumPy writes and converts it to Float32.

/// Saves `tensor` as a NumPy `.npy` file (float32, version 1.0), atomically.
///
/// ```swift
/// try save(weights, to: "w.npy")      // numpy.load("w.npy") gives the same array
/// ```
public func save(_ tensor: Tensor, to path: String) throws {
    try writeFileAtomically(NPY.encode(tensor), to: path)
}

/// Reads a NumPy `.npy` file as a Float32 tensor: float, integer and bool arrays are converted,
/// in C or Fortran order.
///
/// ```swift
/// let x = try loadTensor(from: "x.npy")
/// ```
public func loadTensor(from path: String) throws -> Tensor {
    removeStaleTemporaries(beside: resolvingSymbolicLinks(path))
    return try NPY.decode(try FileReader(path: path))
}

enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    /// The longest header read, in bytes.
    static let maximumHeaderLength = 1 << 20

    /// The bytes numpy.save writes for a float32 array of `tensor`'s shape and values.
    static func encode(_ tensor: Tensor) -> [UInt8] {
        let shape = tensor.shape
        let shapeText =
            shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        // NumPy leaves room to grow the first axis in place, as if it had 21 digits.
        if let first = shape.first {
            header += String(repeating: " ", count: max(0, 21 - String(first).count))
        }
        let unpadded = magic.count + 2 + 2 + header.utf8.count + 1
        // NumPy pads by 64 − (length mod 64), so a full block of spaces when already aligned.
        header += String(repeating: " ", count: 64 - unpadded % 64) + "\n"
        let length = UInt16(header.utf8.count)
        return magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
            + floatBytes(tensor)
    }

    /// Reads a .npy file: the header first, checked against the file's size, then the data
    /// once.
    static func decode(_ file: FileReader) throws -> Tensor {
        func fail(_ message: String) -> EmberError { .invalidFile(path: file.path, message: message) }
        guard file.size >= 10 else { throw fail("not a .npy file: it does not start with \\x93NUMPY") }
        let prefix = try file.read(at: 0, count: Swift.min(file.size, 12))
        guard Array(prefix[0..<6]) == magic else {
            throw fail("not a .npy file: it does not start with \\x93NUMPY")
        }
        let major = prefix[6]
        guard (1...3).contains(major) else { throw fail("unsupported .npy version \(major).\(prefix[7])") }
        let lengthSize = major == 1 ? 2 : 4
        guard prefix.count >= 8 + lengthSize else { throw fail("truncated .npy header") }
        let headerLength = prefix[8..<8 + lengthSize].reversed().reduce(0) { $0 << 8 | Int($1) }
        // NumPy itself refuses headers over 10,000 bytes unless told otherwise; a header of a
        // few gigabytes would only exhaust memory as text.
        guard headerLength <= NPY.maximumHeaderLength else {
            throw fail("the header length \(headerLength) is more than the \(NPY.maximumHeaderLength) bytes allowed")
        }
        let dataStart = 8 + lengthSize + headerLength
        guard dataStart <= file.size else {
            throw fail(
                "the header length \(headerLength) goes beyond the end of the file (\(file.size) bytes)")
        }
        let headerBytes = try file.read(at: 8 + lengthSize, count: headerLength)
        let header = try NPYHeader(parsing: String(decoding: headerBytes, as: UTF8.self), fail: fail)
        let present = file.size - dataStart
        var count = 1
        for dimension in header.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= present else {
                throw fail(
                    "shape \(formatShape(header.shape)) needs more data than the file's \(present) bytes")
            }
            count = product
        }
        guard count * header.itemSize == present else {
            throw fail(
                "shape \(formatShape(header.shape)) of \(header.descr) needs \(count * header.itemSize) bytes "
                    + "of data, the file has \(present)")
        }
        do {
            _ = try elementCount(of: header.shape, operation: "load")
        } catch EmberError.invalidArgument(_, let message) {
            throw fail(message)
        }
        try MemoryBudget.check(count: count, for: "loading \(file.path)")
        let bytes = try file.read(at: dataStart, count: present)
        let values: [Float]
        if header.descr == "<f4" {
            values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                fill(buffer, fromLittleEndian: bytes[...])
                initialized = count
            }
        } else {
            values = (0..<count).map { header.value(bytes, at: $0 * header.itemSize) }
        }
        guard header.fortranOrder, header.shape.count > 1 else {
            return try Tensor(shape: header.shape, scalars: values)
        }
        // Fortran order is the transpose of C order: read reversed, then reverse the axes.
        let reversed = try Tensor(shape: header.shape.reversed(), scalars: values)
        return try reversed.permute(Array((0..<header.shape.count).reversed()))
    }
}
