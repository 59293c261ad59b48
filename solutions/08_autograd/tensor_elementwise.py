# Exercise 8.6 — elementwise operations and broadcasting (5 points), assignment 08_autograd
# Generated from source/08_autograd/08_autograd.ipynb by `python -m nncourse build`: edit the source, not this file.
def unbroadcast(grad, shape):
    """Sum grad back to shape: the gradient of an operand that numpy broadcast to grad.shape.

    Parameters
    ----------
    grad : np.ndarray
        The gradient of a broadcast result (not modified).
    shape : tuple of int
        The operand's shape: at most grad.ndim axes, each of length 1 or equal to grad's
        length on the matching trailing axis.

    Returns
    -------
    np.ndarray of shape `shape`
        grad summed over its leading axes that `shape` lacks, and over the axes where `shape`
        has length 1 (keeping them).
    """
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, length in enumerate(shape):
        if length == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def tensor_add(self, other):
    """self + other with numpy broadcasting; other a Tensor, an array or a number.

    Returns a Tensor, _prev (self, other) (other wrapped into a Tensor), _op "+"; _backward adds
    unbroadcast(out.grad, ...) to each operand's grad.
    """
    other = other if isinstance(other, Tensor) else Tensor(other)
    out = Tensor(self.data + other.data, (self, other), "+")

    def _backward():
        self.grad += unbroadcast(out.grad, self.data.shape)
        other.grad += unbroadcast(out.grad, other.data.shape)

    out._backward = _backward
    return out


def tensor_mul(self, other):
    """self * other elementwise, with numpy broadcasting; other a Tensor, an array or a number.

    Returns a Tensor, _prev (self, other), _op "*"; _backward adds
    unbroadcast(out.grad * other.data, self's shape) to self.grad, and the same with the roles
    swapped to other.grad.
    """
    other = other if isinstance(other, Tensor) else Tensor(other)
    out = Tensor(self.data * other.data, (self, other), "*")

    def _backward():
        self.grad += unbroadcast(out.grad * other.data, self.data.shape)
        other.grad += unbroadcast(out.grad * self.data, other.data.shape)

    out._backward = _backward
    return out


def tensor_relu(self):
    """max(data, 0) elementwise, _prev (self,), _op "relu"; _backward adds out.grad where
    self.data > 0 and 0 elsewhere."""
    out = Tensor(np.maximum(self.data, 0.0), (self,), "relu")

    def _backward():
        self.grad += np.where(self.data > 0, out.grad, 0.0)

    out._backward = _backward
    return out


def tensor_tanh(self):
    """tanh elementwise, _prev (self,), _op "tanh"; _backward adds out.grad * (1 - out.data**2)."""
    t = np.tanh(self.data)
    out = Tensor(t, (self,), "tanh")

    def _backward():
        self.grad += out.grad * (1.0 - t ** 2)

    out._backward = _backward
    return out


Tensor.__add__ = tensor_add
Tensor.__mul__ = tensor_mul
Tensor.relu = tensor_relu
Tensor.tanh = tensor_tanh
