# Exercise 3.1 — mean squared error and its gradient (2 points), assignment 03_perceptron_backprop
# Generated from source/03_perceptron_backprop/03_perceptron_backprop.ipynb by `python -m nncourse build`: edit the source, not this file.
def mse(y_hat, y):
    """Mean squared error of a batch.

    Parameters
    ----------
    y_hat : np.ndarray, shape (N, 1)
        Predictions.
    y : np.ndarray, shape (N, 1)
        Targets.

    Returns
    -------
    float
        (1 / N) * sum over n of (y_hat[n] - y[n])**2.
    """
    return float(np.mean((y_hat - y) ** 2))


def mse_grad(y_hat, y):
    """Gradient of mse(y_hat, y) with respect to y_hat.

    Parameters
    ----------
    y_hat : np.ndarray, shape (N, 1)
    y : np.ndarray, shape (N, 1)

    Returns
    -------
    np.ndarray, shape (N, 1)
        2 * (y_hat - y) / N.
    """
    return 2.0 * (y_hat - y) / y_hat.shape[0]
