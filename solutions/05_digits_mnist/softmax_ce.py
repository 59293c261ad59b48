# Exercise 5.3 — softmax and cross-entropy (3 points), assignment 05_digits_mnist
# Generated from source/05_digits_mnist/05_digits_mnist.ipynb by `python -m nncourse build`: edit the source, not this file.
class SoftmaxCrossEntropy:
    """Softmax over the classes, then the mean cross-entropy against one-hot targets."""

    def forward(self, logits, onehot):
        """Mean cross-entropy of softmax(logits) against onehot; caches what backward needs.

        Parameters
        ----------
        logits : np.ndarray, shape (N, C)
            Any real values (not modified).
        onehot : np.ndarray, shape (N, C)
            One-hot targets.

        Returns
        -------
        float
            L = -1/N * sum_i sum_c onehot[i, c] * log softmax(logits)[i, c].
        """
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.p = np.exp(log_p)
        self.onehot = onehot
        return float(-(onehot * log_p).sum() / len(logits))

    def backward(self):
        """Gradient of the loss of the last forward call with respect to its logits.

        Returns
        -------
        np.ndarray, shape (N, C)
            (softmax(logits) - onehot) / N.
        """
        return (self.p - self.onehot) / len(self.p)
