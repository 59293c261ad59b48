# Exercise 6.6 — the L2 penalty (2 points), assignment 06_optimizers_regularization
# Generated from source/06_optimizers_regularization/06_optimizers_regularization.ipynb by `python -m nncourse build`: edit the source, not this file.
def l2_penalty(params, lam):
    """The L2 penalty on the weights and its gradient with respect to every parameter.

    Parameters
    ----------
    params : list of np.ndarray
        A model's parameters, e.g. [W1, b1, W2, b2]; the weights are the arrays with ndim >= 2,
        the biases (ndim 1) are not penalised. Not modified.
    lam : float >= 0
        lambda, the strength of the penalty.

    Returns
    -------
    penalty : float
        (lam / 2) * the sum of the squares of every entry of every weight array.
    grads : list of np.ndarray
        The gradient of penalty with respect to each array of params, in the same order and
        shapes: lam * W for a weight array W, zeros for a bias.
    """
    penalty, grads = 0.0, []
    for p in params:
        if p.ndim >= 2:
            penalty += 0.5 * lam * float(np.sum(p * p))
            grads.append(lam * p)
        else:
            grads.append(np.zeros_like(p))
    return penalty, grads
