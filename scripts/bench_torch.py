# The article's MNIST network (section 5.2) in PyTorch: samples/s at a given batch size, on
# pre-loaded tensors and through a DataLoader as the article's script does. Used by bench-train.ts.
import sys, time
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

data_dir, steps, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
raw = open(f'{data_dir}/train-images-idx3-ubyte', 'rb').read()[16:]
x = torch.tensor(np.frombuffer(raw, dtype=np.uint8).reshape(-1, 784)[: steps * batch].astype(np.float32) / 127.5 - 1)
y = torch.tensor(np.frombuffer(open(f'{data_dir}/train-labels-idx1-ubyte', 'rb').read()[8:], dtype=np.uint8)[: steps * batch].astype(np.int64))

def run(batches):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    start = time.perf_counter()
    for xb, yb in batches:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        loss.item()
    return steps * batch / (time.perf_counter() - start)

print(f'PyTorch {torch.__version__}, pre-loaded tensors\t{run((x[i:i + batch], y[i:i + batch]) for i in range(0, steps * batch, batch))}')
print(f'PyTorch {torch.__version__}, DataLoader\t{run(DataLoader(TensorDataset(x, y), batch_size=batch, shuffle=True))}')
