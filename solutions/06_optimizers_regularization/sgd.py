# Exercise 6.1 — SGD, momentum and Nesterov momentum (4 points), assignment 06_optimizers_regularization
# Generated from source/06_optimizers_regularization/06_optimizers_regularization.ipynb by `python -m nncourse build`: edit the source, not this file.
class SGD:
    """Gradient descent with optional (Nesterov) momentum, behind the course's interface.

    For every position i of the lists, with a velocity v_i that starts at zeros:
        v_i <- momentum * v_i - lr * g_i
        p_i <- p_i + v_i                            if not nesterov (momentum=0: p_i - lr * g_i)
        p_i <- p_i + momentum * v_i - lr * g_i      if nesterov (with the new v_i)

    Parameters
    ----------
    lr : float > 0
        Learning rate, stored as the attribute ``lr`` and read at every step (a schedule may
        change it between steps).
    momentum : float in [0, 1), default 0.0
    nesterov : bool, default False
    """

    def __init__(self, lr, momentum=0.0, nesterov=False):
        self.lr, self.momentum, self.nesterov = lr, momentum, nesterov
        self.velocities = []

    def step(self, params, grads):
        """One update of every parameter, in place.

        Parameters
        ----------
        params : list of np.ndarray (float64)
            The model's own arrays: their values change, they stay the same objects.
        grads : list of np.ndarray
            Same order and shapes as params; not modified.
        """
        if not self.velocities:
            self.velocities = [np.zeros(p.shape, p.dtype) for p in params]
        for p, g, v in zip(params, grads, self.velocities):
            v[...] = self.momentum * v - self.lr * g
            step = self.momentum * v - self.lr * g if self.nesterov else v
            p += step
