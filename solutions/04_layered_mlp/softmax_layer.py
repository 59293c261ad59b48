# Exercise 4.4 — the Softmax layer (3 points), assignment 04_layered_mlp
# Generated from source/04_layered_mlp/04_layered_mlp.ipynb by `python -m nncourse build`: edit the source, not this file.
class Softmax:
    """Softmax over each row; no parameters."""

    def forward(self, x):
        """x: (N, C) logits -> p: (N, C), rows summing to 1, computed without overflow. Caches p."""
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.p = e / e.sum(axis=1, keepdims=True)
        return self.p

    def backward(self, grad_out):
        """grad_out = dL/dp: (N, C) -> dL/dx = p * (grad_out - row sums of grad_out * p): (N, C)."""
        return self.p * (grad_out - (grad_out * self.p).sum(axis=1, keepdims=True))

    def params(self):
        return []

    def grads(self):
        return []

    def __repr__(self):
        return "Softmax()"
