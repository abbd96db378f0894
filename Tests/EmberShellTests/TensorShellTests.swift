import EmberShell
import Testing

@Suite struct TensorShellTests {
    @Test func theIssuesOpeningLines() {
        let shell = CapturedSession()
        shell.run("seed(0)\nx = randn(4, 3)\nw = randn(3, 2); b = zeros(2)")
        let result = shell.run("x @ w + b")
        #expect(result.hasPrefix("tensor([["))
        #expect(result.hasSuffix("shape=[4, 2])\n"))
        #expect(shell.run("(x @ w).shape") == "torch.Size([4, 2])\n")
    }

    @Test func seedMakesDrawsRepeat() {
        let shell = CapturedSession()
        let first = shell.run("seed(3); randn(2)")
        let second = shell.run("seed(3); randn(2)")
        #expect(first == second)
        #expect(shell.run("seed(4); randn(2)") != first)
    }

    @Test func indexingAndSlicing() {
        let shell = CapturedSession()
        shell.run("t = arange(12).reshape(3, 4)")
        #expect(shell.run("t[0]") == "tensor([0, 1, 2, 3], shape=[4])\n")
        #expect(shell.run("t[:, 1]") == "tensor([1, 5, 9], shape=[3])\n")
        #expect(shell.run("t[0:2].shape") == "torch.Size([2, 4])\n")
        #expect(shell.run("t[-1, -1].item()") == "11\n")
        shell.run("t[0] = 5")
        #expect(shell.run("t[0]") == "tensor([5, 5, 5, 5], shape=[4])\n")
        #expect(shell.run("t[3]").contains("IndexError: index 3 is out of bounds for dimension 0 with size 3"))
    }

    @Test func methodsWithPyTorchNames() {
        let shell = CapturedSession()
        shell.run("t = tensor([[1, 5, 3], [4, 2, 6]])")
        #expect(shell.run("t.sum(dim=1)") == "tensor([ 9, 12], shape=[2])\n")
        #expect(shell.run("t.float().mean().item()") == "3.5\n")
        #expect(
            shell.run("t.mean()").contains("RuntimeError: mean(): input dtype must be floating point, got torch.int64"))
        #expect(shell.run("values, indices = t.max(1)\nindices") == "tensor([1, 2], shape=[2])\n")
        #expect(shell.run("t.T.shape") == "torch.Size([3, 2])\n")
        #expect(shell.run("(t > 2).sum().item()") == "4\n")
        #expect(shell.run("t.argmax(dim=1, keepdim=True).shape") == "torch.Size([2, 1])\n")
    }

    @Test func tensorErrorsNameShapes() {
        let shell = CapturedSession()
        let output = shell.run("ones(2, 3) + ones(4)")
        #expect(
            output.contains("RuntimeError: add: shapes [2, 3] and [4] cannot be broadcast together (axis 1: 3 vs 4)"))
    }

    @Test func importTorchNamespaces() {
        let shell = CapturedSession()
        shell.run("import torch\nimport torch.nn as nn\nfrom torch.optim import SGD")
        #expect(shell.run("torch.zeros(2).shape") == "torch.Size([2])\n")
        #expect(shell.run("nn.Linear(3, 2)") == "Linear(3 → 2)  (8 parameters)\n")
        #expect(shell.run("type(SGD)") == "<class 'type'>\n")
        #expect(shell.run("type(nn.Sequential())") == "<class 'Sequential'>\n")
        #expect(shell.run("import numpy").contains("ModuleNotFoundError: no module named 'numpy'"))
    }
}
