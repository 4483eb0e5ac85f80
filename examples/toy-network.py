# The toy network of section 4.4, corrected so it runs (shown in the guide; the TypeScript twin in
# src/lib/nn/toy.ts is what the page executes). Needs numpy.
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def forward(X, W1, B1, W2, B2):
    Z1 = X @ W1 + B1            # (1, 2)
    H = relu(Z1)
    Y = sigmoid(H @ W2 + B2)    # (1, 2)
    return Z1, H, Y


def backward(X, Z1, H, Y, Y_true, W2):
    # Loss: mean squared error over the outputs, L = mean((Y - Y_true)**2)
    d2 = 2 / Y.shape[1] * (Y - Y_true) * Y * (1 - Y)   # dL/d(H @ W2 + B2)
    d1 = (d2 @ W2.T) * (Z1 > 0)                        # dL/dZ1
    return X.T @ d1, d1.sum(axis=0), H.T @ d2, d2.sum(axis=0)


class NeuralNetwork:
    def __init__(self, seed=42):
        rng = np.random.default_rng(seed)
        self.W1 = rng.random((3, 2))
        self.B1 = rng.random(2)
        self.W2 = rng.random((2, 2))
        self.B2 = rng.random(2)

    def train(self, X, Y_true, epochs=1000, learning_rate=0.1):
        for epoch in range(epochs):
            Z1, H, Y = forward(X, self.W1, self.B1, self.W2, self.B2)
            dW1, dB1, dW2, dB2 = backward(X, Z1, H, Y, Y_true, self.W2)
            self.W1 -= learning_rate * dW1
            self.B1 -= learning_rate * dB1
            self.W2 -= learning_rate * dW2
            self.B2 -= learning_rate * dB2
        return np.mean((Y - Y_true) ** 2)

    def predict(self, X):
        return forward(X, self.W1, self.B1, self.W2, self.B2)[2]


nn = NeuralNetwork()
X_train = np.array([[1.0, 2.0, 3.0]])   # one row, three inputs
Y_train = np.array([[0.5, 0.6]])        # one row, two targets: same shape as the output
X_test = np.array([[4.0, 5.0, 6.0]])

nn.train(X_train, Y_train, epochs=1000)
print(nn.predict(X_train))   # ≈ [[0.5 0.6]]
print(nn.predict(X_test))    # an input it never saw: no target to compare with
