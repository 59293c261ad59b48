# Exercise 7.2 — activation statistics, layer by layer (3 points), assignment 07_initialization_batchnorm
# Generated from source/07_initialization_batchnorm/07_initialization_batchnorm.ipynb by `python -m nncourse build`: edit the source, not this file.
def activation_stats(model, X):
    """Statistics of every activation layer's output on the batch X, layer 1 first.

    Parameters
    ----------
    model : Sequential
        Its layers are run one by one on X; the activation layers (ReLU, Tanh, Sigmoid) are
        measured, every other layer only passes the batch on.
    X : np.ndarray, shape (N, n_in)
        Not modified.

    Returns
    -------
    dict of np.ndarray, each of shape (L,), L = the number of activation layers
        "mean", "std": of the layer's output a, over all its entries;
        "saturated": the fraction of entries of a that are saturated (see the table);
        "dead": the fraction of the layer's units (columns of a) saturated on every row.
    """
    stats = {"mean": [], "std": [], "saturated": [], "dead": []}
    a = X
    for layer in model.layers:
        a = layer.forward(a)
        if isinstance(layer, ReLU):
            flat = a == 0
        elif isinstance(layer, Tanh):
            flat = np.abs(a) > SATURATION
        elif isinstance(layer, Sigmoid):
            flat = (a < 1 - SATURATION) | (a > SATURATION)
        else:
            continue
        stats["mean"].append(a.mean())
        stats["std"].append(a.std())
        stats["saturated"].append(flat.mean())
        stats["dead"].append(flat.all(axis=0).mean())
    return {key: np.array(values) for key, values in stats.items()}
