from nncourse.zoo import Bug

BUGS = [
    # Exercise 3.1 — mse and mse_grad
    Bug("mse_loss", "return 2.0 * (y_hat - y) / y_hat.shape[0]",
        "return (y_hat - y) / y_hat.shape[0]",
        "mse_grad forgets the factor 2 of the derivative of a square", ("test_mse_loss",)),
    Bug("mse_loss", "return 2.0 * (y_hat - y) / y_hat.shape[0]", "return 2.0 * (y_hat - y)",
        "mse_grad misses the 1/N of the mean", ("test_mse_loss",)),
    Bug("mse_loss", "return 2.0 * (y_hat - y) / y_hat.shape[0]", "return 2.0 * (y_hat - y) / 4",
        "mse_grad hard-codes N = 4, the size of the XOR batch", ("test_mse_loss",)),
    Bug("mse_loss", "return float(np.mean((y_hat - y) ** 2))",
        "return float(np.sum((y_hat - y) ** 2))",
        "mse sums the squared errors instead of averaging them", ("test_mse_loss",)),
    # Exercise 3.2 — Activation
    Bug("activation_class", "self.f = f\n        self.f_prime = f_prime",
        "self.f = f_prime\n        self.f_prime = f",
        "stores the function and its derivative swapped", ("test_activation_class",)),
    Bug("activation_class", "return self.f_prime(z)", "return self.f_prime(self.f(z))",
        "prime evaluates the derivative at the output f(z): the activation applied twice",
        ("test_activation_class",)),
    Bug("activation_class", "return self.f(z)", "return self.f",
        "forward returns the function instead of its value", ("test_activation_class",)),
    Bug("activation_class", "return self.f_prime(z)", "s = self.f(z)\n        return s * (1 - s)",
        "prime hard-codes the sigmoid's s (1 - s) for every activation",
        ("test_activation_class",)),
    # Exercise 3.3 — Perceptron
    Bug("perceptron", "size=(n_inputs, 1)", "size=(1, n_inputs)",
        "W drawn as a row of shape (1, n_inputs)", ("test_perceptron_forward",)),
    Bug("perceptron", "self.z = x @ self.W + self.b", "self.z = x @ self.W",
        "forward forgets the bias", ("test_perceptron_forward",)),
    Bug("perceptron", "self.dW = self.x.T @ delta", "self.dW = delta.T @ self.x",
        "transposed weight gradient, shape (1, n_inputs)", ("test_perceptron_backward",)),
    Bug("perceptron", "delta = grad_out * self.activation.prime(self.z)",
        "delta = grad_out * self.activation.prime(self.activation.forward(self.z))",
        "derivative taken at the activation's output (activation applied twice)",
        ("test_perceptron_backward",)),
    Bug("perceptron", "        self.db = delta.sum(axis=0)                            # (1,)\n", "",
        "forgotten bias gradient: db never set", ("test_perceptron_backward",)),
    Bug("perceptron", "self.db = delta.sum(axis=0)", "self.db = delta.mean(axis=0)",
        "bias gradient averaged over the batch instead of summed", ("test_perceptron_backward",)),
    Bug("perceptron", "self.W -= lr * self.dW", "self.W += lr * self.dW",
        "update climbs the gradient on W", ("test_perceptron_update",)),
    Bug("perceptron", "        self.b -= lr * self.db\n", "",
        "update forgets the bias", ("test_perceptron_update",)),
    # Exercise 3.4 — Glorot initialisation
    Bug("glorot_init", "limit = np.sqrt(6.0 / (n_in + n_out))",
        "limit = np.sqrt(6.0 / (n_in * n_out))", "bound sqrt(6 / (n_in * n_out))",
        ("test_glorot_init",)),
    Bug("glorot_init", "limit = np.sqrt(6.0 / (n_in + n_out))",
        "limit = np.sqrt(2.0 / (n_in + n_out))",
        "the standard deviation of Glorot normal used as the uniform bound", ("test_glorot_init",)),
    Bug("glorot_init", "limit, size=(n_in, n_out)", "limit, size=(n_out, n_in)",
        "weight matrix drawn transposed, shape (n_out, n_in)", ("test_glorot_init",)),
    Bug("glorot_init", "rng.uniform(-limit, limit,", "rng.normal(0.0, limit,",
        "normal instead of uniform distribution", ("test_glorot_init",)),
    Bug("glorot_init", '"b1": np.zeros(n_hidden)', '"b1": np.zeros((1, n_hidden))',
        "bias as a (1, n_hidden) row", ("test_glorot_init",)),
    Bug("glorot_init", "    W1 = glorot_uniform(n_in, n_hidden, rng)\n    W2 = glorot_uniform(n_hidden, n_out, rng)",
        "    W2 = glorot_uniform(n_hidden, n_out, rng)\n    W1 = glorot_uniform(n_in, n_hidden, rng)",
        "draws W2 before W1", ("test_glorot_init",)),
    # Exercise 3.5 — forward pass
    Bug("forward_pass", 'z1 = X @ params["W1"] + params["b1"]', 'z1 = X @ params["W1"]',
        "forgets the hidden bias b1", ("test_forward_pass",)),
    Bug("forward_pass", "y_hat = sigmoid(z2)", "y_hat = act.forward(z2)",
        "output through the hidden activation instead of the sigmoid", ("test_forward_pass",)),
    Bug("forward_pass", "h = act.forward(z1)", "h = sigmoid(z1)",
        "hidden layer hard-coded to the sigmoid, ignoring act", ("test_forward_pass",)),
    Bug("forward_pass", "y_hat = sigmoid(z2)", "y_hat = sigmoid(z2).ravel()",
        "y_hat flattened to shape (N,)", ("test_forward_pass",)),
    Bug("forward_pass", 'z2 = h @ params["W2"] + params["b2"]', 'z2 = h @ params["W2"]',
        "forgets the output bias b2", ("test_forward_pass",)),
    # Exercise 3.6 — backward pass, 1/2 MSE
    Bug("backward_half_mse", '"W2": h.T @ delta2', '"W2": delta2.T @ h',
        "transposed weight gradient dW2, shape (1, H)", ("test_backward_half_mse",)),
    Bug("backward_half_mse", "delta2 = (y_hat - y) / n * y_hat * (1.0 - y_hat)",
        "delta2 = (y_hat - y) * y_hat * (1.0 - y_hat)",
        "missing 1/N of the mean", ("test_backward_half_mse",)),
    Bug("backward_half_mse", "act.prime(z1)", "act.prime(h)",
        "hidden derivative taken at the output h (activation applied twice)",
        ("test_backward_half_mse",)),
    Bug("backward_half_mse", '"b1": delta1.sum(axis=0)', '"b1": np.zeros_like(params["b1"])',
        "forgotten hidden bias gradient", ("test_backward_half_mse",)),
    Bug("backward_half_mse", "delta2 = (y_hat - y) / n * y_hat * (1.0 - y_hat)",
        "delta2 = (y_hat - y) / n",
        "cross-entropy's delta: forgets sigma'(z2) of the output", ("test_backward_half_mse",)),
    Bug("backward_half_mse", "act.prime(z1)", "h * (1.0 - h)",
        "hard-codes the sigmoid derivative h (1 - h) for every hidden activation",
        ("test_backward_half_mse",)),
    Bug("backward_half_mse", '"W1": X.T @ delta1', '"W1": X.T @ delta1 / n',
        "divides by N a second time in dW1", ("test_backward_half_mse",)),
    # Exercise 3.7 — backward pass, binary cross-entropy
    Bug("backward_bce", "delta2 = (y_hat - y) / X.shape[0]",
        "delta2 = (y_hat - y) / X.shape[0] * y_hat * (1.0 - y_hat)",
        "keeps the factor sigma'(z2) that cancels with cross-entropy", ("test_backward_bce",)),
    Bug("backward_bce", "delta2 = (y_hat - y) / X.shape[0]", "delta2 = (y - y_hat) / X.shape[0]",
        "sign flipped: y - y_hat", ("test_backward_bce",)),
    Bug("backward_bce", "delta2 = (y_hat - y) / X.shape[0]", "delta2 = y_hat - y",
        "delta2 = y_hat - y without the 1/N of the mean", ("test_backward_bce",)),
    Bug("backward_bce", "act.prime(z1)", "act.prime(h)",
        "hidden derivative at the output h (right for ReLU only)", ("test_backward_bce",)),
    Bug("backward_bce", '"W1": X.T @ delta1', '"W1": delta1.T @ X',
        "transposed weight gradient dW1, shape (H, d)", ("test_backward_bce",)),
    Bug("backward_bce", '"b2": delta2.sum(axis=0)', '"b2": delta2.mean(axis=0)',
        "output bias gradient averaged, dividing by N twice", ("test_backward_bce",)),
    # Exercise 3.8 — SGD with momentum, on lists
    Bug("sgd_momentum", "            v *= self.momentum\n            v -= self.lr * g\n",
        "            v -= self.lr * g\n",
        "momentum that never decays: old velocity kept in full", ("test_sgd_momentum",)),
    Bug("sgd_momentum", "        if self.velocities is None:\n"
        "            self.velocities = [np.zeros_like(p) for p in params]\n",
        "        self.velocities = [np.zeros_like(p) for p in params]\n",
        "velocities created anew at every step: momentum has no effect", ("test_sgd_momentum",)),
    Bug("sgd_momentum", "v -= self.lr * g", "v += self.lr * g",
        "steps up the gradient", ("test_sgd_momentum",)),
    Bug("sgd_momentum", "        for p, v, g in zip(params, self.velocities, grads):\n"
        "            v *= self.momentum\n            v -= self.lr * g\n            p += v\n",
        "        for i, (v, g) in enumerate(zip(self.velocities, grads)):\n"
        "            v *= self.momentum\n            v -= self.lr * g\n"
        "            params[i] = params[i] + v\n",
        "puts new arrays in the list instead of updating the arrays in place", ("test_sgd_momentum",)),
    Bug("sgd_momentum", "            v *= self.momentum\n            v -= self.lr * g\n            p += v\n",
        "            v *= self.momentum\n            v += g\n            p -= self.lr * v\n",
        "velocity as a sum of gradients (v = mu v + g, p -= lr v): right while lr is constant, wrong "
        "once a schedule changes opt.lr", ("test_sgd_momentum",)),
    # Exercise 3.9 — training loop
    Bug("train_loop", "        optimizer.step([params[name] for name in names], [grads[name] for name in names])\n",
        "        optimizer.step([params[name] for name in names], [grads[name] for name in names])\n"
        "        losses[epoch] = loss_and_grads(params)[0]\n",
        "records the loss after the step with an extra evaluation", ("test_train_loop",)),
    Bug("train_loop", "        names = list(params)\n"
        "        optimizer.step([params[name] for name in names], [grads[name] for name in names])\n",
        "        optimizer.step(list(params.values()), list(grads.values()))\n",
        "pairs params and grads by the order of the two dicts, not by name", ("test_train_loop",)),
    Bug("train_loop", "        names = list(params)\n"
        "        optimizer.step([params[name] for name in names], [grads[name] for name in names])\n",
        "        optimizer.step(params, grads)\n",
        "hands the optimiser the dicts instead of two lists", ("test_train_loop",)),
    Bug("train_loop", "optimizer.step([params[name] for name in names]",
        "optimizer.step([params[name].copy() for name in names]",
        "steps on copies of the arrays: the caller's params never change", ("test_train_loop",)),
    # Exercise 3.10 — learning-rate sweep
    Bug("lr_sweep", "params = {name: value.copy() for name, value in params0.items()}",
        "params = params0",
        "trains params0 itself: every run starts where the one before ended", ("test_lr_sweep",)),
    Bug("lr_sweep", "params = {name: value.copy() for name, value in params0.items()}",
        "params = dict(params0)",
        "copies the dict but not its arrays: the optimiser updates params0 in place", ("test_lr_sweep",)),
    Bug("lr_sweep", "    for i, lr in enumerate(lrs):\n"
        "        params = {name: value.copy() for name, value in params0.items()}\n"
        "        curves[i] = train(params, loss_and_grads, SGD(lr, momentum), epochs)\n",
        "    optimizer = SGD(lrs[0], momentum)\n    for i, lr in enumerate(lrs):\n"
        "        params = {name: value.copy() for name, value in params0.items()}\n"
        "        optimizer.lr = lr\n"
        "        curves[i] = train(params, loss_and_grads, optimizer, epochs)\n",
        "one optimiser for all runs: each run inherits the velocity of the run before",
        ("test_lr_sweep",)),
    Bug("lr_sweep", "SGD(lr, momentum)", "SGD(lr)",
        "ignores the momentum argument", ("test_lr_sweep",)),
    Bug("lr_sweep", "    return curves\n", "    return curves[:, -1]\n",
        "returns only the final losses, not the curves", ("test_lr_sweep",)),
]

