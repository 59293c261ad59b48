# Exercise 5.4 — the multi-layer perceptron (4 points), assignment 05_digits_mnist
# Generated from source/05_digits_mnist/05_digits_mnist.ipynb by `python -m nncourse build`: edit the source, not this file.
class MLP:
    """Linear -> ReLU -> ... -> Linear: a multi-layer perceptron that outputs logits.

    Parameters
    ----------
    sizes : list of int, [n_in, h_1, ..., h_k, n_out], at least two entries
        Units per layer: len(sizes) - 1 Linear layers, a ReLU after each but the last.
    rng : np.random.Generator
        Draws the initial weights (hidden layers "he", output layer "glorot").

    Attributes
    ----------
    layers : list of Linear and ReLU, in forward order
    """

    def __init__(self, sizes, rng):
        self.layers = []
        for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            last = k == len(sizes) - 2
            self.layers.append(Linear(n_in, n_out, rng, init="glorot" if last else "he"))
            if not last:
                self.layers.append(ReLU())

    def forward(self, x):
        """x: np.ndarray (N, n_in) -> logits: np.ndarray (N, n_out)."""
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad_out):
        """grad_out: dL/dlogits (N, n_out) -> dL/dx (N, n_in); every layer stores its gradients."""
        for layer in reversed(self.layers):
            grad_out = layer.backward(grad_out)
        return grad_out

    def params(self):
        """list of np.ndarray: [W_1, b_1, W_2, b_2, ...], the layers' own arrays."""
        return [p for layer in self.layers for p in layer.params()]

    def grads(self):
        """list of np.ndarray: [dW_1, db_1, ...], same order and shapes as params()."""
        return [g for layer in self.layers for g in layer.grads()]
