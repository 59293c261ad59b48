# Exercise 4.5 — losses (6 points), assignment 04_layered_mlp
# Generated from source/04_layered_mlp/04_layered_mlp.ipynb by `python -m nncourse build`: edit the source, not this file.
class MSE:
    """Mean squared error over every entry."""

    def forward(self, pred, target):
        """pred, target: (N, D) -> float, mean of (pred - target) ** 2 over all N * D entries."""
        self.diff = pred - target
        return float(np.mean(self.diff ** 2))

    def backward(self):
        """-> dL/dpred = 2 (pred - target) / (N * D): (N, D)."""
        return 2.0 * self.diff / self.diff.size


class BinaryCrossEntropy:
    """Mean binary cross-entropy of probabilities against 0/1 targets."""

    def forward(self, pred, target, eps=1e-12):
        """pred: (N, 1) probabilities (clipped to [eps, 1 - eps]), target: (N, 1) of 0s and 1s -> float."""
        self.p = np.clip(pred, eps, 1.0 - eps)
        self.y = target
        return float(-np.mean(target * np.log(self.p) + (1.0 - target) * np.log(1.0 - self.p)))

    def backward(self):
        """-> dL/dpred = (p - y) / (p (1 - p)) / N, with the clipped p: (N, 1)."""
        return (self.p - self.y) / (self.p * (1.0 - self.p)) / self.p.size


class SoftmaxCrossEntropy:
    """Softmax over the classes, then the mean cross-entropy against one-hot targets."""

    def forward(self, pred, target):
        """pred: (N, C) logits (any real values), target: (N, C) one-hot -> float, the mean cross-entropy."""
        shifted = pred - pred.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.p = np.exp(log_p)
        self.target = target
        return float(-(target * log_p).sum() / len(pred))

    def backward(self):
        """-> dL/dlogits = (softmax(logits) - target) / N: (N, C)."""
        return (self.p - self.target) / len(self.p)
