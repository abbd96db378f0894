import Foundation
import Testing

/// A model, an Adam optimizer and a training loop over batches that depend only on their number.
private let prelude = """
    net = Sequential(Linear(5, 8), BatchNorm1d(8), ReLU(), Linear(8, 3))
    opt = Adam(net, lr=0.01, weight_decay=0.001)
    loss_fn = MSELoss()
    def train(first, last):
        for i in range(first, last):
            seed(1000 + i)
            x = randn(6, 5)
            y = randn(6, 3)
            opt.zero_grad()
            loss_fn(net(x), y)
            net.backward(loss_fn.backward())
            opt.step()

    """

@Suite struct ResumeTrainingTests {
    @Test func trainingResumedInANewProcessEqualsUninterruptedTraining() throws {
        let folder = NSTemporaryDirectory() + "ember-resume-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func ember(_ code: String, seed: Int = 0) throws {
            let result = try EmberBinary.run(["--seed", "\(seed)", "-c", prelude + code])
            #expect(result.status == 0, "\(result.error)")
        }
        try ember("train(0, 10)\nsave(net, '\(folder)/net.safetensors')\nsave(opt, '\(folder)/opt.safetensors')")
        // Another process, whose model starts from other weights, resumes from the files.
        try ember(
            "load(net, '\(folder)/net.safetensors')\nload(opt, '\(folder)/opt.safetensors')\ntrain(10, 20)\n"
                + "save(net, '\(folder)/resumed.safetensors')", seed: 7)
        try ember("train(0, 20)\nsave(net, '\(folder)/straight.safetensors')")
        try ember("load(net, '\(folder)/net.safetensors')\ntrain(10, 20)\nsave(net, '\(folder)/forgetful.safetensors')")
        let file = { FileManager.default.contents(atPath: folder + "/" + $0 + ".safetensors") }
        #expect(file("resumed") != nil)
        #expect(file("resumed") == file("straight"))
        #expect(file("forgetful") != file("straight"))
    }
}
