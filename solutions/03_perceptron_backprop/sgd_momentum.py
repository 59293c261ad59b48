# Exercise 3.8 — gradient descent with momentum (3 points), assignment 03_perceptron_backprop
# Generated from source/03_perceptron_backprop/03_perceptron_backprop.ipynb by `python -m nncourse build`: edit the source, not this file.
class SGD:
    """Gradient descent with momentum on a dict of parameter arrays.

    For each name:  v <- momentum * v - lr * grad;  param <- param + v,  with v = 0 at the start.
    momentum = 0 is plain gradient descent, param <- param - lr * grad.

    Parameters
    ----------
    lr : float
        Learning rate, > 0.
    momentum : float, default 0.0
        In [0, 1).
    """

    def __init__(self, lr, momentum=0.0):
        self.lr = lr
        self.momentum = momentum
        self.velocity = {}

    def step(self, params, grads):
        """One update of every parameter, in place.

        Parameters
        ----------
        params : dict of np.ndarray (float64)
            Updated in place: each array keeps its identity, its values change.
        grads : dict of np.ndarray
            Same keys and shapes as params. Not modified.
        """
        for name, grad in grads.items():
            v = self.momentum * self.velocity.get(name, 0.0) - self.lr * grad
            self.velocity[name] = v
            params[name] += v
