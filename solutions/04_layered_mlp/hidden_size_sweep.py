# Exercise 4.10 — how many hidden units? A sweep on the two moons (3 points), assignment 04_layered_mlp
# Generated from source/04_layered_mlp/04_layered_mlp.ipynb by `python -m nncourse build`: edit the source, not this file.
def hidden_size_sweep(hidden_sizes, make_and_train, X_train, y_train, X_val, y_val):
    """One trained network per hidden size, and its accuracy on both splits.

    Parameters
    ----------
    hidden_sizes : list of int
    make_and_train : callable
        make_and_train(H) returns a network with H hidden units trained on the training split;
        its forward(x) returns one logit per row, shape (n, 1).
    X_train : np.ndarray (N, 2);  y_train : np.ndarray (N,) of 0s and 1s
    X_val : np.ndarray (M, 2);    y_val : np.ndarray (M,) of 0s and 1s

    Returns
    -------
    dict with
        "models": list, the trained networks in the order of hidden_sizes;
        "train_acc", "val_acc": lists of float, in that order: the share of rows of each split
        whose predicted class (1 where the logit > 0, else 0) equals the label.
    """
    result = {"models": [], "train_acc": [], "val_acc": []}
    for hidden in hidden_sizes:
        model = make_and_train(hidden)
        result["models"].append(model)
        for split, X, y in (("train", X_train, y_train), ("val", X_val, y_val)):
            predicted = (model.forward(X)[:, 0] > 0).astype(int)
            result[f"{split}_acc"].append(float(np.mean(predicted == y)))
    return result
