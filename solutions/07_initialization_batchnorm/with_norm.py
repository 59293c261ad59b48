# Exercise 7.9 — normalisation makes the deep network train (3 points), assignment 07_initialization_batchnorm
# Generated from source/07_initialization_batchnorm/07_initialization_batchnorm.ipynb by `python -m nncourse build`: edit the source, not this file.
def with_norm(model, norm):
    """A new Sequential: model's layers with norm(n_out) inserted after every Linear layer but the last.

    Parameters
    ----------
    model : Sequential
        Not changed; its layers (the same objects) go into the new network.
    norm : class, e.g. BatchNorm or LayerNorm
        norm(n) makes a normalisation layer for n features.

    Returns
    -------
    Sequential
        Linear, norm, act, Linear, norm, act, ..., Linear (for a deep_mlp).
    """
    linears = [layer for layer in model.layers if isinstance(layer, Linear)]
    normed = []
    for layer in model.layers:
        normed.append(layer)
        if isinstance(layer, Linear) and layer is not linears[-1]:
            normed.append(norm(layer.W.shape[1]))
    return Sequential(normed)
