import EmberShell
import Foundation
import Testing

@Suite struct LoadShellTests {
    @Test func strictFalseLoadsWhatMatchesAndSaysWhatDidNot() throws {
        let folder = NSTemporaryDirectory() + "ember-load-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shell = CapturedSession()
        let path = folder + "/net.safetensors"
        shell.run("net = Sequential(Linear(4, 3), ReLU(), Linear(3, 2)); save(net, '\(path)')")
        shell.run("head = Sequential(Linear(4, 3))")
        let strict = shell.run("load(head, '\(path)')")
        #expect(strict.contains("\(path): does not match the model: unexpected 2.bias, 2.weight"), "\(strict)")
        #expect(
            shell.run("load(head, '\(path)', strict=False)") == "loaded \(path): unexpected keys: 2.bias, 2.weight\n")
        #expect(shell.run("(head[0].weight - net[0].weight).abs().max().item()") == "0.0\n")
        #expect(shell.run("load(net, '\(path)')") == "")
    }
}
