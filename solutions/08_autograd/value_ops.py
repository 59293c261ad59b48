# Exercise 8.2 — `**`, `exp`, `log`, `tanh` and `relu` (4 points), assignment 08_autograd
# Generated from source/08_autograd/08_autograd.ipynb by `python -m nncourse build`: edit the source, not this file.
def value_pow(self, k):
    """self ** k for a number k (int or float, not a Value): data self.data ** k, _prev (self,),
    _op f"**{k}"; _backward adds out.grad * k * self.data ** (k - 1) to self.grad."""
    out = Value(self.data ** k, (self,), f"**{k}")

    def _backward():
        self.grad += k * self.data ** (k - 1) * out.grad

    out._backward = _backward
    return out


def value_exp(self):
    """e ** self.data, _prev (self,), _op "exp"; _backward adds out.grad * e ** self.data."""
    out = Value(math.exp(self.data), (self,), "exp")

    def _backward():
        self.grad += out.data * out.grad

    out._backward = _backward
    return out


def value_log(self):
    """Natural logarithm of self.data > 0, _prev (self,), _op "log"; _backward adds
    out.grad / self.data."""
    out = Value(math.log(self.data), (self,), "log")

    def _backward():
        self.grad += out.grad / self.data

    out._backward = _backward
    return out


def value_tanh(self):
    """tanh(self.data), _prev (self,), _op "tanh"; _backward adds out.grad * (1 - t**2) with
    t = tanh(self.data), the output."""
    t = math.tanh(self.data)
    out = Value(t, (self,), "tanh")

    def _backward():
        self.grad += (1.0 - t ** 2) * out.grad

    out._backward = _backward
    return out


def value_relu(self):
    """max(self.data, 0), _prev (self,), _op "relu"; _backward adds out.grad where
    self.data > 0, and nothing where self.data <= 0."""
    out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

    def _backward():
        self.grad += (1.0 if self.data > 0 else 0.0) * out.grad

    out._backward = _backward
    return out


Value.__pow__ = value_pow
Value.exp = value_exp
Value.log = value_log
Value.tanh = value_tanh
Value.relu = value_relu
