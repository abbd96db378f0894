"""Writes advanced_indexing.json: NumPy's answers for the cases of AdvancedIndexingTests.swift.

Run from this folder with numpy installed: `python3 make_advanced_indexing_fixture.py`.
Every case indexes `np.arange(n, dtype=np.float32).reshape(shape)`. A case records the index,
written entry by entry as Ember's `TensorIndex` cases, and either the selection (for `read`),
the whole tensor after `x[index] = value` (for `assign`), or that NumPy refused the index.
"""

import json

import numpy as np


def array(values):
    values = np.asarray(values, dtype=np.float32)
    return {"shape": list(values.shape), "values": values.ravel().tolist()}


def entry(index):
    """One index entry in the fixture's form, the form Ember's TensorIndex takes."""
    if index is None:
        return {"kind": "newAxis"}
    if index is Ellipsis:
        return {"kind": "ellipsis"}
    if isinstance(index, (bool, np.bool_)) or (isinstance(index, np.ndarray) and index.dtype == bool):
        return {"kind": "mask", "array": array(np.asarray(index, dtype=np.float32))}
    if isinstance(index, (int, np.integer)):
        return {"kind": "at", "value": int(index)}
    if isinstance(index, slice):
        if index == slice(None):
            return {"kind": "all"}
        return {"kind": "range", "start": index.start, "end": index.stop, "step": index.step}
    return {"kind": "positions", "array": array(index)}


def source(shape):
    return np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)


def numpy_index(index):
    # Float arrays stand for Ember's index arrays; NumPy wants them as integers, unless the
    # case is about a value that is not a whole number.
    def convert(item):
        if isinstance(item, list):
            values = np.asarray(item)
            return values if values.dtype.kind == "f" else values.astype(np.intp)
        return item

    return tuple(convert(item) for item in index)


cases = []


def read(name, shape, *index):
    x = source(shape)
    case = {"name": name, "kind": "read", "shape": list(shape), "index": [entry(i) for i in numpy_index(index)]}
    try:
        case["result"] = array(x[numpy_index(index)])
    except (IndexError, ValueError) as error:
        case["kind"] = "error"
        case["numpyError"] = f"{type(error).__name__}: {error}"
    cases.append(case)


def assign(name, shape, value, *index):
    x = source(shape)
    case = {
        "name": name, "kind": "assign", "shape": list(shape),
        "index": [entry(i) for i in numpy_index(index)], "value": array(value),
    }
    try:
        x[numpy_index(index)] = np.asarray(value, dtype=np.float32)
        case["result"] = array(x)
    except (IndexError, ValueError) as error:
        case["kind"] = "error"
        case["numpyError"] = f"{type(error).__name__}: {error}"
    cases.append(case)


x, y = (3, 4), (2, 3, 4)
mask_x = source(x) % 3 == 0
mask_rows = np.array([True, False, True])
mask_y12 = source((3, 4)) % 5 == 1

read("rows [0, 2]", x, [0, 2])
read("columns [1, 0]", x, slice(None), [1, 0])
read("pairs [0, 1], [1, 2]", x, [0, 1], [1, 2])
read("a 2-d index array", x, [[0, 1], [2, 0]])
read("a full-rank mask", x, mask_x)
read("a mask over the first axis", x, mask_rows)
read("a mask over the last two axes", y, slice(None), mask_y12)
read("a mask and an array separated", y, np.array([False, True]), slice(None), [1, 3])
read("an integer, a slice, an array: block first", y, 0, slice(None), [1, 2])
read("arrays around a slice: block first", y, [0, 1], slice(None), [0, 3])
read("arrays around a new axis: block first", y, [1], None, [2])
read("an integer beside an array stays in place", y, slice(None), 0, [3, 1])
read("adjacent arrays broadcast in place", y, slice(None), [[0], [2]], [1, 3])
read("ellipsis, new axis, integer", y, Ellipsis, None, 1)
read("a new axis first", x, None)
read("ellipsis then an array", y, Ellipsis, [0, 2])
read("an array, ellipsis, an array", y, [0], Ellipsis, [1])
read("new axes around an array", x, None, [2, 0], None)
read("negative positions", x, [-1, 0])
read("negative pairs", x, [-1], [-2])
read("a negative integer beside a negative array", y, -1, [0, -1])
read("a repeated row", x, [1, 1, 0])
read("a step slice and repeated columns", y, slice(None, None, 2), slice(None), [0, 0, 1])
read("an array then a slice", y, [1, 0], slice(1, 3))
read("an empty index array", x, np.array([], dtype=np.intp))
read("a 0-d true mask", x, True)
read("a 0-d false mask", x, False)
read("an integer and a 0-d mask", y, 0, True)
read("all-zero mask", x, np.zeros(x, dtype=bool))
read("a full-rank mask of rank 3", y, source(y) % 4 == 3)
read("2-d arrays broadcast in place", y, [[0, 1], [1, 0]], [[2], [0]])
read("one array after a new axis stays in place", y, slice(None), None, [0, 2], slice(1, 3))
read("arrays around an ellipsis: block first", y, [1, 0], Ellipsis, [[3], [0]])
read("integer, array, integer in place", y, 0, [1, 2], 0)
read("negative integer and 2-d negative array separated", y, -1, slice(None), [[-1]])
read("a mask then a slice", x, mask_rows, slice(1, 3))

assign("a scalar into rows", x, 7, [0, 2])
assign("a column broadcast into columns", x, [[10], [20], [30]], slice(None), [1, 0])
assign("repeated rows, the last wins", x, [[1], [2], [3]], [0, 0, 1])
assign("repeated pairs, the last wins", x, [5, 6], [1, 1], [2, 2])
assign("zero where a mask is set", x, 0, source(x) % 2 == 0)
assign("a row broadcast over a separated block", y, [1, 2, 3], 0, slice(None), [1, 2])
assign("through a new axis and an array", x, [8, 9], None, [0], slice(1, 3))
assign("through an ellipsis and a new axis", x, [[1], [2], [3], [4]], Ellipsis, None)
assign("a vector into a mask's selection", x, [-1, -2, -3, -4], mask_x)
assign("repeated columns beside a mask, the last wins", y, [[1], [2]], np.array([True, False]), slice(None), [0, 0])
assign("a broadcast row into pairs", y, [7, 8, 9, 10], [1, 0], [2, 2])
assign("a value that does not fit", x, [1, 2, 3], [0, 1])

read("a position out of range", x, [0, 3])
read("a column out of range", x, slice(None), [4])
read("a negative position out of range", x, [-4])
read("a mask of the wrong shape", x, np.ones((2, 4), dtype=bool))
read("two ellipses", x, Ellipsis, Ellipsis)
read("arrays that do not broadcast", x, [0, 1], [0, 1, 2])
read("too many index arrays", x, [0], [0], [0])
read("a fractional position", x, [1.5])

with open("advanced_indexing.json", "w") as file:
    json.dump({"numpy": np.__version__, "cases": cases}, file, indent=1)
    file.write("\n")
print(f"{len(cases)} cases")
