# Exercise 5.5 — SGD with momentum (2 points), assignment 05_digits_mnist
# Generated from source/05_digits_mnist/05_digits_mnist.ipynb by `python -m nncourse build`: edit the source, not this file.
class MomentumSGD:
    """SGD with momentum: v <- momentum * v - lr * g, then p <- p + v, for every parameter."""

    def __init__(self, params, lr=0.1, momentum=0.9):
        """
        Parameters
        ----------
        params : list of np.ndarray
            The model's own parameter arrays, updated in place by step().
        lr : float
            Learning rate (eta).
        momentum : float in [0, 1)
            mu; 0 gives plain SGD.
        """
        self.params = params
        self.lr = lr
        self.momentum = momentum
        self.velocities = [np.zeros_like(p) for p in params]

    def step(self, grads):
        """One update of every parameter, in place.

        Parameters
        ----------
        grads : list of np.ndarray
            Gradients in the order of params, same shapes.
        """
        for p, v, g in zip(self.params, self.velocities, grads):
            v *= self.momentum
            v -= self.lr * g
            p += v
