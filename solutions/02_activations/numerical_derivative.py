# Exercise 2.1 — the numerical derivative (2 points), assignment 02_activations
# Generated from source/02_activations/02_activations.ipynb by `python -m nncourse build`: edit the source, not this file.
def numerical_derivative(f, x, h=1e-5):
    """Centred-difference estimate of the derivative of an elementwise function.

    Parameters
    ----------
    f : callable
        Elementwise function: maps an array to an array of the same shape.
    x : float or np.ndarray, any shape
        Points where the derivative is estimated (not modified).
    h : float, default 1e-5
        Step size.

    Returns
    -------
    float or np.ndarray, same shape as x
        (f(x + h) - f(x - h)) / (2 h), entry by entry.
    """
    x = np.asarray(x, dtype=np.float64)
    return (f(x + h) - f(x - h)) / (2 * h)