# Other correct answers, in other idioms: each must keep full marks.
ALTERNATIVES = [
    # Exercise 3.1
    Bug("mse_loss", "return float(np.mean((y_hat - y) ** 2))",
        "return float(np.sum(np.square(y_hat - y)) / y.shape[0])",
        "mse as a sum of np.square divided by N", ()),
    Bug("mse_loss", "return float(np.mean((y_hat - y) ** 2))",
        "return sum((p - t) ** 2 for p, t in zip(y_hat.ravel(), y.ravel())) / len(y)",
        "mse as a Python loop over the examples (a numpy float, which is a float)", ()),
    Bug("mse_loss", "return 2.0 * (y_hat - y) / y_hat.shape[0]",
        "n = len(y_hat)\n    return (y_hat - y) * (2 / n)",
        "mse_grad with the factor 2 / N computed first", ()),
    # Exercise 3.2
    Bug("activation_class", "self.f = f\n        self.f_prime = f_prime",
        "self.f, self.f_prime = f, f_prime",
        "both attributes in one tuple assignment", ()),
    Bug("activation_class", "self.f = f\n        self.f_prime = f_prime",
        "self.f = lambda z: f(z)\n        self.f_prime = lambda z: f_prime(z)",
        "the two functions wrapped in lambdas", ()),
    Bug("activation_class", "        return self.f(z)\n", "        f = self.f\n        return f(np.asarray(z))\n",
        "forward converts z with np.asarray first", ()),
    # Exercise 3.3
    Bug("perceptron", "self.W = rng.uniform(-1.0, 1.0, size=(n_inputs, 1))",
        "self.W = 2.0 * rng.random((n_inputs, 1)) - 1.0",
        "the same uniform draw written as 2 u - 1 with rng.random", ()),
    Bug("perceptron", "self.dW = self.x.T @ delta", "self.dW = np.einsum(\"ni,nj->ij\", self.x, delta)",
        "weight gradient with np.einsum", ()),
    Bug("perceptron", "return delta @ self.W.T", "return np.outer(delta, self.W)",
        "input gradient as an outer product", ()),
    Bug("perceptron", "self.W -= lr * self.dW\n        self.b -= lr * self.db",
        "self.W = self.W - lr * self.dW\n        self.b = self.b - lr * self.db",
        "update builds new arrays instead of updating in place", ()),
    # Exercise 3.4
    Bug("glorot_init", "limit = np.sqrt(6.0 / (n_in + n_out))",
        "import math\n    limit = math.sqrt(6) / math.sqrt(n_in + n_out)",
        "the bound with math.sqrt, sqrt(6) / sqrt(n_in + n_out): an ulp away from numpy's", ()),
    Bug("glorot_init", "limit = np.sqrt(6.0 / (n_in + n_out))",
        "limit = (6.0 / (n_in + n_out)) ** 0.5", "the bound as a power 0.5", ()),
    Bug("glorot_init", 'return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}',
        "return dict(W1=W1, b1=np.zeros(n_hidden), W2=W2, b2=np.zeros(n_out))",
        "init_params with the dict constructor", ()),
    # Exercise 3.5
    Bug("forward_pass", "y_hat = sigmoid(z2)", "from scipy.special import expit\n    y_hat = expit(z2)",
        "output sigmoid from scipy.special.expit", ()),
    Bug("forward_pass", 'z1 = X @ params["W1"] + params["b1"]', 'z1 = np.dot(X, params["W1"]) + params["b1"]',
        "np.dot instead of @", ()),
    Bug("forward_pass", 'cache = {"X": X, "z1": z1, "h": h, "z2": z2, "y_hat": y_hat}',
        "cache = dict(X=X, z1=z1, h=h, z2=z2, y_hat=y_hat)", "cache with the dict constructor", ()),
    # Exercise 3.6
    Bug("backward_half_mse", "delta2 = (y_hat - y) / n * y_hat * (1.0 - y_hat)",
        'delta2 = (y_hat - y) / n * sigmoid_prime(cache["z2"])',
        "sigma'(z2) from the given sigmoid_prime at z2", ()),
    Bug("backward_half_mse", '    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0),\n'
        '            "W2": h.T @ delta2, "b2": delta2.sum(axis=0)}\n',
        '    grads = {k: np.zeros_like(v) for k, v in params.items()}\n'
        '    for x_n, h_n, d1_n, d2_n in zip(X, h, delta1, delta2):   # one example at a time\n'
        '        grads["W1"] += np.outer(x_n, d1_n)\n        grads["b1"] += d1_n\n'
        '        grads["W2"] += np.outer(h_n, d2_n)\n        grads["b2"] += d2_n\n'
        '    return grads\n',
        "gradients summed over the examples in a loop of outer products", ()),
    Bug("backward_half_mse", '    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0),\n'
        '            "W2": h.T @ delta2, "b2": delta2.sum(axis=0)}\n',
        '    return {"W1": np.einsum("nd,nh->dh", X, delta1), "b1": np.sum(delta1, axis=0),\n'
        '            "W2": np.einsum("nh,no->ho", h, delta2), "b2": np.sum(delta2, axis=0)}\n',
        "gradients with np.einsum and np.sum", ()),
    # Exercise 3.7
    Bug("backward_bce", "delta2 = (y_hat - y) / X.shape[0]",
        "dL_dyhat = (y_hat - y) / (y_hat * (1.0 - y_hat)) / X.shape[0]\n"
        "    delta2 = dL_dyhat * y_hat * (1.0 - y_hat)",
        "the long way: dL/dy_hat first, then times sigma'(z2)", ()),
    Bug("backward_bce", "delta2 = (y_hat - y) / X.shape[0]", 'delta2 = (sigmoid(cache["z2"]) - y) / len(y)',
        "y_hat recomputed from z2", ()),
    Bug("backward_bce", '    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0),\n'
        '            "W2": h.T @ delta2, "b2": delta2.sum(axis=0)}\n',
        '    grads = {k: np.zeros_like(v) for k, v in params.items()}\n'
        '    for x_n, h_n, d1_n, d2_n in zip(X, h, delta1, delta2):   # one example at a time\n'
        '        grads["W1"] += np.outer(x_n, d1_n)\n        grads["b1"] += d1_n\n'
        '        grads["W2"] += np.outer(h_n, d2_n)\n        grads["b2"] += d2_n\n'
        '    return grads\n',
        "gradients summed over the examples in a loop of outer products", ()),
    # Exercise 3.8
    Bug("sgd_momentum", "        if self.velocities is None:\n"
        "            self.velocities = [np.zeros_like(p) for p in params]\n"
        "        for p, v, g in zip(params, self.velocities, grads):\n"
        "            v *= self.momentum\n            v -= self.lr * g\n            p += v\n",
        "        if self.velocities is None:\n            self.velocities = [0.0] * len(params)\n"
        "        for i, (p, g) in enumerate(zip(params, grads)):\n"
        "            self.velocities[i] = self.momentum * self.velocities[i] - self.lr * g\n"
        "            p += self.velocities[i]\n",
        "velocities as new arrays in a list indexed by position, starting from the scalar 0", ()),
    Bug("sgd_momentum", "            v *= self.momentum\n            v -= self.lr * g\n            p += v\n",
        "            v[...] = self.momentum * v - self.lr * g\n            np.add(p, v, out=p)\n",
        "in-place updates through v[...] = and np.add(..., out=p)", ()),
    Bug("sgd_momentum", "        if self.velocities is None:\n"
        "            self.velocities = [np.zeros_like(p) for p in params]\n"
        "        for p, v, g in zip(params, self.velocities, grads):\n"
        "            v *= self.momentum\n            v -= self.lr * g\n            p += v\n",
        "        if self.velocities is None:\n            self.velocities = {}\n"
        "        for i, (p, g) in enumerate(zip(params, grads)):\n"
        "            v = self.momentum * self.velocities.get(i, 0.0) - self.lr * g\n"
        "            self.velocities[i] = v\n            p += v\n",
        "velocities in a dict keyed by position", ()),
    # Exercise 3.9
    Bug("train_loop", "names = list(params)", "names = sorted(params)",
        "parameters in sorted order of their names (the same order for both lists)", ()),
    Bug("train_loop", "        names = list(params)\n"
        "        optimizer.step([params[name] for name in names], [grads[name] for name in names])\n",
        "        pairs = [(params[name], grads[name]) for name in params]\n"
        "        optimizer.step([p for p, _ in pairs], [g for _, g in pairs])\n",
        "(parameter, gradient) pairs first, then split into two lists", ()),
    Bug("train_loop", "        names = list(params)\n"
        "        optimizer.step([params[name] for name in names], [grads[name] for name in names])\n",
        "        ordered = {name: grads[name] for name in params}\n"
        "        optimizer.step(list(params.values()), list(ordered.values()))\n",
        "gradients reordered into a dict in the order of params", ()),
    # Exercise 3.10
    Bug("lr_sweep", "params = {name: value.copy() for name, value in params0.items()}",
        "import copy\n        params = copy.deepcopy(params0)", "a deep copy of params0", ()),
    Bug("lr_sweep", "    curves = np.zeros((len(lrs), epochs))\n    for i, lr in enumerate(lrs):\n"
        "        params = {name: value.copy() for name, value in params0.items()}\n"
        "        curves[i] = train(params, loss_and_grads, SGD(lr, momentum), epochs)\n"
        "    return curves\n",
        "    return np.array([train({k: v.copy() for k, v in params0.items()}, loss_and_grads,\n"
        "                           SGD(lr, momentum), epochs) for lr in lrs])\n",
        "one list comprehension turned into an array", ()),
    Bug("lr_sweep", "    for i, lr in enumerate(lrs):\n"
        "        params = {name: value.copy() for name, value in params0.items()}\n"
        "        curves[i] = train(params, loss_and_grads, SGD(lr, momentum), epochs)\n",
        "    names = list(params0)\n"
        "    for i, lr in enumerate(lrs):                       # its own loop, without train\n"
        "        arrays = [params0[k].copy() for k in names]\n"
        "        optimizer = SGD(lr, momentum)\n"
        "        for epoch in range(epochs):\n"
        "            loss, grads = loss_and_grads(dict(zip(names, arrays)))\n"
        "            curves[i, epoch] = loss\n"
        "            optimizer.step(arrays, [grads[k] for k in names])\n",
        "its own training loop instead of train", ()),
]
