# Writes torch_features.* with PyTorch itself (torch 2.13.0 CPU, safetensors 0.8.0, numpy 2.4.6,
# in a throwaway virtual environment; the tests never need PyTorch). Run from this folder:
# python3 make_torch_fixtures.py
#
# - torch_features.safetensors: the state_dict of a module that keeps its layers in
#   `self.features`, so every name starts with `features.`, after three training-mode forwards
#   (the running statistics and num_batches_tracked are not their initial values).
# - torch_features_input.npy, torch_features_output.npy: an input batch and the module's output
#   for it in eval mode, which Ember must reproduce after loading the file.
import numpy as np
import torch
from safetensors.torch import save_file
from torch import nn


class Features(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(8, 3)
        )

    def forward(self, x):
        return self.features(x)


torch.manual_seed(0)
net = Features()
with torch.no_grad():
    for _ in range(3):
        net(torch.randn(5, 1, 4, 4) * 2 + 1)
    net.eval()
    x = torch.randn(4, 1, 4, 4)
    y = net(x)
save_file(net.state_dict(), "torch_features.safetensors")
np.save("torch_features_input.npy", x.numpy())
np.save("torch_features_output.npy", y.numpy())
