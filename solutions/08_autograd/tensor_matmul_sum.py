# Exercise 8.7 — matrix product, sum and mean (4 points), assignment 08_autograd
# Generated from source/08_autograd/08_autograd.ipynb by `python -m nncourse build`: edit the source, not this file.
def tensor_matmul(self, other):
    """self @ other for 2-D arrays, (N, K) @ (K, M) -> (N, M); other a Tensor or an array.

    Returns a Tensor, _prev (self, other), _op "@"; _backward adds out.grad @ other.data.T to
    self.grad and self.data.T @ out.grad to other.grad.
    """
    other = other if isinstance(other, Tensor) else Tensor(other)
    out = Tensor(self.data @ other.data, (self, other), "@")

    def _backward():
        self.grad += out.grad @ other.data.T
        other.grad += self.data.T @ out.grad

    out._backward = _backward
    return out


def tensor_sum(self, axis=None, keepdims=False):
    """The sum over axis (None: every entry; an int or a tuple of ints), like np.sum.

    Returns a Tensor of np.sum's shape, _prev (self,), _op "sum"; _backward adds out.grad to
    every entry of self.grad that went into each sum.
    """
    out = Tensor(self.data.sum(axis=axis, keepdims=keepdims), (self,), "sum")

    def _backward():
        grad = out.grad if axis is None or keepdims else np.expand_dims(out.grad, axis)
        self.grad += grad                      # broadcast over the summed axes

    out._backward = _backward
    return out


def tensor_mean(self, axis=None, keepdims=False):
    """The mean over axis (None: every entry; an int or a tuple of ints), like np.mean.

    Returns a Tensor of np.mean's shape, _prev (self,), _op "mean"; _backward adds
    out.grad / count to every entry of self.grad that went into each mean, count being the
    number of entries each mean averages.
    """
    out = Tensor(self.data.mean(axis=axis, keepdims=keepdims), (self,), "mean")
    count = self.data.size / out.data.size

    def _backward():
        grad = out.grad if axis is None or keepdims else np.expand_dims(out.grad, axis)
        self.grad += grad / count

    out._backward = _backward
    return out


Tensor.__matmul__ = tensor_matmul
Tensor.sum = tensor_sum
Tensor.mean = tensor_mean
