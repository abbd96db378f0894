"""Checks an ONNX file Ember exported: onnx's full checker, then onnxruntime on saved inputs.

Usage: check_onnx.py MODEL.onnx INPUT.npy EXPECTED.npy [INPUT.npy EXPECTED.npy ...]

Each input is run through onnxruntime and compared with the output Ember computed for it,
within 1e-5 relative plus 1e-6 absolute, and the largest output of each row (the predicted class)
must be the same. Prints one line per input; exits 1 on any difference.
"""

import sys

import numpy as np
import onnx
import onnxruntime


def main(arguments):
    path, pairs = arguments[0], arguments[1:]
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    names = ([i.name for i in session.get_inputs()], [o.name for o in session.get_outputs()])
    print(f"checked: ir {model.ir_version}, opset {model.opset_import[0].version}, io {names}")
    failed = False
    for input_path, expected_path in zip(pairs[0::2], pairs[1::2]):
        x, expected = np.load(input_path), np.load(expected_path)
        (got,) = session.run(["output"], {"input": x})
        close = got.shape == expected.shape and np.allclose(got, expected, rtol=1e-5, atol=1e-6)
        difference = float(np.max(np.abs(got - expected))) if got.shape == expected.shape else float("inf")
        same = got.shape == expected.shape and bool(np.all(got.argmax(axis=-1) == expected.argmax(axis=-1)))
        print(
            f"batch {x.shape[0]}: output {list(got.shape)}, max difference {difference:.3g}, "
            f"same predictions {same}"
        )
        failed = failed or not close or not same
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
