# Exercise 3.10 — a learning-rate sweep (3 points), assignment 03_perceptron_backprop
# Generated from source/03_perceptron_backprop/03_perceptron_backprop.ipynb by `python -m nncourse build`: edit the source, not this file.
def lr_sweep(params0, loss_and_grads, lrs, epochs, momentum=0.0):
    """Train from the same start once per learning rate; the loss curves of all runs.

    Parameters
    ----------
    params0 : dict of np.ndarray
        The start of every run. Not modified.
    loss_and_grads : callable
        loss_and_grads(params) -> (loss, grads), as for train.
    lrs : sequence of float
        The learning rates, one run each, in this order.
    epochs : int
        Epochs per run.
    momentum : float, default 0.0
        The momentum of every run's SGD.

    Returns
    -------
    np.ndarray, shape (len(lrs), epochs)
        Row i is the curve train returns for the run with learning rate lrs[i], which starts from
        params0 with a new SGD(lrs[i], momentum).
    """
    curves = np.zeros((len(lrs), epochs))
    for i, lr in enumerate(lrs):
        params = {name: value.copy() for name, value in params0.items()}
        curves[i] = train(params, loss_and_grads, SGD(lr, momentum), epochs)
    return curves
