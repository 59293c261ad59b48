from nncourse.zoo import Bug

# Every tests cell of this assignment uses its own reference pieces where it needs another
# exercise's (test_train its own batches, model, loss and optimiser; test_mnist and
# test_select_model the course's nn.py and a reference training loop), so each bug loses exactly
# its own exercise's cells: there are no inherent dependencies left.

_BATCH_LOOP = """        for X_batch, Y_batch in batches:
            logits = model.forward(X_batch)
            loss_fn.forward(logits, Y_batch)
            model.backward(loss_fn.backward())
            optimizer.step(model.params(), model.grads())
"""
_MEASURE = """        for split, X, Y in (("train", X_train, Y_train), ("val", X_val, Y_val)):
            loss, acc = evaluate(model, loss_fn, X, Y)
            history[f"{split}_loss"].append(loss)
            history[f"{split}_acc"].append(acc)
"""
_SELECT = """    scores = []
    for config in configs:
        accs = []
        for seed in seeds:
            model, _ = fit(config, X_train, Y_train, X_val, Y_val, seed=seed, live=False)
            accs.append([np.mean(model.forward(X).argmax(axis=1) == Y.argmax(axis=1))
                         for X, Y in ((X_train, Y_train), (X_val, Y_val))])
        scores.append(tuple(float(a) for a in np.mean(accs, axis=0)))
    best = configs[int(np.argmax([val for _, val in scores]))]
    return best, scores
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
        ("test_get_batches",)),
    Bug("get_batches",
        "    for start in range(0, len(X), batch_size):\n        rows = order[start:start + batch_size]\n"
        "        yield X[rows], Y[rows]",
        "    return [(X[order[start:start + batch_size]], Y[order[start:start + batch_size]])\n"
        "            for start in range(0, len(X), batch_size)]",
        "returns a list of all the batches instead of yielding them: not a generator",
        ("test_get_batches",)),
    # Exercise 5.3 — the training loop
    Bug("train", '("val", X_val, Y_val)', '("val", X_train, Y_train)',
        "evaluation on the training split: reports training accuracy as validation accuracy",
        ("test_train",)),
    Bug("train", _BATCH_LOOP + _MEASURE, _MEASURE + _BATCH_LOOP,
        "measures the model before the epoch's training instead of after it", ("test_train",)),
    Bug("train", "            loss_fn.forward(logits, Y_batch)\n            model.backward(loss_fn.backward())",
        "            probs = np.exp(logits - logits.max(axis=1, keepdims=True))\n"
        "            probs /= probs.sum(axis=1, keepdims=True)\n"
        "            model.backward(probs - Y_batch)",
        "gradient not divided by the batch size (p - y fed to backward): steps N times too large",
        ("test_train",)),
    Bug("train", "            model.backward(loss_fn.backward())\n            optimizer.step(",
        "            model.backward(loss_fn.backward())\n        optimizer.step(",
        "one optimizer step per epoch (indentation slip): only the last batch's gradient is used",
        ("test_train",)),
    # Exercise 5.4 — sanity checks
    Bug("sanity_checks", "output = model.layers[-1]", "output = model.layers[0]",
        "shrinks the first layer instead of the output layer", ("test_shrink_output_layer",)),
    Bug("sanity_checks", "    output.b[...] = 0.0\n", "",
        "scales the output weights but keeps the output biases", ("test_shrink_output_layer",)),
    Bug("sanity_checks", "    output = model.layers[-1]\n",
        "    import copy\n    model = copy.deepcopy(model)\n    output = model.layers[-1]\n",
        "shrinks a deep copy: the caller's model is unchanged", ("test_shrink_output_layer",)),
    Bug("sanity_checks",
        "        losses.append(loss_fn.forward(model.forward(X), Y))\n"
        "        model.backward(loss_fn.backward())\n"
        "        optimizer.step(model.params(), model.grads())",
        "        loss_fn.forward(model.forward(X), Y)\n"
        "        model.backward(loss_fn.backward())\n"
        "        optimizer.step(model.params(), model.grads())\n"
        "        losses.append(loss_fn.forward(model.forward(X), Y))",
        "records the loss after each update instead of before it", ("test_overfit",)),
    Bug("sanity_checks", "        optimizer.step(model.params(), model.grads())\n    return losses",
        "    optimizer.step(model.params(), model.grads())\n    return losses",
        "one update after the loop instead of one per step (indentation slip)", ("test_overfit",)),
    Bug("sanity_checks", "        losses.append(loss_fn.forward(model.forward(X), Y))",
        "        losses.append(loss_fn.forward(model.forward(X[:2]), Y[:2]))",
        "steps on the first two examples only, not the whole tiny set", ("test_overfit",)),
    # Exercise 5.5 — MNIST configuration
    Bug("mnist_config", '"lr": 0.1', '"lr": 5.0',
        "learning rate far too large: the loss explodes", ("test_mnist",)),
    Bug("mnist_config", '"lr": 0.1', '"lr": 0.0005',
        "learning rate far too small: the network stays half trained", ("test_mnist",)),
    Bug("mnist_config", '"momentum": 0.9', '"momentum": 1.0',
        "momentum 1.0: the velocity never decays (the test asks for momentum < 1)", ("test_mnist",)),
    Bug("mnist_config", '"batch_size": 64', '"batch_size": 3000',
        "the whole training split as one batch: 6 steps in all", ("test_mnist",)),
    Bug("mnist_config", '"hidden": [128]', '"hidden": []',
        "no hidden layer (softmax regression): 90.8 % on validation but below 90 % on the grader's "
        "images", ("test_mnist",)),
    # Exercise 5.6 — model selection
    Bug("select_model", "best = configs[int(np.argmax([val for _, val in scores]))]",
        "best = configs[int(np.argmax([train for train, _ in scores]))]",
        "picks the configuration with the best training accuracy", ("test_select_model",)),
    Bug("select_model", "        for seed in seeds:\n", "        for seed in seeds[:1]:\n",
        "trains with the first seed only: one lucky run decides", ("test_select_model",)),
    Bug("select_model", "best = configs[int(np.argmax([val for _, val in scores]))]",
        "vals = [val for _, val in scores]\n"
        "    best = configs[len(vals) - 1 - int(np.argmax(vals[::-1]))]",
        "on a tie picks the last configuration, not the first", ("test_select_model",)),
    Bug("select_model",
        "            model, _ = fit(config, X_train, Y_train, X_val, Y_val, seed=seed, live=False)",
        "            model, _ = fit(config, np.concatenate([X_train, X_val]), np.concatenate([Y_train, Y_val]),\n"
        "                           X_val, Y_val, seed=seed, live=False)",
        "trains on the training and validation splits together: validation no longer measures "
        "unseen images", ("test_select_model",)),
    Bug("select_model", "best = configs[int(np.argmax([val for _, val in scores]))]",
        "best = dict(configs[int(np.argmax([val for _, val in scores]))])",
        "returns a copy of the best configuration instead of the element of configs",
        ("test_select_model",)),
]

ALTERNATIVES = [
    Bug("preprocessing", "return np.asarray(X, dtype=np.float64) / max_value",
        "return np.asarray(X).astype(float) * (1.0 / max_value)",
        "multiplies by the reciprocal (an ulp away from the division)", ()),
    Bug("preprocessing", "    Y = np.zeros((len(y), n_classes))\n    Y[np.arange(len(y)), y] = 1.0\n    return Y",
        "    return np.eye(n_classes)[y]",
        "one_hot as rows of the identity matrix", ()),
    Bug("preprocessing", "    Y = np.zeros((len(y), n_classes))\n    Y[np.arange(len(y)), y] = 1.0\n    return Y",
        "    return (y[:, None] == np.arange(n_classes)).astype(np.float64)",
        "one_hot by broadcasting a comparison", ()),
    Bug("get_batches",
        "    for start in range(0, len(X), batch_size):\n        rows = order[start:start + batch_size]\n",
        "    for rows in np.array_split(order, range(batch_size, len(X), batch_size)):\n",
        "np.array_split at the batch boundaries", ()),
    Bug("get_batches",
        "    for start in range(0, len(X), batch_size):\n        rows = order[start:start + batch_size]\n"
        "        yield X[rows], Y[rows]",
        "    starts = range(0, len(X), batch_size)\n"
        "    yield from ((X[order[s:s + batch_size]], Y[order[s:s + batch_size]]) for s in starts)",
        "yield from a generator expression", ()),
    Bug("train", _BATCH_LOOP,
        """        for X_batch, Y_batch in batches:
            loss_fn.forward(model.forward(X_batch), Y_batch)
            grad = loss_fn.backward()
            model.backward(grad)
            params, grads = model.params(), model.grads()
            optimizer.step(params, grads)
