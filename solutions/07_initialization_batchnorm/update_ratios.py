# Exercise 7.4 — the update-to-data ratio (2 points), assignment 07_initialization_batchnorm
# Generated from source/07_initialization_batchnorm/07_initialization_batchnorm.ipynb by `python -m nncourse build`: edit the source, not this file.
def update_ratios(model, lr):
    """std(lr * dW) / std(W) of every Linear layer of model, first layer first.

    Parameters
    ----------
    model : Sequential
        After a backward pass: every Linear layer holds W and dW. Not modified.
    lr : float
        The learning rate of the plain SGD step W <- W - lr * dW.

    Returns
    -------
    np.ndarray, shape (K,), K = the number of Linear layers
    """
    ratios = [np.std(lr * layer.dW) / np.std(layer.W) for layer in model.layers if isinstance(layer, Linear)]
    return np.array(ratios)
