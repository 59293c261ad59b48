# Exercise 6.2 — RMSProp (2 points), assignment 06_optimizers_regularization
# Generated from source/06_optimizers_regularization/06_optimizers_regularization.ipynb by `python -m nncourse build`: edit the source, not this file.
class RMSProp:
    """RMSProp: every entry's step divided by the root mean square of its recent gradients.

    For every position i of the lists, with s_i starting at zeros:
        s_i <- rho * s_i + (1 - rho) * g_i ** 2
        p_i <- p_i - lr * g_i / (sqrt(s_i) + eps)          (eps outside the square root)

    Parameters
    ----------
    lr : float > 0, default 1e-3
        Learning rate, the attribute ``lr``, read at every step.
    rho : float in [0, 1), default 0.9
        Decay of the running average of squared gradients.
    eps : float > 0, default 1e-8
    """

    def __init__(self, lr=1e-3, rho=0.9, eps=1e-8):
        self.lr, self.rho, self.eps = lr, rho, eps
        self.squares = None

    def step(self, params, grads):
        """One update of every parameter, in place (params: list of arrays; grads: same order
        and shapes, not modified)."""
        if self.squares is None:
            self.squares = [np.zeros_like(p) for p in params]
        for p, g, s in zip(params, grads, self.squares):
            s *= self.rho
            s += (1 - self.rho) * g * g
            p -= self.lr * g / (np.sqrt(s) + self.eps)
