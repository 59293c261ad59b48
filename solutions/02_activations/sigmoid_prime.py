# Exercise 2.3 — the derivative of the sigmoid (2 points), assignment 02_activations
# Generated from source/02_activations/02_activations.ipynb by `python -m nncourse build`: edit the source, not this file.
def sigmoid_prime(x):
    """Derivative of the sigmoid, sigmoid(x) * (1 - sigmoid(x)), elementwise.

    Parameters
    ----------
    x : float or np.ndarray, any shape
        The input of the sigmoid (not its output).

    Returns
    -------
    float or np.ndarray, same shape as x, values in [0, 0.25]
    """
    s = sigmoid(x)
    return s * (1 - s)
