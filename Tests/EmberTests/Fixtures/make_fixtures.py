# Writes the interoperability fixtures of CheckpointTests and NPYTests with the reference
# implementations: numpy.save for .npy files and safetensors.numpy.save_file for .safetensors.
# Run from this folder: python3 make_fixtures.py
import numpy as np
from safetensors.numpy import save_file


def formula(name, shape):
    # The values CheckpointTests gives the same tensors: exact in float32.
    count = int(np.prod(shape, dtype=np.int64))
    values = [((i * 7 + len(name)) % 13 - 6) / 8 for i in range(count)]
    return np.array(values, dtype=np.float32).reshape(shape)


# Sequential(Linear(3, 2), BatchNorm1d(2), ReLU(), Linear(2, 1)) with chosen values.
small = {
    "0.weight": (np.arange(6, dtype=np.float32).reshape(2, 3) * 0.25 - 0.5),
    "0.bias": np.array([0.1, -0.2], dtype=np.float32),
    "1.weight": np.array([1.5, -2.0], dtype=np.float32),
    "1.bias": np.array([0.0, 3.25], dtype=np.float32),
    "1.running_mean": np.array([0.5, -0.5], dtype=np.float32),
    "1.running_var": np.array([2.0, 0.25], dtype=np.float32),
    "1.num_batches_tracked": np.array(42, dtype=np.int64),
    "3.weight": np.array([[1e-3, -7.0]], dtype=np.float32),
    "3.bias": np.array([123.456], dtype=np.float32),
}
save_file(small, "small_python.safetensors")

# Sequential(Conv2d(1, 2, kernel 3), BatchNorm2d(2), ReLU(), Flatten(), Linear(8, 3)).
conv_shapes = {
    "0.weight": (2, 1, 3, 3), "0.bias": (2,), "1.weight": (2,), "1.bias": (2,),
    "1.running_mean": (2,), "1.running_var": (2,), "4.weight": (3, 8), "4.bias": (3,),
}
conv = {name: formula(name, shape) for name, shape in conv_shapes.items()}
conv["1.num_batches_tracked"] = np.array(7, dtype=np.int64)
save_file(conv, "conv_python.safetensors", metadata={"format": "pt"})

# Arrays for Ember to read.
np.save("numpy_f4.npy", np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 8 - 1)
np.save("numpy_f8_fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3) * 0.5))
np.save("numpy_i8.npy", np.array([-3, 0, 5, 2**40], dtype=np.int64))
np.save("numpy_big_endian.npy", np.array([1.5, -2.25], dtype=">f4"))
np.save("numpy_bool.npy", np.array([[True, False], [False, True]]))

# Arrays whose bytes Ember's writer must reproduce exactly.
np.save("expected_scalar.npy", np.array(3.5, dtype=np.float32))
np.save("expected_vector.npy", np.array([1, 2, 3], dtype=np.float32))
np.save("expected_images.npy", np.arange(32, dtype=np.float32).reshape(2, 1, 4, 4) / 32)