""", "intermediate names for the gradient and the parameter lists", ()),
    Bug("train", _MEASURE,
        """        train_loss, train_acc = evaluate(model, loss_fn, X_train, Y_train)
        val_loss, val_acc = evaluate(model, loss_fn, X_val, Y_val)
        for key, value in zip(history, (train_loss, train_acc, val_loss, val_acc)):
            history[key].append(value)
""", "the four measurements written out and zipped with the keys", ()),
    Bug("sanity_checks", "    output = model.layers[-1]\n    output.W *= scale\n    output.b[...] = 0.0\n",
        "    output = [layer for layer in model.layers if isinstance(layer, Linear)][-1]\n"
        "    output.W = output.W * scale\n    output.b = np.zeros_like(output.b)\n",
        "finds the last Linear layer by type and rebinds new arrays", ()),
    Bug("sanity_checks", "    output.W *= scale\n    output.b[...] = 0.0\n",
        "    np.multiply(output.W, scale, out=output.W)\n    output.b.fill(0)\n",
        "np.multiply with out= and fill", ()),
    Bug("sanity_checks",
        "    losses = []\n    for _ in range(steps):\n"
        "        losses.append(loss_fn.forward(model.forward(X), Y))\n"
        "        model.backward(loss_fn.backward())\n"
        "        optimizer.step(model.params(), model.grads())\n    return losses",
        "    def one_step():\n        loss = loss_fn.forward(model.forward(X), Y)\n"
        "        model.backward(loss_fn.backward())\n"
        "        optimizer.step(model.params(), model.grads())\n        return loss\n"
        "    return [one_step() for _ in range(steps)]",
        "a list comprehension over a step function", ()),
    Bug("mnist_config", '{"hidden": [128], "epochs": 6, "batch_size": 64, "lr": 0.1, "momentum": 0.9}',
        '{"hidden": [64], "epochs": 10, "batch_size": 32, "lr": 0.05, "momentum": 0.9}',
        "a narrower, longer-trained network with a smaller learning rate", ()),
    Bug("mnist_config", '{"hidden": [128], "epochs": 6, "batch_size": 64, "lr": 0.1, "momentum": 0.9}',
        '{"hidden": [200, 100], "epochs": 10, "batch_size": 128, "lr": 0.1, "momentum": 0.9}',
        "two hidden layers and larger batches", ()),
    Bug("select_model", _SELECT, """    scores = []
    for config in configs:
        runs = [fit(config, X_train, Y_train, X_val, Y_val, seed=seed, live=False)[1] for seed in seeds]
        scores.append((sum(h["train_acc"][-1] for h in runs) / len(runs),
                       sum(h["val_acc"][-1] for h in runs) / len(runs)))
    best = configs[0]
    best_val = scores[0][1]
    for config, (_, val) in zip(configs, scores):
        if val > best_val:
            best, best_val = config, val
    return best, scores
""", "the accuracies read from fit's histories, the best found with a loop", ()),
    Bug("select_model", _SELECT, """    import statistics
    def accuracy(model, X, Y):
        return float(np.mean(np.argmax(model.forward(X), axis=1) == np.argmax(Y, axis=1)))
    scores = []
    for config in configs:
        models = [fit(config, X_train, Y_train, X_val, Y_val, seed=seed, live=False)[0] for seed in seeds]
        scores.append((statistics.mean(accuracy(m, X_train, Y_train) for m in models),
                       statistics.mean(accuracy(m, X_val, Y_val) for m in models)))
    best = max(configs, key=lambda c: scores[[id(x) for x in configs].index(id(c))][1])
    return best, scores
""", "statistics.mean, and max with a key (max keeps the first of equal keys)", ()),
]
