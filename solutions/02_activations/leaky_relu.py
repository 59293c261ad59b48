# Exercise 2.6 — leaky ReLU and its derivative (2 points), assignment 02_activations
# Generated from source/02_activations/02_activations.ipynb by `python -m nncourse build`: edit the source, not this file.
def leaky_relu(x, alpha=0.01):
    """Leaky ReLU: x where x > 0, alpha * x elsewhere, elementwise.

    Parameters
    ----------
    x : float or np.ndarray, any shape
    alpha : float, default 0.01
        Slope for x <= 0.

    Returns
    -------
    float or np.ndarray (float64), same shape as x
    """
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, alpha * x)


def leaky_relu_prime(x, alpha=0.01):
    """Derivative of leaky ReLU: 1.0 where x > 0, alpha elsewhere (alpha at x == 0).

    Parameters
    ----------
    x : float or np.ndarray, any shape
    alpha : float, default 0.01

    Returns
    -------
    float or np.ndarray (float64), same shape as x
    """
    return np.where(np.asarray(x) > 0, 1.0, alpha)
