# Exercise 3.9 — the training loop (2 points), assignment 03_perceptron_backprop
# Generated from source/03_perceptron_backprop/03_perceptron_backprop.ipynb by `python -m nncourse build`: edit the source, not this file.
def train(params, loss_and_grads, optimizer, epochs, mb=None):
    """Full-batch training: each epoch, the loss and gradients at the current parameters, then one
    optimiser step.

    Parameters
    ----------
    params : dict of np.ndarray
        The parameters, updated in place by optimizer.step.
    loss_and_grads : callable
        loss_and_grads(params) -> (loss: float, grads: dict with the keys and shapes of params,
        its keys in any order).
    optimizer : object with a method step(param_list, grad_list), e.g. an SGD
        param_list: the arrays of params (a list); grad_list: their gradients, in the same order.
    epochs : int
        Number of epochs (steps), >= 1.
    mb : fastprogress master_bar or None
        If given, the epochs run under progress_bar(range(epochs), parent=mb).

    Returns
    -------
    np.ndarray, shape (epochs,)
        losses[i] = the loss at the start of epoch i, before its step.
    """
    losses = np.zeros(epochs)
    epoch_range = range(epochs) if mb is None else progress_bar(range(epochs), parent=mb)
    for epoch in epoch_range:
        loss, grads = loss_and_grads(params)
        losses[epoch] = loss
        names = list(params)
        optimizer.step([params[name] for name in names], [grads[name] for name in names])
        if mb is not None and epoch % 100 == 0:
            mb.child.comment = f"loss {losses[epoch]:.4f}"
    return losses
