# Exercise 7.7 — batch norm: the backward pass in compact form (3 points), assignment 07_initialization_batchnorm
# Generated from source/07_initialization_batchnorm/07_initialization_batchnorm.ipynb by `python -m nncourse build`: edit the source, not this file.
def batchnorm_backward(grad_out, x_hat, gamma, std):
    """Gradients of batch normalisation in training mode, in the compact form.

    Parameters
    ----------
    grad_out : np.ndarray, shape (N, D)
        dL/dy for y = gamma * x_hat + beta.
    x_hat : np.ndarray, shape (N, D)
        The normalised input of the forward pass.
    gamma : np.ndarray, shape (D,)
    std : np.ndarray, shape (D,)
        sqrt(var + eps) of the batch, per feature.

    Returns
    -------
    (dx, dgamma, dbeta) : np.ndarray of shapes (N, D), (D,), (D,)
    """
    dbeta = grad_out.sum(axis=0)
    dgamma = (grad_out * x_hat).sum(axis=0)
    dx_hat = grad_out * gamma
    dx = (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0)) / std
    return dx, dgamma, dbeta
