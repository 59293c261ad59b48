# Exercise 6.7 — decoupled weight decay: AdamW (2 points), assignment 06_optimizers_regularization
# Generated from source/06_optimizers_regularization/06_optimizers_regularization.ipynb by `python -m nncourse build`: edit the source, not this file.
class AdamW(Adam):
    """Adam with decoupled weight decay.

    At every step, first every weight array (ndim >= 2) shrinks, p <- p - lr * weight_decay * p
    (biases are not decayed), then Adam's step runs with grads as they are. Together, for a
    weight: p <- p - lr * (weight_decay * p_old + m_hat / (sqrt(v_hat) + eps)).

    Parameters
    ----------
    lr, beta1, beta2, eps : as for Adam
    weight_decay : float >= 0, default 1e-2
        lambda of the decay, the attribute ``weight_decay``.
    """

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
        super().__init__(lr, beta1, beta2, eps)
        self.weight_decay = weight_decay

    def step(self, params, grads):
        """Decay the weights in place, then Adam's step (params: list of arrays; grads: same
        order and shapes, not modified)."""
        for p in params:
            if p.ndim >= 2:
                p -= self.lr * self.weight_decay * p
        super().step(params, grads)
