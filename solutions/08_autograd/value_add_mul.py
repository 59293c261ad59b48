# Exercise 8.1 — `+` and `*` with their local derivatives (3 points), assignment 08_autograd
# Generated from source/08_autograd/08_autograd.ipynb by `python -m nncourse build`: edit the source, not this file.
def value_add(self, other):
    """self + other, as a new Value.

    Parameters
    ----------
    other : Value, int or float
        A number is wrapped into a Value first.

    Returns
    -------
    Value
        data self.data + other.data, _prev (self, other), _op "+". Its _backward adds
        out.grad * 1 to self.grad and to other.grad (+=, never =) and changes nothing else.
    """
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data + other.data, (self, other), "+")

    def _backward():
        self.grad += out.grad
        other.grad += out.grad

    out._backward = _backward
    return out


def value_mul(self, other):
    """self * other, as a new Value.

    Parameters
    ----------
    other : Value, int or float
        A number is wrapped into a Value first.

    Returns
    -------
    Value
        data self.data * other.data, _prev (self, other), _op "*". Its _backward adds
        out.grad * other.data to self.grad and out.grad * self.data to other.grad.
    """
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data * other.data, (self, other), "*")

    def _backward():
        self.grad += other.data * out.grad
        other.grad += self.data * out.grad

    out._backward = _backward
    return out


Value.__add__ = value_add
Value.__mul__ = value_mul
