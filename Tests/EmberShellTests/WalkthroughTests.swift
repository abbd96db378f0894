import EmberShell
import Foundation
import Testing

/// The lines a student types in a first session, each answering with something useful.
@Suite struct WalkthroughTests {
    static let setUp = """
        seed(0)
        net = Sequential(Conv2d(1, 10, 5), MaxPool2d(2), ReLU(),
                         Conv2d(10, 20, 5), MaxPool2d(2), ReLU(),
                         Flatten(), Linear(320, 120), ReLU(), Linear(120, 10))
        img = randn(8, 1, 28, 28)
        loss = CrossEntropyLoss()
        labels = tensor([3, 1, 4, 1, 5, 9, 2, 6])
        """

    func session() -> CapturedSession {
        let shell = CapturedSession()
        #expect(shell.run(WalkthroughTests.setUp) == "")
        return shell
    }

    @Test func modelPrintoutListsLayersAndCounts() {
        let shell = session()
        let printout = shell.run("net")
        #expect(printout.contains("(3): Conv2d(10 → 20, kernel 5)      5,020 parameters"))
        #expect(printout.hasSuffix("Total: 45,010 parameters\n"))
        let summary = shell.run("summary(net, [1, 28, 28])")
        #expect(summary.contains("7  Linear(320 → 120)              [1, 120]         38,520"))
    }

    @Test func aForwardAndBackwardPassByHand() {
        let shell = session()
        #expect(shell.run("out = net.forward(img); out.shape") == "torch.Size([8, 10])\n")
        #expect(shell.run("loss.forward(out, labels)").hasPrefix("tensor(2."))
        shell.run("g = loss.backward(); dx = net.backward(g)")
        #expect(shell.run("net[0].weight.grad.shape") == "torch.Size([10, 1, 5, 5])\n")
        #expect(
            shell.run("net[0].output.shape, net[3].grad_output.shape")
                == "(torch.Size([8, 10, 24, 24]), torch.Size([8, 20, 8, 8]))\n")
        #expect(shell.run("dx.shape") == "torch.Size([8, 1, 28, 28])\n")
        let printout = shell.run("net")
        #expect(printout.hasPrefix("Sequential (45,010 parameters, last pass)"))
        #expect(printout.contains("9  Linear(120 → 10)               [8, 10]"))
    }

    @Test func anOptimizerStepLowersTheLoss() {
        let shell = session()
        shell.run("opt = SGD(net, lr=0.05, momentum=0.9)")
        let output = shell.run(
            """
            for i in range(3):
                l = loss.forward(net(img), labels)
                net.backward(loss.backward()); opt.step(); opt.zero_grad()
                print(i, round(l.item(), 4))
            """)
        let losses = output.split(separator: "\n").compactMap { Double($0.split(separator: " ").last ?? "") }
        #expect(losses.count == 3)
        #expect(losses[2] < losses[0])
        #expect(shell.run("SGD(net.parameters(), lr=0.1)").hasPrefix("SGD(lr 0.1"))
    }

    @Test func picturesAndStatistics() {
        let shell = session()
        #expect(shell.run("show(img[0])").split(separator: "\n").count == 14)
        let filters = shell.run("show(net[0].weight)")
        #expect(filters.contains("shared scale"))
        #expect(shell.run("hist(net[0].weight, bins=5)").split(separator: "\n").count == 6)
        #expect(shell.run("stats(tensor([1, 2, 0]))").contains("zeros 33.3%"))
    }

    @Test func gradcheckPassesLayerByLayer() {
        let shell = session()
        let report = shell.run("gradcheck(net, img[0:2], labels[0:2], loss)")
        #expect(report.hasSuffix("gradient check passed\n"), "\(report)")
        #expect(report.contains("0.weight: passed"))
    }

    @Test func stepsWalkTheBackwardPassOneLayerAtATime() {
        let shell = session()
        shell.run("s = steps(net, img, labels, loss)")
        #expect(shell.run("s").contains("next: backward through layer 9, Linear(120 → 10)"))
        let first = shell.run("s.next()")
        #expect(first.hasPrefix("backward through layer 9, Linear(120 → 10)\n  gradient in   [8, 10]"))
        #expect(first.contains("  dweight      [10, 120]"))
        #expect(first.contains("finite-difference check: passed"))
        #expect(shell.run("s.next()").hasPrefix("backward through layer 8, ReLU()"))
        let rest = shell.run("s.run()")
        #expect(rest.hasSuffix("reached the input: the backward pass is complete\n"))
        #expect(shell.run("s.done") == "True\n")
        let forward = shell.run("f = steps(net, img); f.next()")
        #expect(forward.hasPrefix("forward through layer 0, Conv2d(1 → 10, kernel 5)"))
    }

    @Test func stepsStopAtTheLayerThatMadeNaN() {
        let shell = session()
        shell.run("net[7].weight[0, 0] = float('nan')")
        let report = shell.run("s = steps(net, img, labels, loss); s.run()")
        #expect(report.contains("stopped: layer"), "\(report)")
    }

    @Test func helpAndDir() {
        let shell = session()
        let help = shell.run("help(Conv2d)")
        #expect(help.hasPrefix("Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True)\n"))
        #expect(help.contains("  padding       zeros added on every side (default 0)"))
        #expect(shell.run("help()").contains("Layers:"))
        #expect(shell.run("dir(net)").contains("'zero_grad'"))
        #expect(shell.run("help(net.forward)").hasPrefix("Module.forward(input)"))
    }

    @Test func printOptionsSwitchNotation() {
        let shell = CapturedSession()
        #expect(shell.run("tensor([2e-5, 1e-3])") == "tensor([2.0000e-05, 1.0000e-03], shape=[2])\n")
        shell.run("set_printoptions(precision=2, sci_mode=False)")
        #expect(shell.run("tensor([2e-5, 0.5])") == "tensor([0.00, 0.50], shape=[2])\n")
    }

    @Test func earlierValuesStayReachable() {
        let shell = CapturedSession()
        shell.run("1 + 1")
        shell.run("x = 5")
        shell.run("3 * 3")
        #expect(shell.run("_ + Out[1]") == "11\n")
    }

    @Test func magicCommands() throws {
        let shell = CapturedSession()
        let repl = REPL(session: shell.session)
        repl.submit("w = randn(2, 3)")
        repl.submit("n = 4")
        let before = shell.output.count
        repl.submit("%who")
        let who = String(shell.output.dropFirst(before))
        #expect(who.contains("| n    | int    |        |"), "\(who)")
        #expect(who.contains("| w    | Tensor | [2, 3] |"))
        let historyStart = shell.output.count
        repl.submit("%history")
        #expect(String(shell.output.dropFirst(historyStart)).hasPrefix("  1: w = randn(2, 3)\n  2: n = 4\n"))
        let timeStart = shell.output.count
        repl.submit("%time n * 2")
        #expect(String(shell.output.dropFirst(timeStart)).contains("Wall time: "))
        let path = NSTemporaryDirectory() + "ember-run-\(UUID().uuidString).ember"
        try "m = n + 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        repl.submit("%run \(path)")
        #expect(shell.run("m") == "5\n")
        repl.submit("%reset")
        #expect(shell.run("n").contains("NameError: name 'n' is not defined"))
        #expect(repl.submit("%nope") == .failure)
    }
}
