# Exercise 7.3 — gradient statistics (3 points), assignment 07_initialization_batchnorm
# Generated from source/07_initialization_batchnorm/07_initialization_batchnorm.ipynb by `python -m nncourse build`: edit the source, not this file.
def gradient_stats(model, X, Y):
    """The loss on (X, Y) and the spread of the gradients in every layer, layer 1 first.

    Parameters
    ----------
    model : Sequential
    X : np.ndarray, shape (N, n_in)
    Y : np.ndarray, shape (N, n_classes), one-hot

    Returns
    -------
    dict
        "loss": float, the mean cross-entropy of softmax(model(X)) against Y;
        "grad_std": np.ndarray (L,), L activation layers: std of dL/da, a = the layer's output;
        "dW_std": np.ndarray (K,), K Linear layers: std of each layer's dW.
    """
    loss_fn = SoftmaxCrossEntropy()
    loss = loss_fn.forward(model.forward(X), Y)
    grad = loss_fn.backward()
    grad_std, dW_std = [], []
    for layer in reversed(model.layers):
        if isinstance(layer, ACTIVATION_LAYERS):
            grad_std.append(grad.std())
        grad = layer.backward(grad)
        if isinstance(layer, Linear):
            dW_std.append(layer.dW.std())
    return {"loss": loss, "grad_std": np.array(grad_std[::-1]), "dW_std": np.array(dW_std[::-1])}
