# Exercise 2.2 — sigmoid (2 points), assignment 02_activations
# Generated from source/02_activations/02_activations.ipynb by `python -m nncourse build`: edit the source, not this file.
def sigmoid(x):
    """Logistic sigmoid 1 / (1 + exp(-x)), elementwise, without overflow.

    Parameters
    ----------
    x : float or np.ndarray, any shape

    Returns
    -------
    float or np.ndarray, same shape as x, values in [0, 1]
    """
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
