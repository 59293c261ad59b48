# Exercise 4.7 — the multi-layer perceptron (6 points), assignment 04_layered_mlp
# Generated from source/04_layered_mlp/04_layered_mlp.ipynb by `python -m nncourse build`: edit the source, not this file.
class MLP:
    """Linear layers with an activation between consecutive ones, optionally an output activation."""

    ACTIVATIONS = {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid, "softmax": Softmax}

    def __init__(self, n_in, layer_output_sizes, rng, activation="relu", output=None):
        """
        Parameters
        ----------
        n_in : int
            Input features.
        layer_output_sizes : list of int
            Units of each Linear layer, in order; the last is the number of outputs.
        rng : np.random.Generator
            Draws every layer's initial weights, first layer first.
        activation : "relu", "tanh" or "sigmoid"
            The activation after every Linear layer but the last.
        output : None, "sigmoid" or "softmax"
            An activation layer after the last Linear layer, or none.

        Sets self.layers, the list of layers in forward order.
        """
        sizes = [n_in] + list(layer_output_sizes)
        self.layers = []
        for k in range(len(sizes) - 1):
            last = k == len(sizes) - 2
            init = "he" if activation == "relu" and not last else "glorot"
            self.layers.append(Linear(sizes[k], sizes[k + 1], rng, init=init))
            if not last:
                self.layers.append(self.ACTIVATIONS[activation]())
        if output is not None:
            self.layers.append(self.ACTIVATIONS[output]())

    def forward(self, x):
        """x: (N, n_in) -> output: (N, n_out), through every layer in order."""
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad_out):
        """grad_out = dL/d(output): (N, n_out) -> dL/dx: (N, n_in); every layer stores its gradients."""
        for layer in reversed(self.layers):
            grad_out = layer.backward(grad_out)
        return grad_out

    def params(self):
        """[W1, b1, W2, b2, ...]: the layers' own arrays, in forward order."""
        return [p for layer in self.layers for p in layer.params()]

    def grads(self):
        """[dW1, db1, dW2, db2, ...] of the last backward pass, in the order of params()."""
        return [g for layer in self.layers for g in layer.grads()]

    def predict(self, x):
        """x: (N, n_in) -> predicted classes (N,) of ints: argmax of the outputs, or output > 0.5 for one output."""
        out = self.forward(x)
        if out.shape[1] == 1:
            return (out[:, 0] > 0.5).astype(int)
        return out.argmax(axis=1)

    def n_params(self):
        """int: the number of entries of all weights and biases."""
        return sum(p.size for p in self.params())

    def __repr__(self):
        """'MLP: <L> layers, <P> parameters' and then one line '  <i>) <layer>' per layer."""
        lines = [f"MLP: {len(self.layers)} layers, {self.n_params()} parameters"]
        lines += [f"  {i}) {layer!r}" for i, layer in enumerate(self.layers, start=1)]
        return "\n".join(lines)
