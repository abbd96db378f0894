# Writes torch_resnet/*.npy with PyTorch's autograd (torch 2.13.0 CPU, numpy 2.4.6, in a
# throwaway virtual environment; the tests never need PyTorch). Run from this folder:
# python3 make_torch_resnet_fixture.py
#
# A small residual network, the input gradient and every parameter's gradient of its
# cross-entropy loss, for one batch:
#   h = relu(stem(x)); r = relu(conv2(relu(conv1(h))) + h); out = fc(flatten(max_pool2d(r, 2)))
#   loss = cross_entropy(out, y)
# - x.npy [4, 1, 4, 4] and y.npy [4] (class indices as float32): the batch.
# - stem_weight.npy … fc_bias.npy: the parameters; loss.npy: the loss.
# - x_grad.npy, stem_weight_grad.npy … fc_bias_grad.npy: the gradients from loss.backward().
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
stem = nn.Conv2d(1, 2, 3, padding=1)
conv1 = nn.Conv2d(2, 2, 3, padding=1)
conv2 = nn.Conv2d(2, 2, 3, padding=1)
fc = nn.Linear(8, 3)
x = torch.randn(4, 1, 4, 4, requires_grad=True)
y = torch.tensor([0, 2, 1, 2])

h = F.relu(stem(x))
r = F.relu(conv2(F.relu(conv1(h))) + h)
out = fc(torch.flatten(F.max_pool2d(r, 2), 1))
loss = F.cross_entropy(out, y)
loss.backward()

folder = "torch_resnet"
np.save(f"{folder}/x.npy", x.detach().numpy())
np.save(f"{folder}/y.npy", y.numpy().astype(np.float32))
np.save(f"{folder}/loss.npy", loss.detach().numpy().astype(np.float32))
np.save(f"{folder}/x_grad.npy", x.grad.numpy())
for name, module in [("stem", stem), ("conv1", conv1), ("conv2", conv2), ("fc", fc)]:
    for kind in ["weight", "bias"]:
        parameter = getattr(module, kind)
        np.save(f"{folder}/{name}_{kind}.npy", parameter.detach().numpy())
        np.save(f"{folder}/{name}_{kind}_grad.npy", parameter.grad.numpy())
