# Exercise 5.3 — the training loop (4 points), assignment 05_digits_mnist
# Generated from source/05_digits_mnist/05_digits_mnist.ipynb by `python -m nncourse build`: edit the source, not this file.
def train(model, loss_fn, optimizer, X_train, Y_train, X_val, Y_val, epochs, batch_size, rng,
          live=True):
    """Mini-batch training; returns the loss and accuracy on both splits after every epoch.

    Parameters
    ----------
    model : forward(x), backward(grad_out), params(), grads()   (a Sequential of nn.py)
    loss_fn : forward(logits, Y) -> float, backward()            (SoftmaxCrossEntropy)
    optimizer : step(params, grads)                               (SGD)
    X_train : np.ndarray, shape (N, D);   Y_train : np.ndarray, shape (N, C), one-hot
    X_val : np.ndarray, shape (M, D);     Y_val : np.ndarray, shape (M, C), one-hot
    epochs : int
    batch_size : int
    rng : np.random.Generator
        Passed to get_batches every epoch (shuffles the training split).
    live : bool, default True
        Show the progress bars and the live graph.

    Returns
    -------
    history : dict of lists, each of length epochs
        "train_loss", "train_acc", "val_loss", "val_acc": evaluate(model, loss_fn, X, Y) on the
        whole training split and on the validation split after each epoch.
    """
    history = {"train_loss": [], "train_acc": [], "val_loss": [], "val_acc": []}
    mb = master_bar(range(epochs)) if live else range(epochs)
    if live:
        mb.names = list(history)
    n_batches = -(-len(X_train) // batch_size)
    for epoch in mb:
        batches = get_batches(X_train, Y_train, batch_size, rng)
        if live:
            batches = progress_bar(batches, total=n_batches, parent=mb)
        for X_batch, Y_batch in batches:
            logits = model.forward(X_batch)
            loss_fn.forward(logits, Y_batch)
            model.backward(loss_fn.backward())
            optimizer.step(model.params(), model.grads())
        for split, X, Y in (("train", X_train, Y_train), ("val", X_val, Y_val)):
            loss, acc = evaluate(model, loss_fn, X, Y)
            history[f"{split}_loss"].append(loss)
            history[f"{split}_acc"].append(acc)
        if live:
            show_epoch(mb, history, epochs)
    return history
