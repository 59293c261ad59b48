# Exercise 4.8 — the optimiser: SGD with momentum (2 points), assignment 04_layered_mlp
# Generated from source/04_layered_mlp/04_layered_mlp.ipynb by `python -m nncourse build`: edit the source, not this file.
class SGD:
    """Gradient descent with momentum: v <- momentum * v - lr * g; p <- p + v, v starting at 0."""

    def __init__(self, lr, momentum=0.0):
        """lr: the learning rate (read again at every step); momentum: mu in [0, 1), 0 for plain SGD."""
        self.lr = lr
        self.momentum = momentum
        self.velocities = None

    def step(self, params, grads):
        """Update every array of params in place from grads (lists of arrays, same order and shapes).

        The velocities (one per position in params, zeros at the first step) are kept between calls;
        grads is not modified.
        """
        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in params]
        for p, v, g in zip(params, self.velocities, grads):
            v *= self.momentum
            v -= self.lr * g
            p += v
