# Exercise 2.5 — ReLU and its derivative (2 points), assignment 02_activations
# Generated from source/02_activations/02_activations.ipynb by `python -m nncourse build`: edit the source, not this file.
def relu(x):
    """Rectified linear unit max(0, x), elementwise.

    Parameters
    ----------
    x : float or np.ndarray, any shape

    Returns
    -------
    float or np.ndarray (float64), same shape as x
    """
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


def relu_prime(x):
    """Derivative of ReLU: 1.0 where x > 0, else 0.0 (0.0 at x == 0 by convention).

    Parameters
    ----------
    x : float or np.ndarray, any shape

    Returns
    -------
    float or np.ndarray (float64), same shape as x
    """
    return (np.asarray(x) > 0).astype(np.float64)
