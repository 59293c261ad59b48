# Exercise 5.1 — pixels in [0, 1], labels one-hot (3 points), assignment 05_digits_mnist
# Generated from source/05_digits_mnist/05_digits_mnist.ipynb by `python -m nncourse build`: edit the source, not this file.
def scale_pixels(X, max_value):
    """Raw pixel values 0..max_value as floats in [0, 1].

    Parameters
    ----------
    X : np.ndarray, shape (N, D), integer or float
        Raw pixel values (not modified).
    max_value : int or float
        The largest possible pixel value (16 for the digits, 255 for MNIST).

    Returns
    -------
    np.ndarray, shape (N, D), dtype float64
        X / max_value.
    """
    return np.asarray(X, dtype=np.float64) / max_value


def one_hot(y, n_classes=10):
    """One-hot rows for integer labels.

    Parameters
    ----------
    y : np.ndarray, shape (N,), integers in 0..n_classes-1
    n_classes : int, default 10

    Returns
    -------
    np.ndarray, shape (N, n_classes), dtype float64
        Row i holds 1.0 in column y[i] and 0.0 elsewhere.
    """
    y = np.asarray(y)
    Y = np.zeros((len(y), n_classes))
    Y[np.arange(len(y)), y] = 1.0
    return Y
