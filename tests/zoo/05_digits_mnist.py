from nncourse.zoo import Bug

# The accuracy tests (test_digits, test_mnist) train the student's own MLP, loss, optimiser,
# training loop and batches (through the course's `fit`) on data they prepare themselves: a bug in
# any of those pieces that wrecks training costs their points too, inherently. Bugs that leave
# training intact lose only their own exercise's points.
NET = ("test_digits", "test_mnist")

_BATCH_LOOP = """        for X_batch, Y_batch in batches:
            logits = model.forward(X_batch)
            loss_fn.forward(logits, Y_batch)
            model.backward(loss_fn.backward())
            optimizer.step(model.grads())
"""
_MEASURE = """        for split, X, Y in (("train", X_train, Y_train), ("test", X_test, Y_test)):
            loss, acc = evaluate(model, loss_fn, X, Y)
            history[f"{split}_loss"].append(loss)
            history[f"{split}_acc"].append(acc)
"""

BUGS = [
    # Exercise 5.1 — preprocessing
    Bug("preprocessing", "    Y = np.zeros((len(y), n_classes))\n    Y[np.arange(len(y)), y] = 1.0\n    return Y",
        "    return y.reshape(-1, 1).astype(np.float64)",
        "labels not one-hot: returns the labels as a float column (N, 1)", ("test_preprocessing",)),
    Bug("preprocessing", "Y = np.zeros((len(y), n_classes))", "Y = np.zeros((len(y), y.max() + 1))",
        "number of classes taken from the data (y.max() + 1), ignoring n_classes",
        ("test_preprocessing",)),
    Bug("preprocessing", "return np.asarray(X, dtype=np.float64) / max_value",
        "return np.asarray(X, dtype=np.float64) / np.max(X)",
        "divides by the largest pixel found instead of the stated max_value", ("test_preprocessing",)),
    Bug("preprocessing", "return np.asarray(X, dtype=np.float64) / max_value", "return X // max_value",
        "integer division: pixels become 0 or 1, dtype stays uint8", ("test_preprocessing",)),
    # Exercise 5.2 — get_batches
    Bug("get_batches", "order = np.arange(len(X)) if rng is None else rng.permutation(len(X))",
        "order = np.arange(len(X))",
        "no shuffling: every epoch in the stored order, rng ignored", ("test_get_batches",)),
    Bug("get_batches", "for start in range(0, len(X), batch_size):",
        "for start in range(0, len(X) - batch_size + 1, batch_size):",
        "drops the last, partial batch: some samples never used in an epoch", ("test_get_batches",)),
    Bug("get_batches", "rng.permutation(len(X))", "np.random.default_rng(0).permutation(len(X))",
        "draws the order from a new default_rng(0) on every call: the same order every epoch",
        ("test_get_batches",)),
    Bug("get_batches", "    order = np.arange(len(X)) if rng is None else rng.permutation(len(X))\n",
        "    order = np.arange(len(X))\n    if rng is not None:\n        rng.shuffle(X)\n"
        "        rng.shuffle(Y)\n",
        "shuffles X and Y separately, in place: images lose their labels (and the caller's data)",
        ("test_get_batches",) + NET),
    Bug("get_batches",
        "    for start in range(0, len(X), batch_size):\n        rows = order[start:start + batch_size]\n",
        "    for rows in np.array_split(order, range(batch_size, len(X), batch_size)):\n",
        "not a bug: np.array_split at the batch boundaries, another valid style, must keep full marks",
        ()),
    # Exercise 5.3 — softmax and cross-entropy
    Bug("softmax_ce", "shifted = logits - logits.max(axis=1, keepdims=True)", "shifted = logits",
        "softmax without the max-shift: overflows to nan for large logits", ("test_softmax_ce",)),
    Bug("softmax_ce", "return (self.p - self.onehot) / len(self.p)", "return self.p - self.onehot",
        "gradient not divided by the batch size N: steps 32-64 times too large, training diverges",
        ("test_softmax_ce",) + NET),
    Bug("softmax_ce", "return float(-(onehot * log_p).sum() / len(logits))",
        "return float(-(onehot * log_p).sum())",
        "loss summed over the batch instead of averaged", ("test_softmax_ce",)),
    Bug("softmax_ce", "log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))",
        "log_p = np.log(np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True) + 1e-7)",
        "log(p + 1e-7) instead of log-sum-exp: wrong loss for confident answers",
        ("test_softmax_ce",)),
    # Exercise 5.4 — the MLP
    Bug("mlp", "for layer in reversed(self.layers):", "for layer in self.layers:",
        "backward runs the layers in forward order", ("test_mlp",) + NET),
    Bug("mlp", "            if not last:\n                self.layers.append(ReLU())",
        "            self.layers.append(ReLU())",
        "a ReLU after the output layer too: logits can never be negative", ("test_mlp",) + NET),
    Bug("mlp", "return [p for layer in self.layers for p in layer.params()]",
        "return [p.copy() for layer in self.layers for p in layer.params()]",
        "params() returns copies: the optimiser updates arrays the model does not use",
        ("test_mlp",) + NET),
    Bug("mlp", 'init="glorot" if last else "he"', 'init="glorot"',
        "Glorot initialisation for the ReLU layers too", ("test_mlp",)),
    # Exercise 5.5 — momentum SGD
    Bug("momentum_sgd", "p += v", "p = p + v",
        "p = p + v rebinds a local name: the model's parameters never change",
        ("test_momentum_sgd",) + NET),
    Bug("momentum_sgd", "self.momentum = momentum", "self.momentum = 0.9",
        "ignores the momentum argument (always 0.9)", ("test_momentum_sgd",)),
    Bug("momentum_sgd", "            v *= self.momentum\n", "",
        "the velocity never decays (mu = 1): right first step, then it overshoots",
        ("test_momentum_sgd",) + NET),
    Bug("momentum_sgd", "v -= self.lr * g", "v += self.lr * g",
        "sign error: climbs the loss (gradient ascent)", ("test_momentum_sgd",) + NET),
    # Exercise 5.6 — the training loop
    Bug("train", '("test", X_test, Y_test)', '("test", X_train, Y_train)',
        "evaluation on the training split: reports training accuracy as test accuracy",
        ("test_train",)),
    Bug("train", _BATCH_LOOP + _MEASURE, _MEASURE + _BATCH_LOOP,
        "measures the model before the epoch's training instead of after it", ("test_train",)),
    Bug("train", "            loss_fn.forward(logits, Y_batch)\n            model.backward(loss_fn.backward())",
        "            probs = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
        "            probs /= probs.sum(axis=1, keepdims=True)\n"
        "            model.backward(probs - Y_batch)",
        "gradient not divided by the batch size (p - y fed to backward): training diverges",
        ("test_train",) + NET),
    # Exercise 5.7 — digits configuration
    Bug("digits_config", '"lr": 0.1', '"lr": 3.0',
        "learning rate far too large: the loss explodes", ("test_digits",)),
    Bug("digits_config", '"lr": 0.1', '"lr": 0.0005',
        "learning rate far too small: the network stays half trained", ("test_digits",)),
    Bug("digits_config", '"epochs": 12', '"epochs": 1', "a single epoch: not trained enough",
        ("test_digits",)),
    Bug("digits_config", '"hidden": [64]', '"hidden": [2]',
        "a 2-unit hidden layer: too narrow a bottleneck for 10 classes", ("test_digits",)),
    # Exercise 5.8 — MNIST configuration
    Bug("mnist_config", '"lr": 0.1', '"lr": 2.0',
        "learning rate far too large: the loss explodes", ("test_mnist",)),
    Bug("mnist_config", '"lr": 0.1', '"lr": 0.0005',
        "learning rate far too small: the network stays half trained", ("test_mnist",)),
    Bug("mnist_config", '"momentum": 0.9', '"momentum": 1.0',
        "momentum 1.0: the velocity never decays (the test asks for momentum < 1)", ("test_mnist",)),
    Bug("mnist_config", '"batch_size": 64', '"batch_size": 4000',
        "the whole training set as one batch: 6 steps in all", ("test_mnist",)),
]
