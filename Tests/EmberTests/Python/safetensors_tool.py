"""Reads and writes safetensors files with the reference Python package and numpy.

Usage:
  safetensors_tool.py read FILE          prints each tensor as `name dtype shape values`
  safetensors_tool.py write FILE SPEC    writes the tensors SPEC (a JSON object mapping each
                                         name to {"dtype", "shape", "values"}) to FILE
"""

import json
import sys

import numpy as np
from safetensors.numpy import load_file, save_file


def read(path):
    for name, array in sorted(load_file(path).items()):
        values = " ".join(repr(v) for v in array.reshape(-1).tolist())
        print(f"{name} {array.dtype} {list(array.shape)} {values}")


def write(path, spec_path):
    with open(spec_path) as spec_file:
        spec = json.load(spec_file)
    tensors = {
        name: np.array(entry["values"], dtype=entry["dtype"]).reshape(entry["shape"])
        for name, entry in spec.items()
    }
    save_file(tensors, path)


if __name__ == "__main__":
    if sys.argv[1] == "read":
        read(sys.argv[2])
    else:
        write(sys.argv[2], sys.argv[3])
