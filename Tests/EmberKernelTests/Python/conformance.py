"""jupyter_kernel_test's conformance suite against the Ember kernel, from a kernelspec installed
into a temporary prefix; every message is validated against the protocol's schemas.

    python conformance.py EMBER_BINARY
"""

import os
import subprocess
import sys
import tempfile
import unittest

import jupyter_kernel_test


class EmberKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "ember-conformance"
    language_name = "python"
    file_extension = ".ember"

    code_hello_world = "print('hello, world')"
    completion_samples = [{"text": "zeros_l", "matches": {"zeros_like"}}]
    complete_code_samples = ["1", "print('hello, world')", "def f(x):\n    return x\n"]
    incomplete_code_samples = ["print('hello'", "def f(x):", "x = [1,"]
    invalid_code_samples = ["x = )", "1 +* 2"]
    code_generate_error = "1 / 0"
    code_execute_result = [{"code": "6 * 7", "result": "42"}, {"code": "'ab' + 'cd'", "result": "'abcd'"}]
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "zeros"
    code_display_data = [{"code": "show(zeros(4, 4))", "mime": "image/png"}, {"code": "hist(randn(50))", "mime": "image/png"}]


def main():
    ember = sys.argv.pop(1)
    with tempfile.TemporaryDirectory() as prefix:
        subprocess.run(
            [ember, "kernel", "install", "--prefix", prefix, "--name", "ember-conformance"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
        program = unittest.main(module=__name__, exit=False, verbosity=2)
    result = program.result
    # Skipped tests are the suite's optional parts that need samples Ember has no use for.
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)


if __name__ == "__main__":
    main()
