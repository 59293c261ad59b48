# Exercise 4.1 — numerical gradient (2 points), assignment 04_layered_mlp
# Generated from source/04_layered_mlp/04_layered_mlp.ipynb by `python -m nncourse build`: edit the source, not this file.
def numerical_gradient(f, param, h=1e-5):
    """Centred-difference gradient of f with respect to the entries of param.

    Parameters
    ----------
    f : callable
        Takes no argument; returns a float that depends on the entries of param.
    param : np.ndarray of float64, any shape, e.g. (n_in, n_out) or (n_out,)
        Nudged in place, one entry at a time; restored exactly before returning.
    h : float
        Step of the centred difference.

    Returns
    -------
    np.ndarray, same shape as param
        Entry i holds (f(param + h e_i) - f(param - h e_i)) / (2 h).
    """
    grad = np.zeros(param.shape)
    for i in np.ndindex(param.shape):
        original = param[i]
        param[i] = original + h
        f_plus = f()
        param[i] = original - h
        f_minus = f()
        param[i] = original
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
