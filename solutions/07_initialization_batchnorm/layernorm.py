# Exercise 7.8 — layer normalisation (3 points), assignment 07_initialization_batchnorm
# Generated from source/07_initialization_batchnorm/07_initialization_batchnorm.ipynb by `python -m nncourse build`: edit the source, not this file.
class LayerNorm:
    """Layer normalisation of every example (row) over its features: (N, D) -> (N, D).

    gamma (D,) starts at 1, beta (D,) at 0: learnt, listed by params(), gradients by grads().
    eps: added to each row's variance inside the square root. The same in training and eval.
    """

    def __init__(self, n_features, eps=1e-5):
        self.gamma = np.ones(n_features)
        self.beta = np.zeros(n_features)
        self.dgamma = np.zeros(n_features)
        self.dbeta = np.zeros(n_features)
        self.eps = eps

    def forward(self, x):
        """gamma * x_hat + beta, shape (N, D), with x_hat = (x - row mean) / sqrt(row variance + eps)
        (the biased variance of each row). Caches what backward needs; x is not modified."""
        mean = x.mean(axis=1, keepdims=True)
        self.std = np.sqrt(x.var(axis=1, keepdims=True) + self.eps)
        self.x_hat = (x - mean) / self.std
        return self.gamma * self.x_hat + self.beta

    def backward(self, grad_out):
        """dL/dy (N, D) -> dL/dx (N, D); sets self.dgamma and self.dbeta (D,)."""
        self.dbeta = grad_out.sum(axis=0)
        self.dgamma = (grad_out * self.x_hat).sum(axis=0)
        dx_hat = grad_out * self.gamma
        return (dx_hat - dx_hat.mean(axis=1, keepdims=True)
                - self.x_hat * (dx_hat * self.x_hat).mean(axis=1, keepdims=True)) / self.std

    def params(self):
        return [self.gamma, self.beta]

    def grads(self):
        return [self.dgamma, self.dbeta]

    def __repr__(self):
        return f"LayerNorm({len(self.gamma)})"
