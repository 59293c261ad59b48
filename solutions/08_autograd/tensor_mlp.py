# Exercise 8.9 — the bridge: Assignment 4's MLP on Tensors (4 points), assignment 08_autograd
# Generated from source/08_autograd/08_autograd.ipynb by `python -m nncourse build`: edit the source, not this file.
class TensorMLP:
    """The network of an nn.Sequential of Linear, ReLU and Tanh layers, rebuilt on Tensors.

    Parameters
    ----------
    net : nn.Sequential (from nn.mlp)
        Its Linear layers' W (n_in, n_out) and b (n_out,) are copied into Tensors; net itself
        is not modified, now or later.
    """

    def __init__(self, net):
        self.params = []
        self.ops = []
        for layer in net.layers:
            if isinstance(layer, Linear):
                W, b = Tensor(layer.W.copy()), Tensor(layer.b.copy())
                self.params += [W, b]
                self.ops.append(lambda h, W=W, b=b: h @ W + b)
            elif isinstance(layer, ReLU):
                self.ops.append(Tensor.relu)
            elif isinstance(layer, Tanh):
                self.ops.append(Tensor.tanh)
            else:
                raise ValueError(f"TensorMLP knows Linear, ReLU and Tanh, not {layer!r}")

    def __call__(self, X):
        """X: np.ndarray (N, n_in) -> the logits, a Tensor (N, n_out), and the graph behind it."""
        h = Tensor(X)
        for op in self.ops:
            h = op(h)
        return h

    def parameters(self):
        """[W_1, b_1, W_2, b_2, ...]: the model's own Tensors, in the order of net.params()."""
        return list(self.params)
