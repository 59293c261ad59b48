from nncourse.zoo import Bug

# Every tests cell judges its own exercise: the tests of Value.backward build their graphs with
# their own operations, and the Tensor tests call each operation's _backward directly. The one
# exception is the bridge, test_tensor_mlp: it runs the student's TensorMLP, which is made of the
# student's +, @, relu and tanh, so a mistake in those that changes an MLP's gradients costs its
# points too, inherently (BRIDGE). It takes dL/dlogits from nn.py's loss, not from Exercise 8.8.
BRIDGE = ("test_tensor_mlp",)

BUGS = [
    # Exercise 8.1 — + and *
    Bug("value_add_mul", "        self.grad += out.grad\n        other.grad += out.grad",
        "        self.grad = out.grad\n        other.grad = out.grad",
        "add's _backward assigns the gradients instead of accumulating them: x + x gives 1",
        ("test_value_add_mul",)),
    Bug("value_add_mul", "        self.grad += other.data * out.grad\n        other.grad += self.data * out.grad",
        "        self.grad += self.data * out.grad\n        other.grad += other.data * out.grad",
        "mul's local derivatives swapped: each operand gets its own value instead of the other's",
        ("test_value_add_mul",)),
    Bug("value_add_mul", "        self.grad += other.data * out.grad\n        other.grad += self.data * out.grad",
        "        self.grad += other.data\n        other.grad += self.data",
        "mul forgets the chain rule: adds the local derivative without multiplying by out.grad",
        ("test_value_add_mul",)),
    Bug("value_add_mul",
        'other = other if isinstance(other, Value) else Value(other)\n    out = Value(self.data + other.data, (self, other), "+")',
        'out = Value(self.data + other.data, (self, other), "+")',
        "add does not wrap numbers: a + 1 fails with an AttributeError", ("test_value_add_mul",)),
    Bug("value_add_mul", 'Value(self.data * other.data, (self, other), "*")',
        'Value(self.data * other.data, (), "*")',
        "mul records no operands (_prev empty): backward() could never reach a and b",
        ("test_value_add_mul",)),
    # Exercise 8.2 — **, exp, log, tanh, relu
    Bug("value_ops", "self.grad += (1.0 - t ** 2) * out.grad",
        "self.grad += (1.0 - self.data ** 2) * out.grad",
        "tanh's local derivative taken at the input, 1 - x**2, instead of at the output 1 - tanh(x)**2",
        ("test_value_ops",)),
    Bug("value_ops", "self.grad += k * self.data ** (k - 1) * out.grad",
        "self.grad += k * self.data ** k * out.grad",
        "power rule without lowering the exponent: k x**k", ("test_value_ops",)),
    Bug("value_ops", "self.grad += out.grad / self.data", "self.grad += out.grad / out.data",
        "log's derivative 1/x taken at the output: 1/log(x)", ("test_value_ops",)),
    Bug("value_ops", "self.grad += (1.0 if self.data > 0 else 0.0) * out.grad",
        "self.grad += (1.0 if self.data >= 0 else 0.0) * out.grad",
        "relu's derivative taken as 1 at x = 0, against the stated convention", ("test_value_ops",)),
    Bug("value_ops", "self.grad += out.data * out.grad", "self.grad = out.data * out.grad",
        "exp's _backward assigns instead of accumulating", ("test_value_ops",)),
    # Exercise 8.3 — backward
    Bug("value_backward",
        "        if node not in visited:\n            visited.add(node)\n            for operand in node._prev:\n"
        "                visit(operand)\n            order.append(node)",
        "        for operand in node._prev:\n            visit(operand)\n        order.append(node)",
        "no visited set: a node reached along two paths is listed, and passes its gradient on, twice",
        ("test_value_backward",)),
    Bug("value_backward", "for node in reversed(order):", "for node in order:",
        "runs _backward in topological order (inputs first) instead of its reverse",
        ("test_value_backward",)),
    Bug("value_backward", "    self.grad = 1.0\n", "",
        "forgets to seed self.grad = 1.0: every gradient stays 0", ("test_value_backward",)),
    Bug("value_backward",
        "            for operand in node._prev:\n                visit(operand)\n            order.append(node)",
        "            order.append(node)\n            for operand in node._prev:\n                visit(operand)",
        "appends a node before its operands (pre-order): the reverse is no valid order",
        ("test_value_backward",)),
    # Exercise 8.6 — elementwise operations and broadcasting
    Bug("tensor_elementwise",
        "        self.grad += unbroadcast(out.grad, self.data.shape)\n"
        "        other.grad += unbroadcast(out.grad, other.data.shape)",
        "        self.grad += out.grad\n        other.grad += out.grad",
        "broadcast gradients not reduced: a bias (3,) receives a (N, 3) gradient (numpy raises)",
        ("test_tensor_elementwise",) + BRIDGE),
    Bug("tensor_elementwise",
        "    for axis, length in enumerate(shape):\n        if length == 1 and grad.shape[axis] != 1:\n"
        "            grad = grad.sum(axis=axis, keepdims=True)\n", "",
        "unbroadcast sums the prepended axes only, not the stretched axes of length 1",
        ("test_tensor_elementwise",)),
    Bug("tensor_elementwise", "        grad = grad.sum(axis=0)\n", "        grad = grad.mean(axis=0)\n",
        "unbroadcast averages over the prepended axes instead of summing: a bias gets 1/N of its gradient",
        ("test_tensor_elementwise",) + BRIDGE),
    Bug("tensor_elementwise", "self.grad += unbroadcast(out.grad * other.data, self.data.shape)",
        "self.grad += unbroadcast(out.grad, self.data.shape) * other.data",
        "mul sums back to the operand's shape first, then multiplies by the other operand",
        ("test_tensor_elementwise",)),
    Bug("tensor_elementwise", "self.grad += out.grad * (1.0 - t ** 2)",
        "self.grad += out.grad * (1.0 - self.data ** 2)",
        "tanh's local derivative taken at the input instead of the output",
        ("test_tensor_elementwise",) + BRIDGE),
    Bug("tensor_elementwise", "np.where(self.data > 0, out.grad, 0.0)",
        "np.where(self.data >= 0, out.grad, 0.0)",
        "relu passes the gradient at 0 too, against the stated convention", ("test_tensor_elementwise",)),
    # Exercise 8.7 — matmul, sum, mean
    Bug("tensor_matmul_sum", "self.grad += out.grad @ other.data.T", "self.grad += out.grad @ other.data",
        "matmul: forgets the transpose, out.grad @ B instead of out.grad @ B.T (shapes clash)",
        ("test_tensor_matmul_sum",) + BRIDGE),
    Bug("tensor_matmul_sum", "other.grad += self.data.T @ out.grad", "other.grad = self.data.T @ out.grad",
        "matmul assigns the right operand's gradient instead of accumulating it",
        ("test_tensor_matmul_sum",)),
    Bug("tensor_matmul_sum",
        "        grad = out.grad if axis is None or keepdims else np.expand_dims(out.grad, axis)\n"
        "        self.grad += grad                      # broadcast over the summed axes",
        "        self.grad += out.grad",
        "sum's gradient not expanded back along the summed axis: broadcasts along the wrong axis, or fails",
        ("test_tensor_matmul_sum",)),
    Bug("tensor_matmul_sum", "count = self.data.size / out.data.size", "count = self.data.size",
        "mean divides by the number of all entries, whatever the axis", ("test_tensor_matmul_sum",)),
    Bug("tensor_matmul_sum", "self.grad += grad / count", "self.grad += grad",
        "mean's gradient not divided by the count: the gradient of a sum", ("test_tensor_matmul_sum",)),
    # Exercise 8.8 — softmax cross-entropy
    Bug("softmax_ce", "(np.exp(log_softmax) - onehot) / n", "(np.exp(log_softmax) - onehot)",
        "gradient without the 1/N of the mean", ("test_softmax_ce",)),
    Bug("softmax_ce", "logits.grad += out.grad * (np.exp(log_softmax) - onehot) / n",
        "logits.grad += (np.exp(log_softmax) - onehot) / n",
        "ignores out.grad: right only when the loss is the last node", ("test_softmax_ce",)),
    Bug("softmax_ce", "shifted = z - z.max(axis=1, keepdims=True)", "shifted = z",
        "no max-shift: exp overflows, nan for logits of 1000", ("test_softmax_ce",)),
    Bug("softmax_ce", "logits.grad += out.grad", "logits.grad = out.grad",
        "assigns logits.grad instead of accumulating", ("test_softmax_ce",)),
    # Exercise 8.9 — the bridge
    Bug("tensor_mlp", "W, b = Tensor(layer.W.copy()), Tensor(layer.b.copy())",
        "W, b = Tensor(layer.W), Tensor(layer.b)",
        "shares net's arrays instead of copying them: training the model changes net",
        ("test_tensor_mlp",)),
    Bug("tensor_mlp", "self.ops.append(Tensor.tanh)", "self.ops.append(Tensor.relu)",
        "a ReLU for every activation layer, Tanh included", ("test_tensor_mlp",)),
    Bug("tensor_mlp", "self.params += [W, b]", "self.params += [b, W]",
        "parameters() lists b before W: not the order of net.params()", ("test_tensor_mlp",)),
    Bug("tensor_mlp", "lambda h, W=W, b=b: h @ W + b", "lambda h, W=W, b=b: (h @ W + b).relu()",
        "a ReLU after every Linear layer, the output layer included", ("test_tensor_mlp",)),
    Bug("tensor_mlp", "lambda h, W=W, b=b: h @ W + b", "lambda h, W=W, b=b: h @ W",
        "forgets the bias: b never enters the graph and keeps a zero gradient", ("test_tensor_mlp",)),
]

