from nncourse.zoo import Bug

# Tests cells use reference pieces where they need another exercise's: test_mlp_backward swaps
# reference layers (with the same weights) into the student's MLP, test_train drives train with a
# stand-in model, loss and optimiser, test_hidden_size_sweep gives it scripted models. The one
# cell that trains real networks with the student's own pieces is test_training (XOR and the
# moons, "your pieces learn together"): a bug that breaks learning costs it too, inherently, and
# the zoo lists it for such bugs (measured under real nbgrader).
T = ("test_training",)

BUGS = [
    # Exercise 4.1 — numerical_gradient
    Bug("numerical_gradient", "grad[i] = (f_plus - f_minus) / (2 * h)", "grad[i] = (f_plus - f_minus) / h",
        "divides the centred difference by h instead of 2h", ("test_numerical_gradient",)),
    Bug("numerical_gradient",
        "param[i] = original - h\n        f_minus = f()\n        param[i] = original\n"
        "        grad[i] = (f_plus - f_minus) / (2 * h)",
        "param[i] = original\n        f_minus = f()\n        grad[i] = (f_plus - f_minus) / h",
        "one-sided difference: error of order h, not h**2", ("test_numerical_gradient",)),
    Bug("numerical_gradient", "        param[i] = original\n        grad[i]", "        grad[i]",
        "never restores the entry: param is left nudged by -h", ("test_numerical_gradient",)),
    Bug("numerical_gradient", "grad = np.zeros(param.shape)",
        "grad = np.zeros(param.shape)\n    param = param.copy()",
        "nudges a copy of param, which f never reads: the gradient is all zeros",
        ("test_numerical_gradient",)),
    Bug("numerical_gradient", "def numerical_gradient(f, param, h=1e-5):",
        "def numerical_gradient(f, param, h=1e-5):\n    h = 1e-5",
        "ignores the step h passed in", ("test_numerical_gradient",)),
    # Exercise 4.2 — Linear
    Bug("linear", "np.sqrt(2.0 / n_in)", "2.0 / n_in",
        "He initialisation with the variance 2/n_in used as the standard deviation", ("test_linear_init",)),
    Bug("linear", "a = np.sqrt(6.0 / (n_in + n_out))", "a = np.sqrt(2.0 / (n_in + n_out))",
        "Glorot bound taken as the standard deviation sqrt(2/(n_in+n_out))", ("test_linear_init",)),
    Bug("linear", "return x @ self.W + self.b", "return x @ self.W",
        "forward forgets the bias", ("test_linear_forward",) + T),
    Bug("linear", "self.dW = self.x.T @ grad_out", "self.dW = grad_out.T @ self.x",
        "transposed weight gradient, shape (n_out, n_in)", ("test_linear_backward",) + T),
    Bug("linear", "self.db = grad_out.sum(axis=0)", "self.db = grad_out.mean(axis=0)",
        "bias gradient averaged over the batch instead of summed", ("test_linear_backward",) + T),
    Bug("linear", "return grad_out @ self.W.T", "return grad_out",
        "backward returns grad_out unchanged instead of grad_out @ W.T", ("test_linear_backward",) + T),
    # Exercise 4.3 — Sigmoid, Tanh, ReLU
    Bug("activation_layers", "return grad_out * self.out * (1.0 - self.out)",
        "s = 1.0 / (1.0 + np.exp(-self.out))\n        return grad_out * s * (1.0 - s)",
        "Sigmoid.backward applies the sigmoid to its output again", ("test_sigmoid_layer",)),
    Bug("activation_layers",
        "e = np.exp(-np.abs(x))\n        self.out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
        "e = np.exp(x)\n        self.out = e / (1.0 + e)",
        "sigmoid as exp(x) / (1 + exp(x)): inf / inf = nan at x = 1000", ("test_sigmoid_layer",)),
    Bug("activation_layers", "return grad_out * (1.0 - self.out ** 2)", "return grad_out * (1.0 - self.out)",
        "Tanh.backward forgets the square: 1 - t instead of 1 - t**2", ("test_tanh_layer",)),
    Bug("activation_layers", "return grad_out * (1.0 - self.out ** 2)", "return 1.0 - self.out ** 2",
        "Tanh.backward returns the local derivative without multiplying by grad_out",
        ("test_tanh_layer",) + T),
    Bug("activation_layers", "self.mask = x > 0", "self.mask = x >= 0",
        "ReLU's derivative taken as 1 at x = 0", ("test_relu_layer",)),
    Bug("activation_layers", "return np.where(self.mask, grad_out, 0.0)", "return np.where(self.mask, 1.0, 0.0)",
        "ReLU.backward returns the mask instead of masking grad_out", ("test_relu_layer",) + T),
    # Exercise 4.4 — Softmax
    Bug("softmax_layer", "e = np.exp(x - x.max(axis=1, keepdims=True))", "e = np.exp(x)",
        "softmax without the max-shift: nan at logits of 1000", ("test_softmax_layer",)),
    Bug("softmax_layer", "self.p = e / e.sum(axis=1, keepdims=True)", "self.p = e / e.sum(axis=0, keepdims=True)",
        "normalises over the batch (axis 0) instead of over the classes", ("test_softmax_layer",)),
    Bug("softmax_layer",
        "return self.p * (grad_out - (grad_out * self.p).sum(axis=1, keepdims=True))",
        "return grad_out * self.p * (1.0 - self.p)",
        "backward keeps only the diagonal of the softmax Jacobian", ("test_softmax_layer",)),
    Bug("softmax_layer", "(grad_out * self.p).sum(axis=1, keepdims=True)", "(grad_out * self.p).sum()",
        "backward sums g * p over the whole batch instead of each row", ("test_softmax_layer",)),
    # Exercise 4.5 — losses
    Bug("losses", "return 2.0 * self.diff / self.diff.size", "return self.diff / self.diff.size",
        "MSE gradient forgets the factor 2", ("test_mse",)),
    Bug("losses", "return 2.0 * self.diff / self.diff.size", "return 2.0 * self.diff / len(self.diff)",
        "MSE gradient divides by N instead of N * D", ("test_mse",)),
    Bug("losses", "self.p = np.clip(pred, eps, 1.0 - eps)", "self.p = pred",
        "BCE without clipping: log(0) = -inf at saturated probabilities", ("test_bce",)),
    Bug("losses", "return (self.p - self.y) / (self.p * (1.0 - self.p)) / self.p.size",
        "return (self.p - self.y) / self.p.size",
        "BCE backward returns (p - y)/N, the gradient with respect to the sigmoid's input", ("test_bce",)),
    Bug("losses", "return (self.p - self.y) / (self.p * (1.0 - self.p)) / self.p.size",
        "return (self.p - self.y) / (self.p * (1.0 - self.p))",
        "BCE gradient misses the 1/N of the mean", ("test_bce",)),
    Bug("losses",
        "log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))",
        "log_p = np.log(np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True) + 1e-7)",
        "cross-entropy of log(p + 1e-7): a confidently wrong answer costs 16, not 2000", ("test_softmax_ce",)),
    Bug("losses", "return (self.p - self.target) / len(self.p)", "return self.p - self.target",
        "softmax cross-entropy gradient not divided by the batch size", ("test_softmax_ce",) + T),
    Bug("losses", "shifted = pred - pred.max(axis=1, keepdims=True)", "shifted = pred",
        "softmax cross-entropy without the max-shift: nan at logits of 1000", ("test_softmax_ce",)),
    # Exercise 4.6 — sigmoid and binary cross-entropy, fused
    Bug("sigmoid_bce",
        "return float(np.mean(np.maximum(logits, 0.0) - target * logits + np.log1p(e)))",
        "return float(-np.mean(target * np.log(self.p) + (1.0 - target) * np.log(1.0 - self.p)))",
        "the loss from the sigmoid's probabilities: log(0) = -inf where it saturates", ("test_sigmoid_bce",)),
    Bug("sigmoid_bce",
        "return float(np.mean(np.maximum(logits, 0.0) - target * logits + np.log1p(e)))",
        "return float(np.mean(np.log(1.0 + np.exp(logits)) - target * logits))",
        "log(1 + exp(z)) without the max(z, 0) split: overflows to inf at z = 1000", ("test_sigmoid_bce",)),
    Bug("sigmoid_bce", "return (self.p - self.y) / self.p.size", "return self.p - self.y",
        "gradient misses the 1/N of the mean", ("test_sigmoid_bce",)),
    Bug("sigmoid_bce", "return (self.p - self.y) / self.p.size", "return (self.y - self.p) / self.p.size",
        "gradient with the wrong sign: y - sigmoid(z)", ("test_sigmoid_bce",) + T),
    # Exercise 4.7 — MLP
    Bug("mlp", "            if not last:\n                self.layers.append(self.ACTIVATIONS[activation]())",
        "            self.layers.append(self.ACTIVATIONS[activation]())",
        "an activation after the output layer too", ("test_mlp_build", "test_mlp_backward") + T),
    Bug("mlp", 'init = "he" if activation == "relu" and not last else "glorot"', 'init = "he"',
        "He initialisation for every layer, also before tanh and for the output", ("test_mlp_build",)),
    Bug("mlp", "return sum(p.size for p in self.params())", "return len(self.params())",
        "n_params counts arrays, not their entries", ("test_mlp_build",)),
    Bug("mlp", "return out.argmax(axis=1)", "return out.argmax(axis=0)",
        "predict takes the argmax over the batch instead of over the outputs", ("test_mlp_forward",)),
    Bug("mlp", "return (out[:, 0] > 0.5).astype(int)", "return (out[:, 0] > 0).astype(int)",
        "predict thresholds a probability at 0 instead of 0.5", ("test_mlp_forward",)),
    Bug("mlp", "for layer in reversed(self.layers):\n            grad_out = layer.backward(grad_out)",
        "for layer in reversed(self.layers):\n            layer.backward(grad_out)",
        "backward hands every layer the network's grad_out instead of chaining", ("test_mlp_backward",) + T),
    Bug("mlp", "return [p for layer in self.layers for p in layer.params()]",
        "return [p.copy() for layer in self.layers for p in layer.params()]",
        "params() returns copies: an optimiser updates arrays the network does not use",
        ("test_mlp_build", "test_mlp_backward") + T),
    # Exercise 4.8 — SGD
    Bug("sgd", "            v *= self.momentum\n", "",
        "momentum that never decays: v <- v - lr g", ("test_sgd",) + T),
    Bug("sgd", "            p += v", "            p = p + v",
        "step rebinds a local name: the parameters never change", ("test_sgd",) + T),
    Bug("sgd", """        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in params]
        for p, v, g in zip(params, self.velocities, grads):
            v *= self.momentum
            v -= self.lr * g""", """        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in params]
            self.first_lr = self.lr
        for p, v, g in zip(params, self.velocities, grads):
            v *= self.momentum
            v -= self.first_lr * g""",
        "keeps the learning rate of the first step, ignoring later changes of opt.lr", ("test_sgd",)),
    Bug("sgd", "        if self.velocities is None:\n            self.velocities",
        "        if True:\n            self.velocities",
        "velocities reset to zero at every step: momentum has no effect", ("test_sgd",) + T),
    # Exercise 4.9 — train
    Bug("train", "order = rng.permutation(len(X))", "order = np.arange(len(X))",
        "no shuffling: the same batches every epoch", ("test_train",)),
    Bug("train", "out = model.forward(X[batch])\n            total += loss_fn.forward(out, Y[batch])",
        "out = model.forward(X[batch])\n            total += loss_fn.forward(out, Y[start:start + batch_size])",
        "shuffles X but takes Y in the original order", ("test_train",) + T),
    Bug("train", "total += loss_fn.forward(out, Y[batch]) * len(batch)", "total += loss_fn.forward(out, Y[batch])",
        "epoch loss sums the batch means without weighting them", ("test_train",)),
    Bug("train", "starts = range(0, len(X), batch_size)", "starts = range(0, len(X) - batch_size + 1, batch_size)",
        "drops the last, smaller batch", ("test_train",)),
    Bug("train", "mb = master_bar(range(epochs)) if live else range(epochs)", "mb = master_bar(range(epochs))",
        "shows the bars even with live=False", ("test_train",)),
    Bug("train", "(progress_bar(starts, parent=mb) if live else starts)", "starts",
        "ignores live for the batches: never shows the inner progress bar", ("test_train",)),
    # Exercise 4.10 — the hidden-size sweep
    Bug("hidden_size_sweep", "predicted = (model.forward(X)[:, 0] > 0).astype(int)",
        "predicted = (model.forward(X)[:, 0] > 0.5).astype(int)",
        "thresholds the logit at 0.5, as if it were a probability", ("test_hidden_size_sweep",)),
    Bug("hidden_size_sweep", "predicted = (model.forward(X)[:, 0] > 0).astype(int)",
        "predicted = (model.forward(X) > 0).astype(int)",
        "compares the (N, 1) column with the (N,) labels: broadcast to (N, N)", ("test_hidden_size_sweep",)),
    Bug("hidden_size_sweep", '("val", X_val, y_val)', '("val", X_train, y_train)',
        "measures the validation accuracy on the training split", ("test_hidden_size_sweep",)),
    Bug("hidden_size_sweep", "        model = make_and_train(hidden)\n",
        "        model = result[\"models\"][0] if result[\"models\"] else make_and_train(hidden)\n",
        "trains once and reuses the first network for every size", ("test_hidden_size_sweep",)),
]

