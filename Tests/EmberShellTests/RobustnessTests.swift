import EmberShell
import Foundation
import Testing

/// Inputs that once crashed or hung the shell: each must now answer with a value or an error.
@Suite struct RobustnessTests {
    @Test func runawayRecursionAndNestingAreErrors() {
        let shell = CapturedSession()
        shell.run("def f(n):\n    return f(n + 1)\n")
        #expect(shell.run("f(0)").contains("RecursionError: maximum recursion depth exceeded"))
        let parentheses = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(shell.run(parentheses).contains("SyntaxError: too deeply nested (more than 200 levels)"))
        #expect(shell.run(String(repeating: "-", count: 5000) + "1").contains("too deeply nested"))
        #expect(shell.run("1 + 1") == "2\n")
    }

    @Test func integersNeverWrapOrTrap() {
        let shell = CapturedSession()
        #expect(shell.run("2 ** 62") == "4611686018427387904\n")
        #expect(shell.run("2 ** 63").contains("OverflowError: integer result too large for 64 bits"))
        #expect(shell.run("2 ** 62 * 4").contains("OverflowError"))
        #expect(shell.run("3 ** 39") == "4052555153018976267\n")
        #expect(shell.run("(2 ** 60 + 1) % 7, -7 // 2, 7 % -3") == "(2, -4, -2)\n")
        #expect(shell.run("int(1e300)").contains("OverflowError: cannot convert 1e+300 to an integer for int()"))
        #expect(shell.run("round(float('inf'))").contains("OverflowError"))
        #expect(
            shell.run("99999999999999999999").contains(
                "OverflowError: integer literal 99999999999999999999 is too large"))
        #expect(shell.run("1.e5") == "100000.0\n")
    }

    @Test func hugeResultsAreRefusedNotAttempted() {
        let shell = CapturedSession()
        #expect(shell.run("'x' * 10**10").contains("MemoryError: the result would hold 10,000,000,000 items"))
        #expect(shell.run("[0] * 10**12").contains("MemoryError"))
        #expect(shell.run("list(range(10**12))").contains("MemoryError"))
        #expect(shell.run("zeros(100000, 1) + zeros(1, 100000)").contains("is too large"))
        #expect(shell.run("zeros(100000, 1) @ zeros(1, 100000)").contains("is too large"))
        #expect(shell.run("linspace(0, 1, 10**12)").contains("ValueError"))
        #expect(shell.run("'{:>99999999}'.format(1)").contains("format width or precision 99999999 is too large"))
        #expect(
            shell.run("Conv2d(1, 1, 2**40)").contains("ValueError: Conv2d: channels, kernel size and stride must be in")
        )
        #expect(shell.run("MaxPool2d(3, padding=2**62)").contains("ValueError"))
        #expect(shell.run("randint(-2**62, 2**62, (3,))").contains("ValueError"))
    }

    @Test func rangesAreComputedNotWalked() {
        let shell = CapturedSession()
        #expect(shell.run("len(range(10**18)), range(10**18)[5]") == "(1000000000000000000, 5)\n")
        #expect(shell.run("5 in range(10**18, 0, -1), 8 in range(0, 100, 7)") == "(True, False)\n")
    }

    @Test func containersThatHoldThemselves() {
        let shell = CapturedSession()
        #expect(shell.run("a = [1]; a.append(a); a") == "[1, [...]]\n")
        #expect(shell.run("a == a, a in a") == "(True, True)\n")
        #expect(shell.run("d = {}; d[1] = d; d") == "{1: {...}}\n")
        #expect(shell.run("{1: 2} == {1: 2}") == "True\n")
    }

    @Test func formatSpecificationsFollowPython() {
        let shell = CapturedSession()
        #expect(shell.run("'[%5.2s]' % 'abcdef'") == "'[   ab]'\n")
        #expect(shell.run("'%05d|%-4d|' % (-42, 3)") == "'-0042|3   |'\n")
        #expect(
            shell.run("'{:<4}|{:5}|{:>8.3f}|{:^7}|'.format('b', 'a', 1.5, 'ab')") == "'b   |a    |   1.500|  ab   |'\n")
        #expect(
            shell.run("'{0}{0}'.format(1), '{:,}'.format(1234567), '{:.1%}'.format(0.256)")
                == "('11', '1,234,567', '25.6%')\n")
        #expect(
            shell.run("i = 3; l = 0.123456; f'epoch {i}: loss {l:.4f} {i!r:>3} {{x}}'")
                == "'epoch 3: loss 0.1235   3 {x}'\n")
        #expect(shell.run("f'{nett}'").hasPrefix("1:4: NameError: name 'nett' is not defined"))
        #expect(shell.run("for i in range(2): print(f'{i}')\n") == "0\n1\n")
    }

    @Test func windowsLineEndingsAndComments() {
        let shell = CapturedSession()
        #expect(shell.run("x = 1\r\nx\r\n") == "1\n")
        #expect(!ShellSession.needsMoreInput("x = 1  # note:"))
    }

    @Test func inPlaceOperatorsActOnSharedValues() {
        let shell = CapturedSession()
        shell.run("net = Sequential(Linear(2, 2)); before = net[0].weight.data")
        shell.run("for p in net.parameters():\n    p -= 0.5\n")
        #expect(shell.run("(net[0].weight.data - before).sum().item()") == "-2.0\n")
        shell.run("net[0].weight -= 1")
        #expect(shell.run("(net[0].weight.data - before).sum().item()") == "-6.0\n")
        #expect(shell.run("a = [1]; b = a; a += [2]; b") == "[1, 2]\n")
        #expect(shell.run("x = 5; y = x; x += 1; y") == "5\n")
        shell.run("counter = 0\ndef bump():\n    global counter\n    counter = counter + 1\n")
        #expect(shell.run("bump(); bump(); counter") == "2\n")
    }
}
