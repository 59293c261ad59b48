# Exercise 3.5 — the forward pass (2 points), assignment 03_perceptron_backprop
# Generated from source/03_perceptron_backprop/03_perceptron_backprop.ipynb by `python -m nncourse build`: edit the source, not this file.
def forward_pass(X, params, act):
    """Forward pass of the 2-layer network, keeping what backpropagation needs.

    Parameters
    ----------
    X : np.ndarray, shape (N, d)
    params : dict
        "W1" (d, H), "b1" (H,), "W2" (H, 1), "b2" (1,).
    act : Activation
        The hidden activation g (forward, prime); the output activation is the sigmoid.

    Returns
    -------
    y_hat : np.ndarray, shape (N, 1)
        sigmoid(z2).
    cache : dict
        "X" (N, d), "z1" (N, H), "h" (N, H), "z2" (N, 1), "y_hat" (N, 1).

    X and params are not modified.
    """
    z1 = X @ params["W1"] + params["b1"]       # (N, H)
    h = act.forward(z1)                        # (N, H)
    z2 = h @ params["W2"] + params["b2"]       # (N, 1)
    y_hat = sigmoid(z2)                        # (N, 1)
    cache = {"X": X, "z1": z1, "h": h, "z2": z2, "y_hat": y_hat}
    return y_hat, cache
