# Exercise 5.2 — mini-batches, shuffled every epoch (3 points), assignment 05_digits_mnist
# Generated from source/05_digits_mnist/05_digits_mnist.ipynb by `python -m nncourse build`: edit the source, not this file.
def get_batches(X, Y, batch_size, rng=None):
    """Yield the mini-batches of one epoch, in a random order when rng is given.

    Parameters
    ----------
    X : np.ndarray, shape (N, D)
    Y : np.ndarray, shape (N, C) or (N,)
        Targets, row i belongs to X[i]. Neither X nor Y is modified.
    batch_size : int, at least 1
    rng : np.random.Generator or None
        The order is rng.permutation(N); None keeps the stored order.

    Yields
    ------
    (X_batch, Y_batch) : np.ndarray, shapes (B, D) and (B, C) (or (B,))
        B = batch_size, except for the last batch, which holds the remaining N % batch_size
        rows when batch_size does not divide N. Every row appears in exactly one batch.
    """
    order = np.arange(len(X)) if rng is None else rng.permutation(len(X))
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]
        yield X[rows], Y[rows]
