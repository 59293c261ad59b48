# Exercise 3.2 — an activation and its derivative (1 point), assignment 03_perceptron_backprop
# Generated from source/03_perceptron_backprop/03_perceptron_backprop.ipynb by `python -m nncourse build`: edit the source, not this file.
class Activation:
    """An elementwise activation function paired with its derivative.

    Parameters
    ----------
    f : callable
        The activation: an array of any shape in, the same shape out.
    f_prime : callable
        Its derivative, evaluated at the same input as f.

    forward and prime return new arrays; neither modifies z.
    """

    def __init__(self, f, f_prime):
        self.f = f
        self.f_prime = f_prime

    def forward(self, z):
        """The activation f(z).

        Parameters
        ----------
        z : np.ndarray, any shape

        Returns
        -------
        np.ndarray, same shape as z
        """
        return self.f(z)

    def prime(self, z):
        """The derivative f'(z), at the pre-activation z (not at the output f(z)).

        Parameters
        ----------
        z : np.ndarray, any shape

        Returns
        -------
        np.ndarray, same shape as z
        """
        return self.f_prime(z)
