# Exercise 4.9 — the training loop and three networks (5 points), assignment 04_layered_mlp
# Generated from source/04_layered_mlp/04_layered_mlp.ipynb by `python -m nncourse build`: edit the source, not this file.
def train(model, loss_fn, optimizer, X, Y, *, epochs, batch_size, rng, live=True):
    """Mini-batch training, with a new random order of the examples every epoch.

    Parameters
    ----------
    model : object with forward(x), backward(grad_out), params() and grads(), e.g. an MLP
    loss_fn : object with forward(pred, target) -> float and backward() -> dL/dpred
    optimizer : object with step(params, grads), e.g. SGD
    X : np.ndarray, shape (N, n_in)
    Y : np.ndarray, shape (N, n_out)
        Targets, row n belonging to X[n].
    epochs, batch_size : int
    rng : np.random.Generator
        Draws the order of the examples, once per epoch.
    live : bool
        True: a master_bar over the epochs and a progress_bar over each epoch's batches;
        False: no bar.

    Returns
    -------
    list of float, length epochs
        The mean loss over the examples of each epoch.
    """
    history = []
    mb = master_bar(range(epochs)) if live else range(epochs)
    for epoch in mb:
        order = rng.permutation(len(X))
        starts = range(0, len(X), batch_size)
        total = 0.0
        for start in (progress_bar(starts, parent=mb) if live else starts):
            batch = order[start:start + batch_size]
            out = model.forward(X[batch])
            total += loss_fn.forward(out, Y[batch]) * len(batch)
            model.backward(loss_fn.backward())
            optimizer.step(model.params(), model.grads())
        history.append(total / len(X))
        if live:
            mb.main_bar.comment = f"loss {history[-1]:.4f}"
    return history
