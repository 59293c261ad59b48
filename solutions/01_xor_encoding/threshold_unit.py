# Exercise 1.3 — a threshold unit (2 points), assignment 01_xor_encoding
# Generated from source/01_xor_encoding/01_xor_encoding.ipynb by `python -m nncourse build`: edit the source, not this file.
def threshold_unit(X, w, b):
    """Fire (1.0) where the weighted sum of a row plus the bias is positive, else 0.0.

    Parameters
    ----------
    X : np.ndarray, shape (N, d)
        One example per row.
    w : np.ndarray, shape (d,)
        One weight per input.
    b : float
        The bias.

    Returns
    -------
    np.ndarray, shape (N, 1), dtype float64
        0.0 or 1.0 for each row; exactly 0 counts as "not positive" (0.0).
    """
    z = X @ w + b
    return (z > 0).astype(np.float64).reshape(-1, 1)
