# Exercise 8.3 — `backward`: the chain rule through the whole graph (4 points), assignment 08_autograd
# Generated from source/08_autograd/08_autograd.ipynb by `python -m nncourse build`: edit the source, not this file.
def value_backward(self):
    """Fill the grad of every Value this one was computed from with d(self)/d(that Value).

    Sets self.grad = 1.0, orders the graph topologically (every Value after the Values in its
    _prev) and calls every node's _backward exactly once, in the reverse of that order. The other
    grads are not reset: each _backward adds to what they hold. Returns None.
    """
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for operand in node._prev:
                visit(operand)
            order.append(node)

    visit(self)
    self.grad = 1.0
    for node in reversed(order):
        node._backward()


Value.backward = value_backward
