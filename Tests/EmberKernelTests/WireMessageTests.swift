// The wire format: signatures as RFC 4231 computes them, round trips, and the faults a received
// message can have, each refused with its reason.

import EmberKernel
import Foundation
import Testing

@Suite struct WireMessageTests {
    @Test func signatureIsTheHMACOfTheConcatenatedFrames() {
        // RFC 4231, test case 2, split into two frames.
        let signer = MessageSigner(key: "Jefe")
        let signature = signer.signature(over: [Array("what do ya ".utf8), Array("want for nothing?".utf8)])
        #expect(
            String(decoding: signature, as: UTF8.self)
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func emptyKeySignsNothing() {
        let signer = MessageSigner(key: "")
        #expect(signer.signature(over: [[1, 2]]).isEmpty)
        #expect(signer.verify(signature: Array("anything".utf8), over: [[1, 2]]))
    }

    @Test func messageRoundTripsThroughItsFrames() throws {
        let signer = MessageSigner(key: "secret")
        let message = WireMessage(
            identities: [[7, 8]], header: ["msg_type": "execute_request", "msg_id": "a"],
            content: ["code": "1 + 1", "silent": false])
        let read = try WireMessage(frames: message.frames(signer: signer), signer: signer)
        #expect(read.type == "execute_request")
        #expect(read.identities == [[7, 8]])
        #expect(read.content["code"] as? String == "1 + 1")
    }

    @Test func tamperedContentIsRefused() {
        let signer = MessageSigner(key: "secret")
        var frames = WireMessage(header: ["msg_type": "x"], content: ["a": 1]).frames(signer: signer)
        frames[frames.count - 1] = Array("{\"a\":2}".utf8)
        #expect(throws: WireMessage.Fault.self) { try WireMessage(frames: frames, signer: signer) }
        #expect(
            (try? WireMessage(frames: frames, signer: MessageSigner(key: "other"))) == nil)
    }

    @Test func malformedMessagesSayWhatIsWrong() {
        let signer = MessageSigner(key: "")
        let cases: [([[UInt8]], String)] = [
            ([Array("no delimiter".utf8)], "no <IDS|MSG> delimiter"),
            ([WireMessage.delimiter, [], Array("{}".utf8)], "2 frames after the delimiter; a message needs 5"),
            (
                [WireMessage.delimiter, []] + ["[1]", "{}", "{}", "{}"].map { Array($0.utf8) },
                "the header frame is not a JSON object"
            ),
        ]
        for (frames, reason) in cases {
            do {
                _ = try WireMessage(frames: frames, signer: signer)
                Issue.record("accepted \(frames)")
            } catch {
                #expect(String(describing: error) == reason)
            }
        }
    }

    @Test func globPatternsMatchAsIPythonsHistorySearchDoes() {
        #expect(globMatches("a*", "a = 1"))
        #expect(globMatches("*1", "a = 1"))
        #expect(globMatches("?=*", "a= 1"))
        #expect(!globMatches("b*", "a = 1"))
        #expect(globMatches("*", ""))
        #expect(globMatches("6 *", "6 * 7"))
        #expect(!globMatches("6 *8", "6 * 7"))
    }
}
