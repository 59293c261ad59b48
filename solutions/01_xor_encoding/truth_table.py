# Exercise 1.2 — a truth table for any gate (3 points), assignment 01_xor_encoding
# Generated from source/01_xor_encoding/01_xor_encoding.ipynb by `python -m nncourse build`: edit the source, not this file.
def truth_table(gate, n_inputs=2):
    """Every input combination of a boolean function and its output, as network-ready arrays.

    Parameters
    ----------
    gate : callable
        Takes ``n_inputs`` positional ints, each 0 or 1; returns a truth value (bool, 0 or 1).
    n_inputs : int, default 2
        Number of inputs of the gate, at least 1.

    Returns
    -------
    X : np.ndarray, shape (2**n_inputs, n_inputs), dtype float64
        Row i holds the bits of i, most significant bit in column 0.
    y : np.ndarray, shape (2**n_inputs, 1), dtype float64
        ``gate(*row)`` for each row of X, as 0.0 or 1.0.
    """
    shifts = np.arange(n_inputs - 1, -1, -1)
    bits = (np.arange(2 ** n_inputs)[:, None] >> shifts) & 1
    X = bits.astype(np.float64)
    y = np.array([[1.0 if gate(*map(int, row)) else 0.0] for row in bits])
    return X, y