ALTERNATIVES = [
    Bug("numerical_gradient",
        "    grad = np.zeros(param.shape)\n    for i in np.ndindex(param.shape):\n",
        "    grad = np.zeros(param.shape)\n    it = np.nditer(param, flags=['multi_index'])\n"
        "    for _ in it:\n        i = it.multi_index\n",
        "np.nditer with a multi_index", ()),
    Bug("numerical_gradient",
        """    grad = np.zeros(param.shape)
    for i in np.ndindex(param.shape):
        original = param[i]
        param[i] = original + h
        f_plus = f()
        param[i] = original - h
        f_minus = f()
        param[i] = original
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad""",
        """    grad = []
    for k in range(param.size):
        i = np.unravel_index(k, param.shape)
        keep = param[i]
        param[i] = keep + h
        up = f()
        param[i] = keep - h
        down = f()
        param[i] = keep
        grad.append((up - down) / (2 * h))
    return np.array(grad).reshape(param.shape)""",
        "a flat loop with np.unravel_index, the gradient built as a list", ()),
    Bug("linear", "self.W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))",
        "self.W = rng.standard_normal((n_in, n_out)) * (2.0 / n_in) ** 0.5",
        "He weights as scaled standard normals", ()),
    Bug("linear",
        "        self.dW = self.x.T @ grad_out\n        self.db = grad_out.sum(axis=0)\n"
        "        return grad_out @ self.W.T",
        "        self.dW = np.einsum('ni,nj->ij', self.x, grad_out)\n        self.db = np.sum(grad_out, axis=0)\n"
        "        return np.dot(grad_out, self.W.T)",
        "einsum and np.dot in the backward pass", ()),
    Bug("activation_layers",
        "e = np.exp(-np.abs(x))\n        self.out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
        "self.out = 1.0 / (1.0 + np.exp(-x))",
        "the textbook sigmoid: an overflow warning at x = -1000, but exact values (warnings cost nothing)",
        ()),
    Bug("activation_layers",
        "e = np.exp(-np.abs(x))\n        self.out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
        "from scipy.special import expit\n        self.out = expit(x)",
        "scipy.special.expit", ()),
    Bug("activation_layers",
        "        self.mask = x > 0\n        return np.where(self.mask, x, 0.0)",
        "        self.mask = (x > 0).astype(float)\n        return x * self.mask",
        "ReLU as x times a float mask", ()),
    Bug("softmax_layer", "e = np.exp(x - x.max(axis=1, keepdims=True))\n        self.p = e / e.sum(axis=1, keepdims=True)",
        "from scipy.special import softmax\n        self.p = softmax(x, axis=1)",
        "scipy.special.softmax", ()),
    Bug("softmax_layer",
        "return self.p * (grad_out - (grad_out * self.p).sum(axis=1, keepdims=True))",
        "jacobians = np.stack([np.diag(row) - np.outer(row, row) for row in self.p])   # (N, C, C)\n"
        "        return np.einsum('nj,njk->nk', grad_out, jacobians)",
        "backward through the full per-row Jacobians", ()),
    Bug("losses", "        shifted = pred - pred.max(axis=1, keepdims=True)\n"
        "        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))",
        "        from scipy.special import logsumexp\n"
        "        log_p = pred - logsumexp(pred, axis=1, keepdims=True)",
        "scipy.special.logsumexp", ()),
    Bug("losses", "return (self.p - self.y) / (self.p * (1.0 - self.p)) / self.p.size",
        "return (-self.y / self.p + (1.0 - self.y) / (1.0 - self.p)) / len(self.p)",
        "the BCE gradient as -y/p + (1 - y)/(1 - p)", ()),
    Bug("losses", "return float(np.mean(self.diff ** 2))", "return float(np.square(self.diff).sum() / self.diff.size)",
        "MSE as a sum of squares over the size", ()),
    Bug("sigmoid_bce",
        "        e = np.exp(-np.abs(logits))\n"
        "        self.p = np.where(logits >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n"
        "        self.y = target\n"
        "        return float(np.mean(np.maximum(logits, 0.0) - target * logits + np.log1p(e)))",
        "        from scipy.special import expit\n"
        "        self.p, self.y = expit(logits), target\n"
        "        return float(np.mean(np.logaddexp(0.0, logits) - target * logits))",
        "np.logaddexp(0, z) - y z and scipy.special.expit", ()),
    Bug("sigmoid_bce",
        "        e = np.exp(-np.abs(logits))\n"
        "        self.p = np.where(logits >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n",
        "        e = np.exp(-np.abs(logits))\n"
        "        self.p = Sigmoid().forward(logits)\n",
        "the Sigmoid layer of Exercise 4.3 for sigmoid(z)", ()),
    Bug("mlp", "        for layer in reversed(self.layers):\n            grad_out = layer.backward(grad_out)",
        "        for layer in self.layers[::-1]:\n            grad_out = layer.backward(grad_out)",
        "backward over self.layers[::-1]", ()),
    Bug("mlp", """        out = self.forward(x)
        if out.shape[1] == 1:
            return (out[:, 0] > 0.5).astype(int)
        return out.argmax(axis=1)""", """        out = self.forward(x)
        return np.where(out[:, 0] > 0.5, 1, 0) if out.shape[1] == 1 else np.argmax(out, axis=-1)""",
        "predict with np.where and np.argmax(axis=-1)", ()),
    Bug("mlp", "return sum(p.size for p in self.params())", "return int(np.sum([np.prod(p.shape) for p in self.params()]))",
        "n_params from the shapes", ()),
    Bug("sgd", """        if self.velocities is None:
            self.velocities = [np.zeros_like(p) for p in params]
        for p, v, g in zip(params, self.velocities, grads):
            v *= self.momentum
            v -= self.lr * g
            p += v""", """        if self.velocities is None:
            self.velocities = {}
        for k, (p, g) in enumerate(zip(params, grads)):
            v = self.momentum * self.velocities.get(k, 0.0) - self.lr * g
            self.velocities[k] = v
            p[...] = p + v""", "velocities in a dict by position, p[...] = p + v", ()),
    Bug("sgd", """            v *= self.momentum
            v -= self.lr * g
            p += v""", """            np.multiply(v, self.momentum, out=v)
            np.subtract(v, self.lr * g, out=v)
            np.add(p, v, out=p)""", "np.multiply, np.subtract and np.add with out=", ()),
    Bug("train", """        order = rng.permutation(len(X))
        starts = range(0, len(X), batch_size)
        total = 0.0
        for start in (progress_bar(starts, parent=mb) if live else starts):
            batch = order[start:start + batch_size]
            out = model.forward(X[batch])
            total += loss_fn.forward(out, Y[batch]) * len(batch)
            model.backward(loss_fn.backward())
            optimizer.step(model.params(), model.grads())
        history.append(total / len(X))""", """        order = rng.permutation(len(X))
        batches = np.array_split(order, range(batch_size, len(X), batch_size))
        if live:
            batches = progress_bar(batches, parent=mb)
        losses, sizes = [], []
        for batch in batches:
            losses.append(loss_fn.forward(model.forward(X[batch]), Y[batch]))
            sizes.append(len(batch))
            model.backward(loss_fn.backward())
            optimizer.step(model.params(), model.grads())
        history.append(float(np.average(losses, weights=sizes)))""",
        "np.array_split into batches and np.average weighted by the batch sizes", ()),
    Bug("train", "    mb = master_bar(range(epochs)) if live else range(epochs)\n    for epoch in mb:\n",
        "    epochs_iter = master_bar(range(epochs)) if live else None\n    mb = epochs_iter\n"
        "    for epoch in (epochs_iter if live else range(epochs)):\n",
        "the bar only created when live, the epochs iterated either way", ()),
    Bug("hidden_size_sweep", """        for split, X, y in (("train", X_train, y_train), ("val", X_val, y_val)):
            predicted = (model.forward(X)[:, 0] > 0).astype(int)
            result[f"{split}_acc"].append(float(np.mean(predicted == y)))""",
        """        result["train_acc"].append(float(np.mean(np.ravel(model.forward(X_train) > 0) == (y_train == 1))))
        result["val_acc"].append(float(np.mean(np.ravel(model.forward(X_val) > 0) == (y_val == 1))))""",
        "np.ravel of the boolean column, compared with y == 1", ()),
    Bug("hidden_size_sweep", """            predicted = (model.forward(X)[:, 0] > 0).astype(int)
            result[f"{split}_acc"].append(float(np.mean(predicted == y)))""",
        """            logits = model.forward(X).reshape(-1)
            result[split + "_acc"].append(np.count_nonzero(np.where(logits > 0, 1, 0) == y) / len(y))""",
        "count_nonzero over the number of rows", ()),
]