_KAHN = """    nodes, stack, users = {self}, [self], {}
    while stack:                       # every node, and how many nodes use it
        node = stack.pop()
        for operand in node._prev:
            users[operand] = users.get(operand, 0) + 1
            if operand not in nodes:
                nodes.add(operand)
                stack.append(operand)
    self.grad = 1.0
    ready = [self]                     # a node whose users have all passed their gradient on
    while ready:
        node = ready.pop()
        node._backward()
        for operand in node._prev:
            users[operand] -= 1
            if users[operand] == 0:
                ready.append(operand)
"""

_STACK = """    order, visited, stack = [], set(), [(self, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            for operand in node._prev:
                stack.append((operand, False))
    self.grad = 1.0
    for node in order[::-1]:
        node._backward()
"""

_MLP_TUPLES = '''        self.layers = []
        for layer in net.layers:
            if isinstance(layer, Linear):
                self.layers.append((Tensor(np.array(layer.W)), Tensor(np.array(layer.b))))
            elif isinstance(layer, (ReLU, Tanh)):
                self.layers.append(type(layer).__name__.lower())
            else:
                raise ValueError(f"unknown layer {layer!r}")
        ### END SOLUTION

    def __call__(self, X):
        """X: np.ndarray (N, n_in) -> the logits, a Tensor (N, n_out), and the graph behind it."""
        ### BEGIN SOLUTION
        h = Tensor(X)
        for layer in self.layers:
            if isinstance(layer, tuple):
                W, b = layer
                h = h @ W + b
            else:
                h = getattr(h, layer)()
        return h
        ### END SOLUTION

    def parameters(self):
        """[W_1, b_1, W_2, b_2, ...]: the model's own Tensors, in the order of net.params()."""
        ### BEGIN SOLUTION
        return [t for layer in self.layers if isinstance(layer, tuple) for t in layer]'''

