# Exercise 7.1 — a deep MLP at any weight scale (3 points), assignment 07_initialization_batchnorm
# Generated from source/07_initialization_batchnorm/07_initialization_batchnorm.ipynb by `python -m nncourse build`: edit the source, not this file.
def deep_mlp(n_in, width, depth, n_out, rng, activation="relu", weight_scale="he"):
    """A deep MLP: `depth` hidden layers (Linear + activation) of `width` units, then a Linear output.

    Parameters
    ----------
    n_in, width, n_out : int
        Inputs, units per hidden layer, outputs (logits).
    depth : int, at least 1
        The number of hidden layers.
    rng : np.random.Generator
        Draws every weight matrix, first layer first.
    activation : "relu", "tanh" or "sigmoid"
    weight_scale : "he", "glorot" or a positive number s
        How W of every Linear layer (the output layer's too) is drawn: "he" and "glorot" as
        Linear does; a number s: W ~ Normal(0, s**2). Biases are 0.

    Returns
    -------
    Sequential
        Linear(n_in, width), act, Linear(width, width), act, ..., act, Linear(width, n_out):
        2 * depth + 1 layers.
    """
    sizes = [n_in] + [width] * depth + [n_out]
    network = Sequential([])
    for k in range(depth + 1):
        linear = Linear(sizes[k], sizes[k + 1], rng, init="glorot" if weight_scale == "glorot" else "he")
        if not isinstance(weight_scale, str):          # a number: W ~ Normal(0, s^2) instead
            linear.W = rng.normal(0.0, weight_scale, size=linear.W.shape)
        network.layers.append(linear)
        if k < depth:
            network.layers.append(ACTIVATIONS[activation]())
    return network
