// Jupyter's wire format: routing identities, the `<IDS|MSG>` delimiter, the HMAC-SHA256 of the
// four JSON frames, then the header, parent header, metadata, content and any binary buffers.
// A frame that fails to parse or verify is reported as an error, never trusted.

import Crypto
import Foundation

/// A JSON object as Foundation's serializer reads and writes it.
public typealias JSONObject = [String: Any]

/// One Jupyter message.
public struct WireMessage {
    /// The routing identities of the sender (shell, control and stdin) or the topic (iopub).
    public var identities: [[UInt8]]
    /// `msg_id`, `session`, `username`, `date`, `msg_type`, `version`.
    public var header: JSONObject
    /// The header of the request this message answers, or empty.
    public var parentHeader: JSONObject
    /// Free-form metadata.
    public var metadata: JSONObject
    /// The message's body.
    public var content: JSONObject
    /// Binary buffers after the content (unused by the kernel, kept for completeness).
    public var buffers: [[UInt8]] = []

    /// The message type: `execute_request`, `status` …
    public var type: String { header["msg_type"] as? String ?? "" }

    /// The frame between the routing identities and the signature.
    public static let delimiter = Array("<IDS|MSG>".utf8)

    /// What was wrong with a received message.
    public enum Fault: Error, CustomStringConvertible {
        case noDelimiter
        case tooFewFrames(Int)
        case badSignature
        case notJSON(frame: String)

        /// A sentence for the kernel's log.
        public var description: String {
            switch self {
            case .noDelimiter: return "no <IDS|MSG> delimiter"
            case .tooFewFrames(let count): return "\(count) frames after the delimiter; a message needs 5"
            case .badSignature: return "the signature does not match the key"
            case .notJSON(let frame): return "the \(frame) frame is not a JSON object"
            }
        }
    }

    /// A message from its parts.
    public init(
        identities: [[UInt8]] = [], header: JSONObject, parentHeader: JSONObject = [:], metadata: JSONObject = [:],
        content: JSONObject
    ) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
    }

    /// Parses and verifies the frames of a received message.
    public init(frames: [[UInt8]], signer: MessageSigner) throws {
        guard let split = frames.firstIndex(of: WireMessage.delimiter) else { throw Fault.noDelimiter }
        let rest = Array(frames[(split + 1)...])
        guard rest.count >= 5 else { throw Fault.tooFewFrames(rest.count) }
        guard signer.verify(signature: rest[0], over: Array(rest[1...4])) else { throw Fault.badSignature }
        func object(_ index: Int, _ name: String) throws -> JSONObject {
            guard let value = try? JSONSerialization.jsonObject(with: Data(rest[index])),
                let object = value as? JSONObject
            else { throw Fault.notJSON(frame: name) }
            return object
        }
        identities = Array(frames[..<split])
        header = try object(1, "header")
        parentHeader = try object(2, "parent header")
        metadata = try object(3, "metadata")
        content = try object(4, "content")
        buffers = Array(rest.dropFirst(5))
    }

    /// The frames to send, signed with `signer`.
    public func frames(signer: MessageSigner) -> [[UInt8]] {
        let body = [header, parentHeader, metadata, content].map(WireMessage.encode)
        return identities + [WireMessage.delimiter, signer.signature(over: body)] + body + buffers
    }

    /// Compact JSON; values JSON cannot hold (a NaN) make the whole object `{}` rather than a trap.
    static func encode(_ object: JSONObject) -> [UInt8] {
        guard JSONSerialization.isValidJSONObject(object),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        else { return Array("{}".utf8) }
        return Array(data)
    }
}

/// Signs and checks messages with HMAC-SHA256 over the header, parent header, metadata and
/// content frames, as hexadecimal text.
public struct MessageSigner {
    private let key: SymmetricKey?

    /// A signer for `key`; an empty key signs nothing and accepts everything, as Jupyter does.
    public init(key: String) {
        self.key = key.isEmpty ? nil : SymmetricKey(data: Array(key.utf8))
    }

    /// The hexadecimal signature of `frames`.
    public func signature(over frames: [[UInt8]]) -> [UInt8] {
        guard let key else { return [] }
        var mac = HMAC<SHA256>(key: key)
        for frame in frames { mac.update(data: frame) }
        return Array(mac.finalize().map { String(format: "%02x", $0) }.joined().utf8)
    }

    /// Whether `signature` is right for `frames`, compared in constant time.
    public func verify(signature: [UInt8], over frames: [[UInt8]]) -> Bool {
        guard key != nil else { return true }
        let expected = self.signature(over: frames)
        guard expected.count == signature.count else { return false }
        return zip(expected, signature).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
