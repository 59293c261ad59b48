# Exercise 4.2 — the Linear layer (6 points), assignment 04_layered_mlp
# Generated from source/04_layered_mlp/04_layered_mlp.ipynb by `python -m nncourse build`: edit the source, not this file.
class Linear:
    """Fully connected layer, out = x @ W + b; W has shape (n_in, n_out), b shape (n_out,)."""

    def __init__(self, n_in, n_out, rng, init="he"):
        """
        Parameters
        ----------
        n_in, n_out : int
            Input and output features.
        rng : np.random.Generator
            Source of the initial weights.
        init : "he" or "glorot"
            "he": W ~ Normal(0, variance 2 / n_in); "glorot": W ~ Uniform(-a, a),
            a = sqrt(6 / (n_in + n_out)). Anything else raises ValueError.

        Sets W (n_in, n_out), b = 0 (n_out,), and dW, db (zeros of the same shapes).
        """
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

    def forward(self, x):
        """x: (N, n_in) -> out = x @ W + b: (N, n_out). Caches x."""
        self.x = x
        return x @ self.W + self.b

    def backward(self, grad_out):
        """grad_out = dL/d(out): (N, n_out) -> dL/dx: (N, n_in).

        Sets self.dW = dL/dW (n_in, n_out) and self.db = dL/db (n_out,).
        """
        self.dW = self.x.T @ grad_out
        self.db = grad_out.sum(axis=0)
        return grad_out @ self.W.T

    def params(self):
        """[W, b]: the layer's own arrays (not copies)."""
        return [self.W, self.b]

    def grads(self):
        """[dW, db] of the last backward pass, in the order of params()."""
        return [self.dW, self.db]

    def __repr__(self):
        return f"Linear({self.W.shape[0]}, {self.W.shape[1]})"
