# The listing of section 4.4 exactly as the article prints it. It does not run: see chapter 4.
import numpy as np

# 定义激活函数
def sigmoid(x):
    return 1 / (1 + np.exp(-x))

# 定义ReLU函数
def relu(x):
    return np.maximum(0, x)

# 定义前向传播
def forward(X, W1, B1, W2, B2):
    H = relu(np.dot(X, W1) + B1)
    Y = sigmoid(np.dot(H, W2) + B2)
    return H, Y

# 定义反向传播
def backward(Y, Y_prime, H, X, W1, W2):
    dW2 = np.dot(H.T, (Y - Y_prime))
    dH = np.dot(W2.T, (Y - Y_prime)) * (H > 0)
    dW1 = np.dot(X.T, (np.dot(W2.T, (Y - Y_prime)) * (H > 0)))
    return dW1, dW2

# 定义神经网络模型
class NeuralNetwork:
    def __init__(self):
        # 初始化权重和偏置
        self.W1 = np.random.rand(3, 2)
        self.B1 = np.random.rand(2)
        self.W2 = np.random.rand(2, 2)
        self.B2 = np.random.rand(2)

    def train(self, X, Y, Y_prime, epochs=1000, learning_rate=0.1):
        for epoch in range(epochs):
            H, Y = forward(X, self.W1, self.B1, self.W2, self.B2)
            dW1, dW2 = backward(Y, Y_prime, H, X, self.W1, self.W2)
            self.W1 -= learning_rate * dW1
            self.B1 -= learning_rate * (H * (1 - H))
            self.W2 -= learning_rate * dW2
            self.B2 -= learning_rate * (1 - Y) * Y_prime

    def predict(self, X):
        H, Y = forward(X, self.W1, self.B1, self.W2, self.B2)
        return Y

# 创建神经网络实例
nn = NeuralNetwork()

# 定义训练数据
X_train = np.array([[1, 2, 3]])
Y_train = np.array([[0.5], [0.6]])

# 定义预测数据
X_test = np.array([[4, 5, 6]])

# 训练神经网络
nn.train(X_train, Y_train, epochs=1000)

# 预测结果
Y_pred = nn.predict(X_test)
print(Y_pred)
