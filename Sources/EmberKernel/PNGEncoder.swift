// A small PNG writer: 8-bit RGB, no interlacing, every row with filter 0, the image data
// compressed by zlib's `compress2`, each chunk closed by zlib's CRC-32. That is all a notebook
// needs to show the shell's pictures.

import CZlib
import EmberShell

/// Encodes rasters as PNG files.
enum PNGEncoder {
    /// A fault of zlib while compressing.
    struct CompressionFailed: Error, CustomStringConvertible {
        let status: Int32
        var description: String { "zlib's compress2 failed with status \(status)" }
    }

    /// The PNG file of `raster`.
    static func encode(_ raster: Raster) throws -> [UInt8] {
        var scanlines: [UInt8] = []
        scanlines.reserveCapacity(raster.height * (raster.width * 3 + 1))
        for row in 0..<raster.height {
            scanlines.append(0)
            scanlines += raster.pixels[row * raster.width * 3..<(row + 1) * raster.width * 3]
        }
        var header: [UInt8] = []
        header += bigEndian(UInt32(raster.width)) + bigEndian(UInt32(raster.height))
        // Bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
        header += [8, 2, 0, 0, 0]
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file += chunk("IHDR", header)
        file += chunk("IDAT", try compress(scanlines))
        file += chunk("IEND", [])
        return file
    }

    private static func compress(_ data: [UInt8]) throws -> [UInt8] {
        var size = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        let status = output.withUnsafeMutableBufferPointer { target in
            data.withUnsafeBufferPointer { source in
                compress2(target.baseAddress, &size, source.baseAddress, uLong(source.count), 6)
            }
        }
        guard status == Z_OK else { throw CompressionFailed(status: status) }
        return Array(output.prefix(Int(size)))
    }

    /// Length, type, data and the CRC-32 of type and data.
    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        let body = typeBytes + data
        let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        return bigEndian(UInt32(data.count)) + body + bigEndian(UInt32(truncatingIfNeeded: crc))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
