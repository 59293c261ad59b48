# Exercise 3.8 — gradient descent with momentum (3 points), assignment 03_perceptron_backprop
# Generated from source/03_perceptron_backprop/03_perceptron_backprop.ipynb by `python -m nncourse build`: edit the source, not this file.
class SGD:
    """Gradient descent with momentum on a list of parameter arrays.

    For the parameter at position i:  v_i <- momentum * v_i - lr * g_i;  p_i <- p_i + v_i,
    with v_i = 0 before the first step. momentum = 0 is plain gradient descent, p <- p - lr * g.

    Parameters
    ----------
    lr : float
        Learning rate, > 0. Kept as self.lr and read at every step (a schedule may change it).
    momentum : float, default 0.0
        In [0, 1). Kept as self.momentum.
    """

    def __init__(self, lr, momentum=0.0):
        self.lr = lr
        self.momentum = momentum
        self.velocities = None

    def step(self, params, grads):
        """One update of every parameter, in place.

        Parameters
        ----------
        params : list of np.ndarray (float64)
            The parameters, in the same order at every step. Updated in place: each array keeps
            its identity, its values change.
        grads : list of np.ndarray
            grads[i] is the gradient of params[i], of the same shape. Not modified.
        """
        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in params]
        for p, v, g in zip(params, self.velocities, grads):
            v *= self.momentum
            v -= self.lr * g
            p += v
