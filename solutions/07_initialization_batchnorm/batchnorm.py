# Exercise 7.6 — batch norm: the forward pass (4 points), assignment 07_initialization_batchnorm
# Generated from source/07_initialization_batchnorm/07_initialization_batchnorm.ipynb by `python -m nncourse build`: edit the source, not this file.
class BatchNorm:
    """Batch normalisation of every feature over the batch: (N, D) -> (N, D).

    gamma (D,) starts at 1, beta (D,) at 0: learnt, listed by params(), gradients by grads().
    running_mean (D,) starts at 0, running_var (D,) at 1: not learnt; updated by every forward
    pass in training mode. momentum: the weight of the old running value in each update.
    eps: added to the variance inside the square root. training: True uses the batch's
    statistics (and updates the running ones); False (eval mode) uses the running statistics.
    """

    def __init__(self, n_features, momentum=0.9, eps=1e-5):
        self.gamma = np.ones(n_features)
        self.beta = np.zeros(n_features)
        self.dgamma = np.zeros(n_features)
        self.dbeta = np.zeros(n_features)
        self.running_mean = np.zeros(n_features)
        self.running_var = np.ones(n_features)
        self.momentum = momentum
        self.eps = eps
        self.training = True

    def forward(self, x):
        """gamma * x_hat + beta, shape (N, D); x (N, D) is not modified.

        Training mode: x_hat = (x - mean) / sqrt(var + eps) with the mean and the biased variance
        (divided by N) of each column of x; then running_mean <- momentum * running_mean +
        (1 - momentum) * mean, and running_var likewise with var.
        Eval mode: the same with running_mean and running_var in place of mean and var; the
        running averages do not change.
        Both modes cache self.x_hat (N, D) and self.std = sqrt(var + eps) (D,).
        """
        if self.training:
            mean, var = x.mean(axis=0), x.var(axis=0)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mean
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
        else:
            mean, var = self.running_mean, self.running_var
        self.std = np.sqrt(var + self.eps)
        self.x_hat = (x - mean) / self.std
        return self.gamma * self.x_hat + self.beta

    def backward(self, grad_out):
        """dL/dy (N, D) -> dL/dx (N, D); sets self.dgamma and self.dbeta (D,).

        Training mode: batchnorm_backward (Exercise 7.7). Eval mode: the layer is the fixed map
        y = (gamma / std) * x + const of each feature, so dL/dx = grad_out * gamma / std.
        """
        if self.training:
            dx, self.dgamma, self.dbeta = batchnorm_backward(grad_out, self.x_hat, self.gamma, self.std)
            return dx
        self.dgamma = np.sum(grad_out * self.x_hat, axis=0)
        self.dbeta = np.sum(grad_out, axis=0)
        return grad_out * self.gamma / self.std

    def params(self):
        return [self.gamma, self.beta]

    def grads(self):
        return [self.dgamma, self.dbeta]

    def __repr__(self):
        return f"BatchNorm({len(self.gamma)}, training={self.training})"
