import EmberShell
import Foundation
import Testing

/// Datasets, loaders, training and checkpoints from the shell, on the real MNIST test split.
@Suite struct DataShellTests {
    func session() -> CapturedSession {
        let shell = CapturedSession()
        let output = shell.run(
            "seed(0)\ndigits = mnist('test', normalize=(0.1307, 0.3081))")
        #expect(output == "", "\(output)")
        return shell
    }

    @Test func datasetsIndexSliceAndSplit() {
        let shell = session()
        #expect(shell.run("len(digits)") == "10000\n")
        #expect(shell.run("image, label = digits[0]; image.shape, label") == "(torch.Size([1, 28, 28]), 7)\n")
        #expect(shell.run("len(digits[0:100]), digits[0:100][1][1]") == "(100, 2)\n")
        #expect(shell.run("a, b = split(digits[0:100], 0.8, seed=0); len(a), len(b)") == "(80, 20)\n")
        #expect(shell.run("show(digits[0])").hasSuffix("label 7\n"))
        #expect(shell.run("digits.classes[3]") == "'3'\n")
    }

    @Test func loadersBatchAndIterate() {
        let shell = session()
        shell.run("loader = DataLoader(digits[0:130], batch_size=64, shuffle=True, seed=3)")
        #expect(shell.run("len(loader)") == "3\n")
        #expect(shell.run("[x.shape[0] for x, y in loader]") == "[64, 64, 2]\n")
        #expect(shell.run("len(DataLoader(digits[0:130], batch_size=64, drop_last=True))") == "2\n")
        let make = "DataLoader(digits[0:130], batch_size=64, shuffle=True, seed=3)"
        #expect(shell.run("next(iter(\(make)))[1]") == shell.run("next(iter(\(make)))[1]"))
        // Each pass over one loader is a new epoch, in a new order.
        #expect(shell.run("next(iter(loader))[1]") != shell.run("next(iter(loader))[1]"))
    }

    @Test func fitPrintsOneLinePerEpochOffATerminal() {
        let shell = session()
        shell.run("net = Sequential(Flatten(), Linear(784, 10))")
        let output = shell.run("h = fit(net, digits[0:1000], epochs=2, val=digits[1000:1200])")
        let lines = output.split(separator: "\n")
        #expect(lines.count == 2, "\(output)")
        #expect(lines[0].hasPrefix("epoch 1  loss "))
        #expect(lines[1].contains("val_acc"))
        #expect(shell.run("len(h.loss), h.epochs") == "(2, 2)\n")
        #expect(shell.run("h.val_accuracy[-1] > 0.7") == "True\n")
        #expect(shell.run("plot(h)").contains("train loss"))
        #expect(shell.run("evaluate(net, digits[1000:1200])").contains("rows: true class, columns: predicted class"))
        #expect(shell.run("predict(net, digits[0])").contains("(label 7)"))
    }

    @Test func ctrlCStopsTrainingAfterTheBatchAndKeepsTheHistory() {
        let shell = session()
        shell.run("net = Sequential(Flatten(), Linear(784, 10))")
        // Ctrl-C a moment after training starts; ten thousand epochs would take minutes.
        let flag = InterruptFlag()
        shell.session.interpreter.context.interrupt = flag
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { flag.raise() }
        let output = shell.run("h = fit(net, digits[0:1000], epochs=10000)")
        #expect(
            output.contains(": the model and optimizer are as after that batch, and the history is kept"), "\(output)")
        #expect(shell.run("0 < len(h.batch_losses) < 160000") == "True\n")
    }

    @Test func checkpointsRoundTrip() throws {
        let shell = session()
        let folder = NSTemporaryDirectory() + "ember-shell-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        shell.run(
            "net = Sequential(Linear(4, 3), ReLU(), Linear(3, 2)); twin = Sequential(Linear(4, 3), ReLU(), Linear(3, 2))"
        )
        #expect(shell.run("save(net, '\(folder)/net.safetensors')") == "saved \(folder)/net.safetensors\n")
        shell.run("load(twin, '\(folder)/net.safetensors')")
        #expect(shell.run("x = randn(5, 4); (net(x) - twin(x)).abs().max().item()") == "0.0\n")
        let mismatch = shell.run("load(Sequential(Linear(4, 2)), '\(folder)/net.safetensors')")
        #expect(mismatch.contains("does not match the model"), "\(mismatch)")
        shell.run("save(x, '\(folder)/x.npy')")
        #expect(shell.run("(load('\(folder)/x.npy') - x).abs().max().item()") == "0.0\n")
    }

    @Test func missingDataSaysWhereItLooked() {
        let shell = CapturedSession()
        let output = shell.run("mnist('train', path='/nonexistent/folder', download=False)")
        #expect(output.contains("MNIST: the train split was not found"), "\(output)")
        #expect(output.contains("/nonexistent/folder"))
    }
}
