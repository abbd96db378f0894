import EmberShell
import Testing

/// `torch.NAME(tensor, …)`, the function forms of tensor methods, and the named tuples that
/// `max` and `min` give along a dim.
@Suite struct TorchFunctionTests {
    private func shell() -> CapturedSession {
        let shell = CapturedSession()
        shell.run("import torch\nx = torch.tensor([[1., 3.], [5., 2.]])")
        return shell
    }

    /// The `Kind: message` of the error `source` raises, without the position before it.
    private func error(_ shell: CapturedSession, _ source: String) -> String {
        let words =
            shell.run(source).split(separator: "\n").first { $0.contains("Error:") }?.split(separator: " ") ?? []
        return words.drop { !$0.hasSuffix("Error:") }.joined(separator: " ")
    }

    @Test func aFormGivesWhatItsMethodGives() {
        let shell = shell()
        #expect(shell.run("torch.sum(x, dim=1)") == shell.run("x.sum(dim=1)"))
        #expect(shell.run("torch.flatten(torch.ones(2, 3, 4), 1).shape") == "torch.Size([2, 12])\n")
        #expect(shell.run("torch.numel(x)") == "4\n")
    }

    @Test func aFormOnTheTapeKeepsItsGradFn() {
        let shell = shell()
        shell.run("w = torch.tensor([1., 2.], requires_grad=True)")
        #expect(shell.run("torch.sum(w * w)") == "tensor(5., grad_fn=<SumBackward0>)\n")
    }

    @Test func errorsNameTheFunction() {
        let shell = shell()
        #expect(error(shell, "torch.sum('a')") == "TypeError: torch.sum(): expected a tensor as input, got str")
        #expect(
            error(shell, "torch.mean(x, dim='a')") == "TypeError: torch.mean(): argument 'dim' must be int, not str")
        #expect(
            error(shell, "torch.sum(x, axis=1)") == "TypeError: torch.sum() got an unexpected keyword argument 'axis'")
        #expect(error(shell, "torch.reshape(x, 2.5)") == "TypeError: torch.reshape(): sizes must be ints, not float")
        #expect(
            error(shell, "torch.maximum(x, 2)") == "TypeError: torch.maximum(): expected a tensor as other, got int")
        #expect(
            error(shell, "x.numpy()")
                == "RuntimeError: numpy(): Ember has no NumPy; x.tolist() gives the values as lists")
    }

    @Test func maxAlongADimIsANamedTuple() {
        let shell = shell()
        shell.run("r = x.max(1)")
        #expect(shell.run("r.values") == shell.run("r[0]"))
        #expect(shell.run("r.indices") == shell.run("r[1]"))
        #expect(shell.run("len(r)") == "2\n")
        #expect(shell.run("v, i = torch.min(x, 0)\ni") == "tensor([0, 1], shape=[2])\n")
        #expect(shell.run("r").hasPrefix("torch.return_types.max(\nvalues=tensor([3., 5.]"))
        #expect(error(shell, "r[2]") == "IndexError: tuple index out of range")
    }

    @Test func maxOfTwoTensorsIsElementWise() {
        let shell = shell()
        #expect(
            shell.run("(torch.max(x, torch.tensor(2.)) == torch.maximum(x, torch.tensor(2.))).all()")
                == "tensor(True)\n")
        #expect(shell.run("torch.min(x, torch.tensor([2., 2.])).tolist()") == "[[1.0, 2.0], [2.0, 2.0]]\n")
    }

    @Test func eyeIsTheIdentity() {
        let shell = shell()
        #expect(shell.run("torch.eye(2, 3).tolist()") == "[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]\n")
        #expect(error(shell, "torch.eye(-1)") == "ValueError: eye: n must be at least 0, got -1")
    }
}
