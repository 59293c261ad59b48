# Exercise 3.3 — a perceptron (6 points), assignment 03_perceptron_backprop
# Generated from source/03_perceptron_backprop/03_perceptron_backprop.ipynb by `python -m nncourse build`: edit the source, not this file.
class Perceptron:
    """One neuron on a batch, y_hat = f(x W + b), trained by gradient descent.

    Parameters
    ----------
    n_inputs : int
        Number of inputs n (columns of x).
    activation : Activation
        Any object with elementwise methods forward(z) and prime(z).
    rng : np.random.Generator
        Draws the initial weights.

    Attributes
    ----------
    W : np.ndarray, shape (n_inputs, 1)
    b : np.ndarray, shape (1,)
    x, z : np.ndarray, shapes (N, n_inputs) and (N, 1), cached by forward
    dW, db : np.ndarray, shapes (n_inputs, 1) and (1,), set by backward
    """

    def __init__(self, n_inputs, activation, rng):
        self.activation = activation
        self.W = rng.uniform(-1.0, 1.0, size=(n_inputs, 1))
        self.b = np.zeros(1)

    def forward(self, x):
        """Output of the neuron; caches self.x = x and self.z = x W + b.

        Parameters
        ----------
        x : np.ndarray, shape (N, n_inputs)

        Returns
        -------
        np.ndarray, shape (N, 1)
            f(x W + b). x is not modified.
        """
        self.x = x
        self.z = x @ self.W + self.b
        return self.activation.forward(self.z)

    def backward(self, grad_out):
        """Backpropagate through the neuron, with the self.x and self.z cached by forward.

        Parameters
        ----------
        grad_out : np.ndarray, shape (N, 1)
            Gradient of the loss with respect to the output of forward. Not modified.

        Returns
        -------
        np.ndarray, shape (N, n_inputs)
            Gradient of the loss with respect to x. Also sets self.dW, shape (n_inputs, 1),
            and self.db, shape (1,).
        """
        delta = grad_out * self.activation.prime(self.z)      # (N, 1)
        self.dW = self.x.T @ delta                             # (n_inputs, 1)
        self.db = delta.sum(axis=0)                            # (1,)
        return delta @ self.W.T                                # (N, n_inputs)

    def update(self, lr):
        """One gradient-descent step: W <- W - lr * dW and b <- b - lr * db.

        Parameters
        ----------
        lr : float
            The learning rate.
        """
        self.W -= lr * self.dW
        self.b -= lr * self.db
