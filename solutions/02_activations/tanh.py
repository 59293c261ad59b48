# Exercise 2.4 — tanh and its derivative (3 points), assignment 02_activations
# Generated from source/02_activations/02_activations.ipynb by `python -m nncourse build`: edit the source, not this file.
def tanh(x):
    """Hyperbolic tangent, elementwise, without overflow for large |x|.

    Parameters
    ----------
    x : float or np.ndarray, any shape

    Returns
    -------
    float or np.ndarray, same shape as x, values in [-1, 1]
    """
    return 2.0 * sigmoid(2.0 * np.asarray(x, dtype=np.float64)) - 1.0


def tanh_prime(x):
    """Derivative of tanh, 1 - tanh(x)**2, elementwise.

    Parameters
    ----------
    x : float or np.ndarray, any shape
        The input of tanh.

    Returns
    -------
    float or np.ndarray, same shape as x, values in [0, 1]
    """
    t = tanh(x)
    return 1.0 - t * t
