import EmberShell
import Testing

@Suite struct InterpreterTests {
    @Test func arithmeticFollowsPython() {
        let shell = CapturedSession()
        #expect(shell.run("1 + 2 * 3") == "7\n")
        #expect(shell.run("7 / 2") == "3.5\n")
        #expect(shell.run("7 // 2; -7 // 2; 7 % 3; -7 % 3") == "3\n-4\n1\n2\n")
        #expect(shell.run("2 ** 10") == "1024\n")
        #expect(shell.run("2 ** -1") == "0.5\n")
        #expect(shell.run("-2 ** 2") == "-4\n")
        #expect(shell.run("(1, 2) + (3,)") == "(1, 2, 3)\n")
        #expect(shell.run("'ab' * 2 + 'c'") == "'ababc'\n")
        #expect(shell.run("1 < 2 <= 2 and not False") == "True\n")
        #expect(shell.run("x = None; x") == "")
        #expect(shell.run("3 if 1 > 2 else 4") == "4\n")
        #expect(shell.run("[i * i for i in range(5) if i % 2 == 0]") == "[0, 4, 16]\n")
    }

    @Test func variablesAndAssignment() {
        let shell = CapturedSession()
        shell.run("a, b = 1, 2\nb, a = a, b")
        #expect(shell.run("a, b") == "(2, 1)\n")
        shell.run("a += 10")
        #expect(shell.run("a") == "12\n")
        shell.run("xs = [1, 2, 3]; xs[0] = 9; xs.append(4)")
        #expect(shell.run("xs") == "[9, 2, 3, 4]\n")
        #expect(shell.run("len(xs), xs[-1], xs[1:3]") == "(4, 4, [2, 3])\n")
    }

    @Test func blocksAndLoops() {
        let shell = CapturedSession()
        let output = shell.run(
            """
            total = 0
            for i in range(10):
                if i % 2 == 0:
                    continue
                elif i > 7:
                    break
                total += i
            print(total)
            """)
        #expect(output == "16\n")
        #expect(shell.run("n = 0\nwhile n < 5:\n    n += 2\nn") == "6\n")
    }

    @Test func functionsAndLambdas() {
        let shell = CapturedSession()
        shell.run("def square(x, power=2):\n    return x ** power")
        #expect(shell.run("square(3), square(2, power=3)") == "(9, 8)\n")
        #expect(shell.run("f = lambda a, b=1: a + b\nf(1)") == "2\n")
    }

    @Test func printFormats() {
        let shell = CapturedSession()
        #expect(shell.run("print('loss', 0.5, sep=': ')") == "loss: 0.5\n")
        #expect(shell.run("print('%d items, %.3f' % (3, 0.12345))") == "3 items, 0.123\n")
        #expect(shell.run("print('{} = {:.2f}'.format('x', 2.5))") == "x = 2.50\n")
        #expect(shell.run("print('a', end='')\nprint('b')") == "ab\n")
    }

    @Test func errorsNameTheFaultAndPointAtIt() {
        let shell = CapturedSession()
        #expect(
            shell.run("y = nett(1)") == """
                1:5: NameError: name 'nett' is not defined; did you mean 'next'?
                    y = nett(1)
                        ^^^^

                """)
        #expect(
            shell.run("x = (1 +\n 2))") == """
                2:4: SyntaxError: unmatched ')'
                     2))
                       ^

                """)
        #expect(shell.run("1 / 0").hasPrefix("1:3: ZeroDivisionError: division by zero"))
        #expect(shell.run("[1, 2][5]").hasPrefix("1:1: IndexError: list index out of range"))
        #expect(
            shell.run("SGD(None, lrr=0.1)").contains(
                "TypeError: SGD() got an unexpected keyword argument 'lrr'; did you mean 'lr'?"))
        #expect(shell.run("Linear(3)").contains("TypeError: Linear() missing 1 required argument: 'out_features'"))
    }

    @Test func stateSurvivesAnError() {
        let shell = CapturedSession()
        shell.run("a = 1")
        shell.run("a = 2; b = undefined_name; a = 3")
        #expect(shell.run("a") == "2\n")
    }

    @Test func incompleteInputAsksForMore() {
        #expect(ShellSession.needsMoreInput("x = (1 +"))
        #expect(ShellSession.needsMoreInput("for i in range(3):"))
        #expect(ShellSession.needsMoreInput("for i in range(3):\n    print(i)"))
        #expect(!ShellSession.needsMoreInput("for i in range(3):\n    print(i)\n"))
        #expect(!ShellSession.needsMoreInput("x = 1 +"))
        #expect(!ShellSession.needsMoreInput("x = 1"))
        #expect(!ShellSession.needsMoreInput("x = 1  # note:"))
        #expect(ShellSession.needsMoreInput("net = Sequential(Linear(2, 3),"))
        #expect(ShellSession.needsMoreInput("for i in range(3):\n    if i > 1:"))
        #expect(ShellSession.needsMoreInput("for i in range(3):\n    if i > 1:\n        print(i)"))
    }
}
