# The article's MNIST network (section 5.2) in PyTorch: samples/s at a given batch size on the same
# data as the other rows of bench-train.ts (the first `digits` training images, cycled), on
# pre-loaded tensors and through a DataLoader as the article's script does. Warm-up steps are not
# timed. Prints one line saying which BLAS library the process actually loaded, then one per row.
import sys, time
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

data_dir, steps, batch, digits, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
raw = open(f'{data_dir}/train-images-idx3-ubyte', 'rb').read()[16:]
x = torch.tensor(np.frombuffer(raw, dtype=np.uint8).reshape(-1, 784)[:digits].astype(np.float32) / 127.5 - 1)
y = torch.tensor(np.frombuffer(open(f'{data_dir}/train-labels-idx1-ubyte', 'rb').read()[8:], dtype=np.uint8)[:digits].astype(np.int64))


def loaded_blas():
    # What the dynamic linker mapped, not what torch was built against: Debian's torch links
    # whatever libblas.so.3 the system's alternatives point at.
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    libs = sorted({line.split()[-1] for line in open('/proc/self/maps') if 'blas' in line.lower() or 'mkl' in line.lower()})
    kind = 'OpenBLAS' if any('openblas' in l for l in libs) else 'MKL' if any('mkl' in l for l in libs) else 'reference BLAS' if libs else 'none found'
    return kind, libs


def run(batches):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    done = 0
    start = None
    for xb, yb in batches:
        if done == warmup:
            start = time.perf_counter()
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        loss.item()
        done += 1
        if done == warmup + steps:
            break
    return steps * batch / (time.perf_counter() - start)


def cycled():
    while True:
        for i in range(0, digits - batch + 1, batch):
            yield x[i:i + batch], y[i:i + batch]


def loader():
    data = DataLoader(TensorDataset(x, y), batch_size=batch, shuffle=True, drop_last=True)
    while True:
        yield from data


kind, libs = loaded_blas()
print(f'blas\t{kind}\t{" ".join(libs)}\t{torch.get_num_threads()}')
print(f'PyTorch {torch.__version__}, pre-loaded tensors\t{run(cycled())}')
print(f'PyTorch {torch.__version__}, DataLoader\t{run(loader())}')
