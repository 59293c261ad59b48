# Exercise 6.8 — dropout (3 points), assignment 06_optimizers_regularization
# Generated from source/06_optimizers_regularization/06_optimizers_regularization.ipynb by `python -m nncourse build`: edit the source, not this file.
class Dropout:
    """Inverted dropout: in training, zero each entry with probability p and scale the rest by
    1 / (1 - p); in evaluation, the identity.

    Parameters
    ----------
    p : float in [0, 1)
        Probability of dropping an entry.
    rng : np.random.Generator
        The source of every mask, the attribute ``rng``.

    Attributes
    ----------
    p, rng, training (bool, True at creation; set by Sequential.train() and .eval())
    """

    def __init__(self, p, rng):
        self.p = p
        self.rng = rng
        self.training = True
        self.mask = None

    def forward(self, x):
        """x: np.ndarray (N, D), not modified -> (N, D).

        Training: x * mask / (1 - p), with a new mask drawn from self.rng at every call that
        keeps each entry with probability 1 - p. Evaluation: x, unchanged.
        """
        self.mask = None
        if self.training and self.p > 0:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x if self.mask is None else x * self.mask

    def backward(self, grad_out):
        """grad_out: dL/d(out), (N, D) -> dL/dx, (N, D): grad_out * mask / (1 - p) with the
        mask of the last forward pass in training; grad_out itself after a forward pass in
        evaluation mode."""
        return grad_out if self.mask is None else grad_out * self.mask

    def params(self):
        return []

    def grads(self):
        return []
