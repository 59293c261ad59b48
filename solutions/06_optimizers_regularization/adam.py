# Exercise 6.3 — Adam (3 points), assignment 06_optimizers_regularization
# Generated from source/06_optimizers_regularization/06_optimizers_regularization.ipynb by `python -m nncourse build`: edit the source, not this file.
class Adam:
    """Adam with bias correction.

    At every call of step, t <- t + 1 (t = 1 at the first step), then for every position i of
    the lists, with m_i and v_i starting at zeros:
        m_i <- beta1 * m_i + (1 - beta1) * g_i
        v_i <- beta2 * v_i + (1 - beta2) * g_i ** 2
        p_i <- p_i - lr * m_hat / (sqrt(v_hat) + eps),
               m_hat = m_i / (1 - beta1 ** t),  v_hat = v_i / (1 - beta2 ** t)

    Parameters
    ----------
    lr : float > 0, default 1e-3
        Learning rate, the attribute ``lr``, read at every step.
    beta1, beta2 : floats in [0, 1), defaults 0.9 and 0.999
    eps : float > 0, default 1e-8
    """

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t = 0
        self.m = self.v = None

    def step(self, params, grads):
        """One update of every parameter, in place (params: list of arrays; grads: same order
        and shapes, not modified)."""
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        correction1 = 1 - self.beta1 ** self.t
        correction2 = 1 - self.beta2 ** self.t
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * g * g
            p -= self.lr * (m / correction1) / (np.sqrt(v / correction2) + self.eps)
