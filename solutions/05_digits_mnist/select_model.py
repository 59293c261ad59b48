# Exercise 5.6 — softmax regression or an MLP? Choose on the validation split (3 points), assignment 05_digits_mnist
# Generated from source/05_digits_mnist/05_digits_mnist.ipynb by `python -m nncourse build`: edit the source, not this file.
def select_model(configs, X_train, Y_train, X_val, Y_val, fit=fit, seeds=(0, 1, 2)):
    """Train networks for each configuration on the training split; pick the best on validation.

    Parameters
    ----------
    configs : list of dict, at least one
        Configurations as mnist_config.
    X_train, Y_train : np.ndarray, shapes (N, D) and (N, C), one-hot: the training split
    X_val, Y_val : np.ndarray, shapes (M, D) and (M, C), one-hot: the validation split
    fit : callable
        fit(config, X_train, Y_train, X_val, Y_val, seed=seed, live=False) -> (model, history)
        trains a fresh network on X_train, Y_train; model.forward(x) returns logits (n, C);
        history holds the lists "train_acc" and "val_acc" (accuracies after each epoch), as
        train returns them.
    seeds : sequence of int
        One fresh network per config and seed, trained by fit(..., seed=seed, live=False).

    Returns
    -------
    best : dict
        The element of configs (itself, not a copy) with the highest mean validation accuracy;
        the first of them on a tie.
    scores : list of (float, float), one per config, in order
        (training accuracy, validation accuracy) of that config's trained networks, each the
        mean over the seeds.
    """
    scores = []
    for config in configs:
        accs = []
        for seed in seeds:
            model, _ = fit(config, X_train, Y_train, X_val, Y_val, seed=seed, live=False)
            accs.append([np.mean(model.forward(X).argmax(axis=1) == Y.argmax(axis=1))
                         for X, Y in ((X_train, Y_train), (X_val, Y_val))])
        scores.append(tuple(float(a) for a in np.mean(accs, axis=0)))
    best = configs[int(np.argmax([val for _, val in scores]))]
    return best, scores
