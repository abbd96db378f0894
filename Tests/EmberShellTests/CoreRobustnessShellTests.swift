import Ember
import EmberShell
import Foundation
import Testing

/// Library errors as the shell shows them: refused shapes, memory that does not suffice and a
/// load stopped by Ctrl-C, each leaving the session running with its variables.
@Suite struct CoreRobustnessShellTests {
    @Test func emptyTensorsWithHugeAxesAreValueErrors() {
        let shell = CapturedSession()
        shell.run("x = zeros(0, 4096, 4096)")
        #expect(
            shell.run("zeros(0, 2**40, 2**40)").hasPrefix(
                "1:1: ValueError: full: shape [0, 1099511627776, 1099511627776] is too large: even empty, its "
                    + "other dimensions multiply past 268435456 elements\n"))
        #expect(shell.run("x") == "tensor([], shape=[0, 4096, 4096])\n")
        #expect(shell.run("x.T.shape") == "torch.Size([4096, 4096, 0])\n")
        #expect(shell.run("x[:, ::2].shape") == "torch.Size([0, 2048, 4096])\n")
    }

    @Test func summariesOfHugeShapesAreValueErrors() {
        let shell = CapturedSession()
        shell.run("net = Sequential(Conv2d(1, 2, 3), Flatten())")
        #expect(
            shell.run("summary(net, [1, 2**62, 8])").hasPrefix(
                "1:1: ValueError: in layer 0, Conv2d(1 → 2, kernel 3): shape [1, 1, 4611686018427387904, 8] is too "
                    + "large (the limit is 268435456 elements)\n"))
        #expect(shell.run("summary(net, [1, 8, 8])").contains("[1, 72]"))
    }

    @Test func memoryThatDoesNotSufficeIsAMemoryError() {
        let shell = CapturedSession()
        shell.run("x = ones(4)")
        MemoryBudget.limit.withValue(1 << 20) {
            #expect(
                shell.run("zeros(1024, 1024)").hasPrefix(
                    "1:1: MemoryError: full: not enough memory for 4 MiB (1 MiB available)\n"))
        }
        #expect(shell.run("x.sum()") == "tensor(4.)\n")
    }

    @Test func ctrlCPendingAtALoadIsAKeyboardInterrupt() throws {
        let directory = NSTemporaryDirectory() + "ember-core-shell-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let shell = CapturedSession()
        shell.run("net = Linear(2, 1)\nsave(net, '\(directory)/net.safetensors')")
        let flag = InterruptFlag()
        shell.session.interpreter.context.interrupt = flag
        flag.raise()
        #expect(shell.run("load(net, '\(directory)/net.safetensors')") == "KeyboardInterrupt\n")
        #expect(shell.run("load(net, '\(directory)/net.safetensors')").isEmpty)
    }
}
