import EmberShell
import Testing

/// The autograd loop a PyTorch user types, with PyTorch's printouts and errors.
@Suite struct AutogradShellTests {
    @Test func backwardFillsTheLeafGradient() {
        let shell = CapturedSession()
        shell.run("x = tensor([1.0, 2.0, 3.0], requires_grad=True)")
        #expect(shell.run("x") == "tensor([1., 2., 3.], shape=[3], requires_grad=True)\n")
        shell.run("y = (x * x + 2 * x).sum()")
        #expect(shell.run("y") == "tensor(26., grad_fn=<SumBackward0>)\n")
        shell.run("y.backward()")
        #expect(shell.run("x.grad") == "tensor([4., 6., 8.], shape=[3])\n")
        shell.run("x.grad.zero_()")
        #expect(shell.run("x.grad") == "tensor([0., 0., 0.], shape=[3])\n")
        shell.run("x.grad = None")
        #expect(shell.run("x.grad is None") == "True\n")
        #expect(shell.run("x.requires_grad, y.is_leaf, y.grad_fn") == "(True, False, <SumBackward0>)\n")
    }

    @Test func requiresGradInPlaceMakesTheNameALeaf() {
        let shell = CapturedSession()
        shell.run("w = tensor([1.0, -2.0]); w.requires_grad_()")
        shell.run("(w * w).sum().backward()")
        #expect(shell.run("w.grad") == "tensor([ 2., -4.], shape=[2])\n")
    }

    @Test func errorsReadAsPyTorchsDo() {
        let shell = CapturedSession()
        shell.run("x = randn(3, requires_grad=True); y = (x * 2).sum(); y.backward()")
        #expect(
            shell.run("y.backward()").contains(
                "RuntimeError: backward: trying to backward through the graph a second time"))
        #expect(
            shell.run("(x * 2).backward()").contains(
                "RuntimeError: backward: grad can be implicitly created only for scalar outputs, got shape [3]"))
    }

    @Test func noGradAndDetachRecordNothing() {
        let shell = CapturedSession()
        shell.run("x = randn(2, requires_grad=True)")
        shell.run("set_grad_enabled(False)")
        #expect(shell.run("(x * 2).requires_grad") == "False\n")
        shell.run("set_grad_enabled(True)")
        #expect(shell.run("(x * 2).requires_grad") == "True\n")
        #expect(shell.run("x.detach().requires_grad") == "False\n")
    }

    @Test func withNoGradRecordsNothingInsideTheBlock() {
        let shell = CapturedSession()
        shell.run("import torch; x = randn(2, requires_grad=True)")
        shell.run("with torch.no_grad():\n    y = x * 2\n    inside = torch.is_grad_enabled()\n")
        #expect(shell.run("y.requires_grad, inside, torch.is_grad_enabled()") == "(False, False, True)\n")
    }

    @Test func noGradObjectSwitchesRecordingForItsBlock() throws {
        let shell = CapturedSession()
        let context = GradModeContext(enabled: false)
        _ = try context.enter(in: shell.session.interpreter.context)
        #expect(shell.run("is_grad_enabled()") == "False\n")
        _ = try context.exit(error: nil, in: shell.session.interpreter.context)
        #expect(shell.run("is_grad_enabled()") == "True\n")
    }

    @Test func theAutogradLoopTrainsAModel() {
        let shell = CapturedSession()
        shell.run(
            """
            import torch
            import torch.nn.functional as F
            net = Sequential(Linear(2, 8), Tanh(), Linear(8, 2))
            x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]); y = tensor([0, 1, 1, 0])
            opt = SGD(net, lr=0.5, momentum=0.9)
            first = F.cross_entropy(net(x), y).item()
            for i in range(200):
                out = net(x)
                loss = CrossEntropyLoss()(out, y)
                opt.zero_grad(); loss.backward(); opt.step()
            """)
        #expect(shell.run("loss.item() < first / 4") == "True\n")
        #expect(shell.run("net(x).argmax(dim=1)") == "tensor([0, 1, 1, 0], shape=[4])\n")
    }

    @Test func residualBlockAndAModuleUsedTwice() {
        let shell = CapturedSession()
        shell.run("conv = Conv2d(2, 2, 3, padding=1); x = randn(1, 2, 4, 4, requires_grad=True)")
        shell.run("out = (conv(x) + x).relu().sum(); out.backward()")
        #expect(shell.run("x.grad.shape") == "torch.Size([1, 2, 4, 4])\n")
        shell.run("lin = Linear(3, 3); a = randn(2, 3)")
        shell.run("lin(lin(a)).sum().backward()")
        #expect(shell.run("lin.weight.grad.abs().sum().item() > 0") == "True\n")
    }

    @Test func graphStepsAndGradcheck() {
        let shell = CapturedSession()
        shell.run("a = tensor([1.0, 2.0], requires_grad=True); b = tensor([3.0, 4.0], requires_grad=True)")
        shell.run("y = (a * b + a).sum()")
        #expect(
            shell.run("graph(y)")
                == """
                3 ops, 2 leaves that need a gradient; backward runs top to bottom
                #1 SumBackward0  → []  ← #2
                #2 AddBackward0  → [2]  ← #3, leaf [2]
                #3 MulBackward0  → [2]  ← leaf [2], leaf [2]

                """)
        shell.run("s = steps(y)")
        #expect(shell.run("s.next()").contains("→ #2 AddBackward0 now holds tensor([1., 1.], shape=[2])"))
        shell.run("s.run()")
        #expect(shell.run("a.grad") == "tensor([4., 5.], shape=[2])\n")
        #expect(
            shell.run("gradcheck(lambda u, v: (u * v).exp().sum(), (randn(3), randn(3)))").hasSuffix(
                "gradient check passed\n"))
    }
}
