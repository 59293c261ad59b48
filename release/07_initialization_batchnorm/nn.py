"""The course's network library: the layers, loss and optimiser you wrote in Assignments 3 and 4.

From Assignment 5 on you import them instead of writing them again::

    from nn import Linear, ReLU, Tanh, Sigmoid, Sequential, mlp, SoftmaxCrossEntropy, SGD

The contract every piece follows (the same as in Assignment 4):

- a layer has ``forward(x)``, which caches what ``backward`` needs, and ``backward(grad_out)``,
  which takes dL/d(output) and returns dL/d(input) after storing the gradients of its own
  parameters; ``params()`` and ``grads()`` list its own arrays (not copies), in the same order;
- a layer that behaves differently while training (dropout, batch norm) has a boolean attribute
  ``training``; ``Sequential.train()`` and ``Sequential.eval()`` set it on every such layer;
- a loss has ``forward(pred, target) -> float`` and ``backward() -> dL/d(pred)``;
- an optimiser has ``step(params, grads)``: it updates the arrays of ``params`` in place, using
  ``grads`` (same order and shapes), and keeps its state (velocities, moments) between calls.
"""
import numpy as np


class Linear:
    """out = x @ W + b, with W of shape (n_in, n_out) and b of shape (n_out,).

    init: "he" (W ~ Normal(0, 2 / n_in), for layers followed by a ReLU) or "glorot"
    (W ~ Uniform(-a, a), a = sqrt(6 / (n_in + n_out))); biases start at 0.
    need_input_grad=False: backward skips dL/dx and returns None (a first layer, whose input is
    the data, needs no input gradient).
    """

    def __init__(self, n_in, n_out, rng, init="he", need_input_grad=True):
        if init == "he":
            self.W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
        elif init == "glorot":
            a = np.sqrt(6.0 / (n_in + n_out))
            self.W = rng.uniform(-a, a, size=(n_in, n_out))
        else:
            raise ValueError(f"init must be 'he' or 'glorot', got {init!r}")
        self.b = np.zeros(n_out)
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)
        self.need_input_grad = need_input_grad

    def forward(self, x):
        """x: (N, n_in) -> (N, n_out). Caches x."""
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad_out):
        """grad_out: (N, n_out) -> dL/dx: (N, n_in), or None without need_input_grad.
        Sets dW (n_in, n_out) and db (n_out,)."""
        self.dW = self.x.T @ grad_out
        self.db = grad_out.sum(axis=0)
        return grad_out @ self.W.T if self.need_input_grad else None

    def params(self):
        return [self.W, self.b]

    def grads(self):
        return [self.dW, self.db]

    def __repr__(self):
        return f"Linear({self.W.shape[0]}, {self.W.shape[1]})"


class ReLU:
    """max(x, 0), elementwise; the derivative at 0 is taken as 0."""

    def forward(self, x):
        self.mask = x > 0
        return np.where(self.mask, x, 0.0)

    def backward(self, grad_out):
        return np.where(self.mask, grad_out, 0.0)

    def params(self):
        return []

    def grads(self):
        return []

    def __repr__(self):
        return "ReLU()"


class Tanh:
    """tanh(x), elementwise."""

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad_out):
        return grad_out * (1.0 - self.out ** 2)

    def params(self):
        return []

    def grads(self):
        return []

    def __repr__(self):
        return "Tanh()"


class Sigmoid:
    """1 / (1 + exp(-x)), elementwise, without overflow for large |x|."""

    def forward(self, x):
        e = np.exp(-np.abs(x))
        self.out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        return self.out

    def backward(self, grad_out):
        return grad_out * self.out * (1.0 - self.out)

    def params(self):
        return []

    def grads(self):
        return []

    def __repr__(self):
        return "Sigmoid()"


class Sequential:
    """Layers applied in order: forward runs them first to last, backward last to first."""

    def __init__(self, layers):
        self.layers = list(layers)

    def forward(self, x):
        """x: (N, n_in) -> the last layer's output."""
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad_out):
        """dL/d(output) -> dL/dx (None when the first layer skips it); every layer stores its
        gradients."""
        for layer in reversed(self.layers):
            grad_out = layer.backward(grad_out)
        return grad_out

    def params(self):
        """[W_1, b_1, W_2, b_2, ...]: every layer's own arrays, in forward order."""
        return [p for layer in self.layers for p in layer.params()]

    def grads(self):
        """The gradients of the last backward pass, in the order of params()."""
        return [g for layer in self.layers for g in layer.grads()]

    def train(self):
        """Training mode for every layer that has one (dropout drops, batch norm uses batch
        statistics). Returns the model."""
        for layer in self.layers:
            if hasattr(layer, "training"):
                layer.training = True
        return self

    def eval(self):
        """Evaluation mode for every layer that has one. Returns the model."""
        for layer in self.layers:
            if hasattr(layer, "training"):
                layer.training = False
        return self

    def n_params(self):
        return sum(p.size for p in self.params())

    def __repr__(self):
        lines = [f"Sequential: {len(self.layers)} layers, {self.n_params()} parameters"]
        lines += [f"  {i}) {layer!r}" for i, layer in enumerate(self.layers, start=1)]
        return "\n".join(lines)


ACTIVATIONS = {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid}


def mlp(sizes, rng, activation="relu"):
    """Linear -> activation -> ... -> Linear, outputting logits: a Sequential.

    sizes: [n_in, h_1, ..., h_k, n_out]; an activation after every Linear layer but the last.
    Hidden layers are initialised "he" before a ReLU and "glorot" otherwise; the output layer
    "glorot". rng draws the weights, first layer first.
    """
    layers = []
    for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        last = k == len(sizes) - 2
        init = "he" if activation == "relu" and not last else "glorot"
        layers.append(Linear(n_in, n_out, rng, init=init))
        if not last:
            layers.append(ACTIVATIONS[activation]())
    return Sequential(layers)


class SoftmaxCrossEntropy:
    """Softmax over the classes fused with the mean cross-entropy against one-hot targets.

    forward(logits (N, C), onehot (N, C)) -> float, by log-sum-exp (finite for any logits);
    backward() -> (softmax(logits) - onehot) / N.
    """

    def forward(self, logits, onehot):
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.p = np.exp(log_p)
        self.onehot = onehot
        return float(-(onehot * log_p).sum() / len(logits))

    def backward(self):
        return (self.p - self.onehot) / len(self.p)


class SGD:
    """Gradient descent with momentum: v <- momentum * v - lr * g; p <- p + v (v starts at 0).

    momentum=0 is plain gradient descent. ``lr`` may be changed between steps (a schedule).
    """

    def __init__(self, lr, momentum=0.0):
        self.lr = lr
        self.momentum = momentum
        self.velocities = None

    def step(self, params, grads):
        """Update every array of params in place from grads (same order and shapes)."""
        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in params]
        for p, v, g in zip(params, self.velocities, grads, strict=True):
            v *= self.momentum
            v -= self.lr * g
            p += v
