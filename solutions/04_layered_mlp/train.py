# Exercise 4.7 — the training loop and three networks (5 points), assignment 04_layered_mlp
# Generated from source/04_layered_mlp/04_layered_mlp.ipynb by `python -m nncourse build`: edit the source, not this file.
def train(model, loss_fn, X, Y, *, epochs, batch_size, lr, momentum=0.0, rng):
    """Mini-batch SGD with momentum, with a new random order of the examples every epoch.

    Parameters
    ----------
    model : object with forward(x), backward(grad_out) and step(lr, momentum), e.g. an MLP
    loss_fn : object with forward(pred, target) -> float and backward() -> dL/dpred
    X : np.ndarray, shape (N, n_in)
    Y : np.ndarray, shape (N, n_out)
        Targets, row n belonging to X[n].
    epochs, batch_size : int
    lr, momentum : float
    rng : np.random.Generator
        Draws the order of the examples, once per epoch.

    Returns
    -------
    list of float, length epochs
        The mean loss over the examples of each epoch.
    """
    history = []
    mb = master_bar(range(epochs))
    for epoch in mb:
        order = rng.permutation(len(X))
        total = 0.0
        for start in progress_bar(range(0, len(X), batch_size), parent=mb):
            batch = order[start:start + batch_size]
            out = model.forward(X[batch])
            total += loss_fn.forward(out, Y[batch]) * len(batch)
            model.backward(loss_fn.backward())
            model.step(lr, momentum)
        history.append(total / len(X))
        mb.main_bar.comment = f"loss {history[-1]:.4f}"
    return history
