# Exercise 3.4 — Glorot (Xavier) initialisation (3 points), assignment 03_perceptron_backprop
# Generated from source/03_perceptron_backprop/03_perceptron_backprop.ipynb by `python -m nncourse build`: edit the source, not this file.
def glorot_uniform(n_in, n_out, rng):
    """Glorot (Xavier) uniform initialisation of a weight matrix.

    Parameters
    ----------
    n_in : int
        Number of rows (fan-in).
    n_out : int
        Number of columns (fan-out).
    rng : np.random.Generator

    Returns
    -------
    np.ndarray, shape (n_in, n_out)
        rng.uniform(-a, a, size=(n_in, n_out)) with a = sqrt(6 / (n_in + n_out)).
    """
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out))


def init_params(n_in, n_hidden, n_out, rng):
    """Initial parameters of a 2-layer network: Glorot weights, zero biases.

    Parameters
    ----------
    n_in, n_hidden, n_out : int
        Units of the input, hidden and output layers (d, H and 1 for XOR: 2, 3, 1).
    rng : np.random.Generator
        Draws W1 first, then W2.

    Returns
    -------
    dict of np.ndarray
        "W1": shape (n_in, n_hidden), "b1": zeros, shape (n_hidden,),
        "W2": shape (n_hidden, n_out), "b2": zeros, shape (n_out,).
    """
    W1 = glorot_uniform(n_in, n_hidden, rng)
    W2 = glorot_uniform(n_hidden, n_out, rng)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}
