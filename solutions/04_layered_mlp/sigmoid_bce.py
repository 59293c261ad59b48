# Exercise 4.6 — sigmoid and binary cross-entropy, fused (3 points), assignment 04_layered_mlp
# Generated from source/04_layered_mlp/04_layered_mlp.ipynb by `python -m nncourse build`: edit the source, not this file.
class SigmoidBinaryCrossEntropy:
    """The mean binary cross-entropy of sigmoid(logits) against 0/1 targets, computed from the logits."""

    def forward(self, logits, target):
        """logits: (N, 1) any real values, target: (N, 1) of 0s and 1s -> float:
        the mean of max(z, 0) - y z + log(1 + exp(-|z|)), exact for any z. Caches what backward needs."""
        e = np.exp(-np.abs(logits))
        self.p = np.where(logits >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        self.y = target
        return float(np.mean(np.maximum(logits, 0.0) - target * logits + np.log1p(e)))

    def backward(self):
        """-> dL/dlogits = (sigmoid(logits) - target) / N: (N, 1)."""
        return (self.p - self.y) / self.p.size
