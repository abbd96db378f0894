import EmberShell
import Foundation
import Testing

/// Inputs and values nested far deeper than the native stack allows recursion for: each must be
/// refused with an error, or printed, compared and freed without recursing once per level.
@Suite struct DeepInputTests {
    @Test func longChainsAreRefusedWithAnError() {
        let shell = CapturedSession()
        let terms = Array(repeating: "1", count: 20_000)
        let chains = [
            terms.joined(separator: "+"), terms.joined(separator: " or "), "a" + String(repeating: ".b", count: 20_000),
            "f" + String(repeating: "()", count: 20_000), "x" + String(repeating: "[0]", count: 20_000),
        ]
        for chain in chains {
            #expect(
                shell.run(chain).contains("SyntaxError: expression too long (more than 500 operations in a chain)"))
        }
        #expect(shell.run("2" + String(repeating: "**2", count: 20_000)).contains("too deeply nested"))
        let brackets = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
        #expect(shell.run(brackets).contains("SyntaxError: too deeply nested (more than 200 levels)"))
        #expect(shell.run(String(repeating: "-", count: 20_000) + "1").contains("too deeply nested"))
        // Chains of ordinary length still work.
        #expect(shell.run(Array(repeating: "1", count: 400).joined(separator: "+")) == "400\n")
        #expect(shell.run("1 + 1") == "2\n")
    }

    @Test func deeplyNestedValuesPrintCompareAndFree() {
        let shell = CapturedSession()
        shell.run("x = []\nfor i in range(50000): x = [x]\n")
        #expect(shell.run("s = str(x); len(s), s[:3], s[-3:]") == "(100002, '[[[', ']]]')\n")
        #expect(shell.run("x == x, len(x)") == "(True, 1)\n")
        shell.run("y = x; x = 0")
        shell.run("y = 0")
        shell.run("t = ()\nfor i in range(50000): t = (t,)\n")
        #expect(shell.run("len(str(t))") == "150002\n")
        shell.run("t = 0")
        shell.run("d = {}\nfor i in range(50000): d = {1: d}\n")
        #expect(shell.run("len(str(d))") == "250002\n")
        shell.run("d = 0")
        shell.run("m = []\nfor i in range(30000): m = [m, (m,), {2: m}]\n")
        shell.run("m = 0")
        #expect(shell.run("print('still here')") == "still here\n")
    }

    @Test func deepValuesAreFreedOnASmallStack() {
        // 512 KiB holds a few thousand frames: recursion once per level would overflow it.
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var output = ""
        let thread = Thread {
            let session = ShellSession(write: { output += $0 })
            session.execute("x = []\nfor i in range(50000): x = [x]\n")
            session.execute("len(str(x))")
            session.execute("x = 0")
            // Shared items, each freed once.
            session.execute("y = []\nfor i in range(50000): y = [y, (y,)]\n")
            session.execute("y = 0")
            session.execute("print('freed')")
            finished.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        finished.wait()
        #expect(output == "100002\nfreed\n")
    }

    @Test func aSequentialCannotHoldItself() {
        let shell = CapturedSession()
        shell.run("net = Sequential(Linear(2, 2)); other = Sequential(net)")
        let refused =
            "ValueError: Sequential.append: a Sequential cannot hold itself, directly or through another container"
        #expect(shell.run("net.append(net)").contains(refused))
        #expect(shell.run("net.append(other)").contains(refused))
        #expect(shell.run("len(net), len(other)") == "(1, 1)\n")
        #expect(shell.run("net(randn(1, 2)).shape") == "torch.Size([1, 2])\n")
        shell.run("a = Sequential(ReLU())\nfor i in range(99): a = Sequential(a)\n")
        #expect(
            shell.run("Sequential(a)").contains(
                "ValueError: Sequential: containers nested more than 100 deep; use fewer levels of Sequential"))
        #expect(shell.run("b = Sequential(); b.append(a)").contains("nested more than 100 deep"))
        // A layer used twice is no cycle.
        shell.run("c = Sequential(ReLU()); d = Sequential(c, c); d.append(c)")
        #expect(shell.run("len(d)") == "3\n")
    }
}