_MLP_MASTER = '''        self.params = []
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
        ### END SOLUTION

    def __call__(self, X):
        """X: np.ndarray (N, n_in) -> the logits, a Tensor (N, n_out), and the graph behind it."""
        ### BEGIN SOLUTION
        h = Tensor(X)
        for op in self.ops:
            h = op(h)
        return h
        ### END SOLUTION

    def parameters(self):
        """[W_1, b_1, W_2, b_2, ...]: the model's own Tensors, in the order of net.params()."""
        ### BEGIN SOLUTION
        return list(self.params)'''

ALTERNATIVES = [
    # Exercise 8.1
    Bug("value_add_mul",
        'other = other if isinstance(other, Value) else Value(other)\n    out = Value(self.data + other.data, (self, other), "+")\n\n'
        "    def _backward():\n        self.grad += out.grad\n        other.grad += out.grad\n",
        "if not isinstance(other, Value):\n        other = Value(other)\n"
        '    out = Value(self.data + other.data, (self, other), "+")\n\n'
        "    def _backward():\n        for operand in (self, other):\n            operand.grad += 1.0 * out.grad\n",
        "an if statement to wrap numbers, and a loop over the operands", ()),
    Bug("value_add_mul",
        'out = Value(self.data * other.data, (self, other), "*")\n\n'
        "    def _backward():\n        self.grad += other.data * out.grad\n        other.grad += self.data * out.grad\n",
        'a, b = self.data, other.data\n    out = Value(a * b, (self, other), "*")\n\n'
        "    def _backward():\n        self.grad = self.grad + b * out.grad\n        other.grad = other.grad + a * out.grad\n",
        "mul captures the operands' values when the node is made; grad = grad + ... instead of +=", ()),
    # Exercise 8.2
    Bug("value_ops",
        'out = Value(self.data ** k, (self,), f"**{k}")\n\n    def _backward():\n'
        "        self.grad += k * self.data ** (k - 1) * out.grad\n",
        'out = Value(math.pow(self.data, k), (self,), f"**{k}")\n\n    def _backward():\n'
        "        self.grad += k * math.pow(self.data, k - 1) * out.grad\n",
        "math.pow for the power and its derivative", ()),
    Bug("value_ops",
        '    out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")\n\n    def _backward():\n'
        "        self.grad += (1.0 if self.data > 0 else 0.0) * out.grad\n",
        '    out = Value(max(self.data, 0.0), (self,), "relu")\n\n    def _backward():\n'
        "        self.grad += float(out.data > 0) * out.grad\n",
        "relu with max(), its derivative read from the output", ()),
    Bug("value_ops", "self.grad += (1.0 - t ** 2) * out.grad", "self.grad += out.grad * (1 - out.data * out.data)",
        "tanh's derivative read from out.data inside _backward", ()),
    # Exercise 8.3
    Bug("value_backward",
        "    order, visited = [], set()\n\n    def visit(node):\n        if node not in visited:\n"
        "            visited.add(node)\n            for operand in node._prev:\n                visit(operand)\n"
        "            order.append(node)\n\n    visit(self)\n    self.grad = 1.0\n"
        "    for node in reversed(order):\n        node._backward()\n",
        _STACK, "topological order by a depth-first search with an explicit stack, no recursion", ()),
    Bug("value_backward",
        "    order, visited = [], set()\n\n    def visit(node):\n        if node not in visited:\n"
        "            visited.add(node)\n            for operand in node._prev:\n                visit(operand)\n"
        "            order.append(node)\n\n    visit(self)\n    self.grad = 1.0\n"
        "    for node in reversed(order):\n        node._backward()\n",
        _KAHN, "Kahn's algorithm: a node runs once every node that uses it has run", ()),
    # Exercise 8.6
    Bug("tensor_elementwise",
        "    while grad.ndim > len(shape):\n        grad = grad.sum(axis=0)\n"
        "    for axis, length in enumerate(shape):\n        if length == 1 and grad.shape[axis] != 1:\n"
        "            grad = grad.sum(axis=axis, keepdims=True)\n    return grad\n",
        "    lead = grad.ndim - len(shape)\n"
        "    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1)\n"
        "    return np.sum(grad, axis=axes, keepdims=True).reshape(shape)\n",
        "unbroadcast as one np.sum over every broadcast axis, then a reshape", ()),
    Bug("tensor_elementwise",
        '    out = Tensor(np.maximum(self.data, 0.0), (self,), "relu")\n\n    def _backward():\n'
        "        self.grad += np.where(self.data > 0, out.grad, 0.0)\n",
        "    mask = self.data > 0\n"
        '    out = Tensor(self.data * mask, (self,), "relu")\n\n    def _backward():\n'
        "        self.grad += out.grad * mask\n",
        "relu and its gradient as a product with a boolean mask", ()),
    Bug("tensor_elementwise", "self.grad += out.grad * (1.0 - t ** 2)",
        "np.add(self.grad, np.multiply(out.grad, 1.0 - np.square(out.data)), out=self.grad)",
        "tanh's gradient with np.add(..., out=) and the output read from out.data", ()),
    # Exercise 8.7
    Bug("tensor_matmul_sum",
        "        self.grad += out.grad @ other.data.T\n        other.grad += self.data.T @ out.grad\n",
        "        self.grad += np.dot(out.grad, other.data.T)\n        other.grad += (out.grad.T @ self.data).T\n",
        "np.dot and the transpose of a transposed product", ()),
    Bug("tensor_matmul_sum",
        "        grad = out.grad if axis is None or keepdims else np.expand_dims(out.grad, axis)\n"
        "        self.grad += grad                      # broadcast over the summed axes\n",
        "        kept = np.sum(self.data, axis=axis, keepdims=True).shape\n"
        "        self.grad += np.broadcast_to(np.reshape(out.grad, kept), self.data.shape)\n",
        "sum's gradient reshaped to the keepdims shape, then np.broadcast_to", ()),
    # Exercise 8.8
    Bug("softmax_ce",
        "    z = logits.data\n    shifted = z - z.max(axis=1, keepdims=True)\n"
        "    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n    n = len(z)\n"
        '    out = Tensor(-(onehot * log_softmax).sum() / n, (logits,), "softmax-ce")\n\n'
        "    def _backward():\n        logits.grad += out.grad * (np.exp(log_softmax) - onehot) / n\n",
        "    from scipy.special import logsumexp, softmax\n    z = logits.data\n    n = len(z)\n"
        '    out = Tensor(np.mean(logsumexp(z, axis=1) - (onehot * z).sum(axis=1)), (logits,), "softmax-ce")\n\n'
        "    def _backward():\n        logits.grad += out.grad * (softmax(z, axis=1) - onehot) / n\n",
        "scipy.special's logsumexp and softmax", ()),
    Bug("softmax_ce",
        "    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n    n = len(z)\n"
        '    out = Tensor(-(onehot * log_softmax).sum() / n, (logits,), "softmax-ce")\n\n'
        "    def _backward():\n        logits.grad += out.grad * (np.exp(log_softmax) - onehot) / n\n",
        "    e = np.exp(shifted)\n    n = len(z)\n    true = shifted[np.arange(n), onehot.argmax(axis=1)]\n"
        '    out = Tensor(np.mean(np.log(e.sum(axis=1)) - true), (logits,), "softmax-ce")\n'
        "    p = e / e.sum(axis=1, keepdims=True)\n\n"
        "    def _backward():\n        logits.grad += out.grad / n * (p - onehot)\n",
        "the true class's logit picked by index, the probabilities kept for backward", ()),
    # Exercise 8.9
    Bug("tensor_mlp", _MLP_MASTER, _MLP_TUPLES,
        "layers kept as (W, b) tuples and names, dispatched in __call__", ()),
    Bug("tensor_mlp",
        "            elif isinstance(layer, ReLU):\n                self.ops.append(Tensor.relu)\n"
        "            elif isinstance(layer, Tanh):\n                self.ops.append(Tensor.tanh)\n"
        "            else:\n",
        "            elif type(layer) in (ReLU, Tanh):\n"
        "                self.ops.append({ReLU: Tensor.relu, Tanh: Tensor.tanh}[type(layer)])\n"
        "            else:\n",
        "activations looked up in a dict by the layer's type", ()),
]
