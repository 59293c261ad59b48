# Exercise 8.8 — softmax cross-entropy as one node (3 points), assignment 08_autograd
# Generated from source/08_autograd/08_autograd.ipynb by `python -m nncourse build`: edit the source, not this file.
def softmax_cross_entropy(logits, onehot):
    """Mean cross-entropy of softmax(logits) against one-hot targets, as one node.

    Parameters
    ----------
    logits : Tensor, shape (N, C)
        Any real values.
    onehot : np.ndarray, shape (N, C)
        One-hot targets (a constant, not modified).

    Returns
    -------
    Tensor of shape ()
        The mean loss, finite for any logits; _prev (logits,), _op "softmax-ce". Its _backward
        adds out.grad * (softmax(logits.data) - onehot) / N to logits.grad.
    """
    z = logits.data
    shifted = z - z.max(axis=1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = len(z)
    out = Tensor(-(onehot * log_softmax).sum() / n, (logits,), "softmax-ce")

    def _backward():
        logits.grad += out.grad * (np.exp(log_softmax) - onehot) / n

    out._backward = _backward
    return out
