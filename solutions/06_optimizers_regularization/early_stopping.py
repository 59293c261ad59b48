# Exercise 6.10 — early stopping (2 points), assignment 06_optimizers_regularization
# Generated from source/06_optimizers_regularization/06_optimizers_regularization.ipynb by `python -m nncourse build`: edit the source, not this file.
class EarlyStopping:
    """Remembers the parameters with the lowest validation loss and says when to stop.

    Parameters
    ----------
    patience : int >= 1
        Stop after this many calls of update in a row without a strictly lower loss.

    Attributes
    ----------
    best_loss : float, inf before the first update
    best_epoch : int or None
        Which call of update (counted from 0) gave best_loss; None before the first update.
    """

    def __init__(self, patience):
        self.patience = patience
        self.best_loss = np.inf
        self.best_epoch = None
        self.best_params = None
        self.epoch = -1
        self.bad_epochs = 0

    def update(self, val_loss, params):
        """Record one epoch: its validation loss (float) and the model's parameters (list of
        arrays, copied if they are the best so far, never modified). Returns True when
        training should stop: `patience` calls in a row without improving on best_loss."""
        self.epoch += 1
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_params = [p.copy() for p in params]
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        return self.bad_epochs >= self.patience

    def restore(self, params):
        """Copy the best parameters back into the arrays of params, in place (same order as
        given to update); nothing to do before the first update."""
        if self.best_params is not None:
            for p, best in zip(params, self.best_params):
                p[...] = best
