# Exercise 4.3 — activation layers (4 points), assignment 04_layered_mlp
# Generated from source/04_layered_mlp/04_layered_mlp.ipynb by `python -m nncourse build`: edit the source, not this file.
class Sigmoid:
    """1 / (1 + exp(-x)), elementwise, without overflow; no parameters."""

    def forward(self, x):
        """x: any shape, e.g. (N, d) -> same shape. Caches the output."""
        e = np.exp(-np.abs(x))
        self.out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        return self.out

    def backward(self, grad_out):
        """grad_out: shape of the output -> dL/dx = grad_out * s * (1 - s), s the cached output."""
        return grad_out * self.out * (1.0 - self.out)

    def params(self):
        return []

    def grads(self):
        return []

    def __repr__(self):
        return "Sigmoid()"


class Tanh:
    """tanh(x), elementwise; no parameters."""

    def forward(self, x):
        """x: any shape -> same shape. Caches the output."""
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad_out):
        """grad_out: shape of the output -> dL/dx = grad_out * (1 - t ** 2), t the cached output."""
        return grad_out * (1.0 - self.out ** 2)

    def params(self):
        return []

    def grads(self):
        return []

    def __repr__(self):
        return "Tanh()"


class ReLU:
    """max(x, 0), elementwise; no parameters."""

    def forward(self, x):
        """x: any shape -> same shape. Caches where x > 0."""
        self.mask = x > 0
        return np.where(self.mask, x, 0.0)

    def backward(self, grad_out):
        """grad_out: shape of the output -> dL/dx = grad_out where x > 0, else 0."""
        return np.where(self.mask, grad_out, 0.0)

    def params(self):
        return []

    def grads(self):
        return []

    def __repr__(self):
        return "ReLU()"
