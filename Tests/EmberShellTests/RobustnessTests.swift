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
        shell.run("net = Sequential(Linear(2, 2)); before = net[0].weight.data.clone()")
        shell.run("alias = net[0].weight.data")
        shell.run("for p in net.parameters():\n    p -= 0.5\n")
        #expect(shell.run("(net[0].weight.data - before).sum().item()") == "-2.0\n")
        shell.run("net[0].weight -= 1")
        #expect(shell.run("(net[0].weight.data - before).sum().item()") == "-6.0\n")
        // `.data` shares the parameter's storage, as in PyTorch: the alias saw both updates.
        #expect(shell.run("(alias - before).sum().item()") == "-6.0\n")
        shell.run("alias -= 1")
        #expect(shell.run("(net[0].weight - before).sum().item()") == "-10.0\n")
        #expect(shell.run("a = [1]; b = a; a += [2]; b") == "[1, 2]\n")
        #expect(shell.run("x = 5; y = x; x += 1; y") == "5\n")
        shell.run("counter = 0\ndef bump():\n    global counter\n    counter = counter + 1\n")
        #expect(shell.run("bump(); bump(); counter") == "2\n")
    }
}

/// The extremes of 64-bit integers, very long names and lines, and control characters from
/// files: clear errors, short messages and escaped text, never a trap.
@Suite struct InputExtremesTests {
    @Test func theSmallestIntegerHasNoNegation() {
        let shell = CapturedSession()
        shell.run("m = -2**62 * 2; big = 2**62 - 1 + 2**62")
        let overflow = "OverflowError: integer result too large for 64 bits; use a float (for example 2.0 ** 100)"
        for source in ["-m", "abs(m)", "m // -1", "-(-2**63)", "2**63", "big + 1", "m - 1", "m * -1"] {
            #expect(shell.run(source).contains(overflow), "\(source)")
        }
        #expect(
            shell.run("m % -1, m // 1, m % 1, -big, abs(-big)")
                == "(0, -9223372036854775808, 0, -9223372036854775807, 9223372036854775807)\n")
        #expect(
            shell.run("int('9' * 30)").contains(
                "OverflowError: int('999999999999999999999999999999') is too large for 64 bits"))
        #expect(shell.run("int('-' + '9' * 19)").contains("OverflowError"))
        #expect(shell.run("int('12x')").contains("ValueError: invalid literal for int(): '12x'"))
        #expect(shell.run("1 << 3").contains("SyntaxError"))
    }

    @Test func rangesWithHugeBoundsStayExact() {
        let shell = CapturedSession()
        shell.run("m = -2**62 * 2; big = 2**62 - 1 + 2**62")
        #expect(
            shell.run("range(m, big)").contains(
                "OverflowError: range() would hold more than 9,223,372,036,854,775,807 integers"))
        #expect(shell.run("range(m + 1, big)").contains("OverflowError"))
        #expect(
            shell.run("len(range(0, big)), range(0, big)[-1], big - 1 in range(0, big)")
                == "(9223372036854775807, 9223372036854775806, True)\n")
        #expect(
            shell.run("list(range(big - 3, big, 2)), list(range(m + 3, m, -2))")
                == "([9223372036854775804, 9223372036854775806], [-9223372036854775805, -9223372036854775807])\n")
        #expect(
            shell.run("list(range(0, 10, big)), list(range(big, 0, m)), len(range(big, m, m))")
                == "([0], [9223372036854775807], 2)\n")
        #expect(shell.run("'x' * 2**62").contains("MemoryError: the result would hold 4,611,686,018,427,387,904 items"))
        #expect(shell.run("[0] * 2**62").contains("MemoryError"))
        #expect(shell.run("'ab' * 2**62").contains("MemoryError: the result would hold too many items"))
    }

    @Test func longNamesGiveShortMessagesQuickly() {
        let shell = CapturedSession()
        let name = String(repeating: "x", count: 2_000_000)
        let start = Date()
        let report = shell.run(name)
        #expect(Date().timeIntervalSince(start) < 20)
        let lines = report.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(
            lines[0]
                == "1:1: NameError: name '\(String(repeating: "x", count: 79))… (1,999,922 more characters) is not defined"
        )
        #expect(lines[1] == "    " + String(repeating: "x", count: 100) + "…")
        #expect(lines[2] == "    " + String(repeating: "^", count: 100))
        // A mistyped name of ordinary length still gets its hint.
        shell.run("learning_rate = 0.1")
        #expect(shell.run("learning_rat").contains("did you mean 'learning_rate'?"))
    }

    @Test func theCaretOfALongLineStaysAligned() {
        let shell = CapturedSession()
        let line = "x = [" + String(repeating: "1, ", count: 1000) + "nope_here]"
        let lines = shell.run(line).split(separator: "\n").map(String.init)
        #expect(lines[0] == "1:3006: NameError: name 'nope_here' is not defined")
        #expect(lines[1].count <= 4 + 102 && lines[1].hasPrefix("    …"))
        let caret = Array(lines[2]).firstIndex(of: "^") ?? 0
        let source = Array(lines[1])
        #expect(caret + 9 <= source.count && String(source[caret..<caret + 9]) == "nope_here")
        #expect(lines[2].hasSuffix(" ^^^^^^^^^"))
    }

    @Test func controlCharactersAreShownEscaped() {
        let shell = CapturedSession()
        #expect(shell.run("'a\\x1b[31mb\\tc\\x7f\\x9b'") == "'a\\x1b[31mb\\tc\\x7f\\x9b'\n")
        let report = shell.run("int('\\x1b]0;pwned\\x07')")
        #expect(report.contains("ValueError: invalid literal for int(): '\\x1b]0;pwned\\x07'"))
        #expect(!report.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        // An escape in the source line is escaped there too, the caret under it.
        let lines = shell.run("a = 1 \u{1B} 2").split(separator: "\n").map(String.init)
        #expect(lines == ["1:7: SyntaxError: invalid character '\\x1b'", "    a = 1 \\x1b 2", "          ^^^^"])
        #expect(
            ShellError(.file, "tensor 'w\u{1B}[2J' in model.safetensors").description
                == "OSError: tensor 'w\\x1b[2J' in model.safetensors")
    }

    @Test func tensorNamesFromACheckpointAreShownEscaped() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("names-\(UUID()).safetensors").path
        let header = Array(#"{"w\u001b[31mred":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#.utf8)
        var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) }
        bytes += header + [0, 0, 0, 0]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let shell = CapturedSession()
        let report = shell.run("net = Sequential(Linear(1, 1)); load(net, '\(path)')")
        #expect(report.contains("does not match the model: missing 0.weight, 0.bias; unexpected w\\x1b[31mred"))
        #expect(!report.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func hyperParametersPrintAsTyped() {
        let shell = CapturedSession()
        shell.run("opt = SGD(Sequential(Linear(2, 2)), lr=0.1)")
        #expect(shell.run("opt.lr") == "0.1\n")
        shell.run("opt.lr = 0.003")
        #expect(shell.run("opt.lr, opt.lr * 10") == "(0.003, 0.03)\n")
        #expect(
            shell.run("BatchNorm1d(3).eps, Dropout(0.3).p, LeakyReLU(0.01).negative_slope") == "(1e-05, 0.3, 0.01)\n")
    }
}
