# Exercise 3.6 — backward pass for ½·MSE (4 points), assignment 03_perceptron_backprop
# Generated from source/03_perceptron_backprop/03_perceptron_backprop.ipynb by `python -m nncourse build`: edit the source, not this file.
def backward_half_mse(cache, y, params, act):
    """Gradients of L = (1 / 2N) * sum_n (y_hat_n - y_n)**2 for the 2-layer network.

    Parameters
    ----------
    cache : dict
        From forward_pass: "X" (N, d), "z1" (N, H), "h" (N, H), "z2" (N, 1), "y_hat" (N, 1).
    y : np.ndarray, shape (N, 1)
        Targets.
    params : dict
        "W1" (d, H), "b1" (H,), "W2" (H, 1), "b2" (1,).
    act : Activation
        The hidden activation used by the forward pass.

    Returns
    -------
    dict of np.ndarray
        dL/dW1 (d, H), dL/db1 (H,), dL/dW2 (H, 1), dL/db2 (1,), under the keys of params.

    cache, y and params are not modified.
    """
    X, z1, h, y_hat = cache["X"], cache["z1"], cache["h"], cache["y_hat"]
    n = X.shape[0]
    delta2 = (y_hat - y) / n * y_hat * (1.0 - y_hat)        # (N, 1)
    delta1 = (delta2 @ params["W2"].T) * act.prime(z1)      # (N, H)
    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0),
            "W2": h.T @ delta2, "b2": delta2.sum(axis=0)}
