import Ember
import Testing

@Suite struct MD5Tests {
    /// The test suite of RFC 1321, appendix A.5.
    @Test func matchesTheRFC1321TestSuite() {
        let suite = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            (
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                "d174ab98d277d9f5a5611c2c9f419d9f"
            ),
            (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
        ]
        for (message, digest) in suite {
            #expect(MD5.hexDigest(of: Array(message.utf8)) == digest, "MD5(\"\(message)\")")
        }
    }

    @Test func piecewiseUpdatesGiveTheSameDigest() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 31 + 7) }
        let whole = MD5.hexDigest(of: bytes)
        for piece in [1, 7, 63, 64, 65, 333] {
            var md5 = MD5()
            for start in stride(from: 0, to: bytes.count, by: piece) {
                md5.update(Array(bytes[start..<min(start + piece, bytes.count)]))
            }
            #expect(md5.hexDigest() == whole, "pieces of \(piece)")
        }
        // Lengths around the padding boundary (55, 56 and 64 bytes), against Python's hashlib.
        #expect(MD5.hexDigest(of: [UInt8](repeating: 0x61, count: 55)) == "ef1772b6dff9a122358552954ad0df65")
        #expect(MD5.hexDigest(of: [UInt8](repeating: 0x61, count: 56)) == "3b0c8ac703f828b04c6c197006d17218")
        #expect(MD5.hexDigest(of: [UInt8](repeating: 0x61, count: 64)) == "014842d480b571495a4a0363793f7367")
    }
}
