from nncourse.zoo import Bug

# test_with_norm trains the deep sigmoid network with the student's own BatchNorm (forward and
# batchnorm_backward) after checking with_norm's structure with a stand-in layer: a batch-norm
# bug that stops the network from training costs that cell too, inherently. Every other tests
# cell uses its own reference networks and data.
TRAINS = ("test_with_norm",)

BUGS = [
    # Exercise 7.1 — deep_mlp
    Bug("deep_mlp", "linear.W = rng.normal(0.0, weight_scale, size=linear.W.shape)",
        "linear.W = rng.normal(0.0, weight_scale ** 2, size=linear.W.shape)",
        "the weight scale taken as the variance: W ~ N(0, s^4)", ("test_deep_mlp",)),
    Bug("deep_mlp", "        if k < depth:\n            network.layers.append(ACTIVATIONS[activation]())",
        "        network.layers.append(ACTIVATIONS[activation]())",
        "an activation after the output layer too: the logits pass through tanh or ReLU",
        ("test_deep_mlp",)),
    Bug("deep_mlp", "linear.W = rng.normal(0.0, weight_scale, size=linear.W.shape)",
        "linear.W = np.random.normal(0.0, weight_scale, size=linear.W.shape)",
        "draws the rescaled weights from np.random, not rng: the same seed gives another network",
        ("test_deep_mlp",)),
    Bug("deep_mlp", "        if not isinstance(weight_scale, str):",
        "        if not isinstance(weight_scale, str) and k < depth:",
        "a numeric scale rescales the hidden layers only: the output layer keeps He weights",
        ("test_deep_mlp",)),
    Bug("deep_mlp", "sizes = [n_in] + [width] * depth + [n_out]\n    network = Sequential([])\n"
        "    for k in range(depth + 1):",
        "sizes = [n_in] + [width] * (depth - 1) + [n_out]\n    network = Sequential([])\n"
        "    for k in range(depth):",
        "depth counts the Linear layers: one hidden layer too few", ("test_deep_mlp",)),
    Bug("deep_mlp", "network.layers.append(ACTIVATIONS[activation]())",
        "network.layers.append(ReLU())",
        "ReLU whatever the activation asked for", ("test_deep_mlp",)),
    # Exercise 7.2 — activation_stats
    Bug("activation_stats", "flat = a == 0", "flat = a < 0",
        "ReLU saturated where a < 0, which a ReLU output never is", ("test_activation_stats",)),
    Bug("activation_stats", "flat = np.abs(a) > SATURATION", "flat = a > SATURATION",
        "tanh saturated only near +1, not near -1", ("test_activation_stats",)),
    Bug("activation_stats", "flat = (a < 1 - SATURATION) | (a > SATURATION)", "flat = a > SATURATION",
        "sigmoid saturated only near 1, not near 0", ("test_activation_stats",)),
    Bug("activation_stats", 'stats["dead"].append(flat.all(axis=0).mean())',
        'stats["dead"].append(flat.all(axis=1).mean())',
        "dead counts the rows saturated in every unit instead of the units saturated on every row",
        ("test_activation_stats",)),
    Bug("activation_stats", 'stats["dead"].append(flat.all(axis=0).mean())',
        'stats["dead"].append(flat.any(axis=0).mean())',
        "dead counts the units saturated on some row, not on every row", ("test_activation_stats",)),
    # Exercise 7.3 — gradient_stats
    Bug("gradient_stats", "        if isinstance(layer, ACTIVATION_LAYERS):\n"
        "            grad_std.append(grad.std())\n        grad = layer.backward(grad)\n",
        "        grad = layer.backward(grad)\n        if isinstance(layer, ACTIVATION_LAYERS):\n"
        "            grad_std.append(grad.std())\n",
        "measures the gradient an activation layer returns (its input's) instead of the one it receives",
        ("test_gradient_stats",)),
    Bug("gradient_stats", '"grad_std": np.array(grad_std[::-1])', '"grad_std": np.array(grad_std)',
        "grad_std in backward order: the last layer first", ("test_gradient_stats",)),
    Bug("gradient_stats", "        if isinstance(layer, Linear):\n",
        "        if isinstance(layer, Linear) and layer is not model.layers[-1]:\n",
        "dW_std leaves out the output layer", ("test_gradient_stats",)),
    Bug("gradient_stats", "grad_std.append(grad.std())", "grad_std.append(np.abs(grad).mean())",
        "the mean absolute gradient instead of its std", ("test_gradient_stats",)),
    # Exercise 7.4 — update_ratios
    Bug("update_ratios", "np.std(lr * layer.dW) / np.std(layer.W)", "np.std(layer.dW) / np.std(layer.W)",
        "forgets the learning rate: the gradient-to-data ratio, not the update's", ("test_update_ratios",)),
    Bug("update_ratios", "np.std(lr * layer.dW) / np.std(layer.W)",
        "np.mean(np.abs(lr * layer.dW)) / np.mean(np.abs(layer.W))",
        "mean absolute values instead of standard deviations", ("test_update_ratios",)),
    Bug("update_ratios", "    return np.array(ratios)", "    return np.log10(ratios)",
        "returns log10 of the ratios", ("test_update_ratios",)),
    Bug("update_ratios",
        "    ratios = [np.std(lr * layer.dW) / np.std(layer.W) for layer in model.layers if isinstance(layer, Linear)]\n",
        "    ratios = []\n    for layer in model.layers:\n        if isinstance(layer, Linear):\n"
        "            layer.W -= lr * layer.dW\n            ratios.append(np.std(lr * layer.dW) / np.std(layer.W))\n",
        "takes the SGD step itself and divides by the new weights", ("test_update_ratios",)),
    # Exercise 7.6 — BatchNorm.forward
    Bug("batchnorm", "mean, var = x.mean(axis=0), x.var(axis=0)",
        "mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)",
        "normalises with the unbiased variance (divided by N - 1)", ("test_batchnorm_forward",)),
    Bug("batchnorm",
        "        if self.training:\n            mean, var = x.mean(axis=0), x.var(axis=0)\n"
        "            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mean\n"
        "            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var\n"
        "        else:\n            mean, var = self.running_mean, self.running_var\n",
        "        mean, var = x.mean(axis=0), x.var(axis=0)\n"
        "        self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mean\n"
        "        self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var\n"
        "        if not self.training:\n            mean, var = self.running_mean, self.running_var\n",
        "updates the running averages in eval mode too (with the test batch)",
        ("test_batchnorm_forward",)),
    Bug("batchnorm", "self.std = np.sqrt(var + self.eps)", "self.std = np.sqrt(var) + self.eps",
        "eps outside the square root", ("test_batchnorm_forward",)),
    Bug("batchnorm",
        "            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mean\n"
        "            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var\n",
        "            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean\n"
        "            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var\n",
        "momentum the other way round: the running averages keep 10 % of their old value",
        ("test_batchnorm_forward",)),
    Bug("batchnorm", "(1 - self.momentum) * var", "(1 - self.momentum) * x.var(axis=0, ddof=1)",
        "biased and unbiased variance mixed: running_var averages the unbiased variance",
        ("test_batchnorm_forward",)),
    Bug("batchnorm", "            mean, var = self.running_mean, self.running_var\n",
        "            mean, var = x.mean(axis=0), x.var(axis=0)\n",
        "eval mode normalises with the test batch's statistics", ("test_batchnorm_forward",)),
    # Exercise 7.7 — batchnorm_backward
    Bug("batchnorm_backward",
        "dx = (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0)) / std",
        "dx = dx_hat / std",
        "drops both mean terms: treats the batch mean and std as constants",
        ("test_batchnorm_backward",) + TRAINS),
    Bug("batchnorm_backward", " - x_hat * (dx_hat * x_hat).mean(axis=0)", "",
        "drops the term of the path through the std", ("test_batchnorm_backward",)),
    Bug("batchnorm_backward", "dgamma = (grad_out * x_hat).sum(axis=0)", "dgamma = grad_out * x_hat",
        "gamma's gradient not summed over the batch: shape (N, D)", ("test_batchnorm_backward",) + TRAINS),
    Bug("batchnorm_backward", "dx_hat = grad_out * gamma", "dx_hat = grad_out",
        "forgets the factor gamma on the way to x_hat", ("test_batchnorm_backward",)),
    Bug("batchnorm_backward", "dbeta = grad_out.sum(axis=0)", "dbeta = grad_out.mean(axis=0)",
        "beta's gradient averaged over the batch instead of summed", ("test_batchnorm_backward",)),
    # Exercise 7.8 — LayerNorm
    Bug("layernorm", "        mean = x.mean(axis=1, keepdims=True)\n"
        "        self.std = np.sqrt(x.var(axis=1, keepdims=True) + self.eps)\n",
        "        mean = x.mean(axis=0, keepdims=True)\n"
        "        self.std = np.sqrt(x.var(axis=0, keepdims=True) + self.eps)\n",
        "normalises each feature over the batch: batch norm again", ("test_layernorm",)),
    Bug("layernorm", "        return (dx_hat - dx_hat.mean(axis=1, keepdims=True)\n"
        "                - self.x_hat * (dx_hat * self.x_hat).mean(axis=1, keepdims=True)) / self.std",
        "        return (dx_hat - dx_hat.mean(axis=0, keepdims=True)\n"
        "                - self.x_hat * (dx_hat * self.x_hat).mean(axis=0, keepdims=True)) / self.std",
        "backward takes the means over the batch, as batch norm's does", ("test_layernorm",)),
    Bug("layernorm", "self.dgamma = (grad_out * self.x_hat).sum(axis=0)",
        "self.dgamma = (grad_out * self.x_hat).sum(axis=1)",
        "gamma's gradient summed over the features instead of the batch", ("test_layernorm",)),
    Bug("layernorm", "self.std = np.sqrt(x.var(axis=1, keepdims=True) + self.eps)",
        "self.std = np.sqrt(x.var(axis=1, keepdims=True)) + self.eps",
        "eps outside the square root", ("test_layernorm",)),
    Bug("layernorm", "        return (dx_hat - dx_hat.mean(axis=1, keepdims=True)\n"
        "                - self.x_hat * (dx_hat * self.x_hat).mean(axis=1, keepdims=True)) / self.std",
        "        return dx_hat / self.std",
        "backward drops the mean terms", ("test_layernorm",)),
    # Exercise 7.9 — with_norm
    Bug("with_norm", "        if isinstance(layer, Linear) and layer is not linears[-1]:\n",
        "        if isinstance(layer, Linear):\n",
        "a normalisation after the output layer too: the logits are normalised", ("test_with_norm",)),
    Bug("with_norm", "normed.append(norm(layer.W.shape[1]))", "normed.append(norm(layer.W.shape[0]))",
        "sizes the normalisation by the Linear layer's inputs, not its outputs", ("test_with_norm",)),
    Bug("with_norm",
        "    normed = []\n    for layer in model.layers:\n        normed.append(layer)\n"
        "        if isinstance(layer, Linear) and layer is not linears[-1]:\n"
        "            normed.append(norm(layer.W.shape[1]))\n",
        "    normed, shared = [], norm(linears[0].W.shape[1])\n    for layer in model.layers:\n"
        "        normed.append(layer)\n        if isinstance(layer, Linear) and layer is not linears[-1]:\n"
        "            normed.append(shared)\n",
        "one normalisation layer object inserted at every place", ("test_with_norm",)),
    Bug("with_norm",
        "    for layer in model.layers:\n        normed.append(layer)\n"
        "        if isinstance(layer, Linear) and layer is not linears[-1]:\n"
        "            normed.append(norm(layer.W.shape[1]))\n",
        "    for layer in model.layers:\n        normed.append(layer)\n"
        "        if isinstance(layer, Linear):\n            n = layer.W.shape[1]\n"
        "        if isinstance(layer, ACTIVATION_LAYERS):\n            normed.append(norm(n))\n",
        "the normalisation after the activation instead of before it", ("test_with_norm",)),
]

ALTERNATIVES = [
    # Exercise 7.1
    Bug("deep_mlp", "linear.W = rng.normal(0.0, weight_scale, size=linear.W.shape)",
        "linear.W = weight_scale * rng.standard_normal(linear.W.shape)",
        "a scaled standard normal", ()),
    Bug("deep_mlp",
        "    sizes = [n_in] + [width] * depth + [n_out]\n    network = Sequential([])\n"
        "    for k in range(depth + 1):\n"
        '        linear = Linear(sizes[k], sizes[k + 1], rng, init="glorot" if weight_scale == "glorot" else "he")\n'
        "        if not isinstance(weight_scale, str):          # a number: W ~ Normal(0, s^2) instead\n"
        "            linear.W = rng.normal(0.0, weight_scale, size=linear.W.shape)\n"
        "        network.layers.append(linear)\n        if k < depth:\n"
        "            network.layers.append(ACTIVATIONS[activation]())\n    return network\n",
        "    def make(fan_in, fan_out):\n"
        "        if weight_scale in (\"he\", \"glorot\"):\n"
        "            return Linear(fan_in, fan_out, rng, init=weight_scale)\n"
        "        layer = Linear(fan_in, fan_out, np.random.default_rng(0))   # W replaced below\n"
        "        layer.W = rng.normal(0.0, float(weight_scale), size=(fan_in, fan_out))\n"
        "        return layer\n"
        "    hidden = []\n"
        "    for k in range(depth):\n"
        "        hidden += [make(n_in if k == 0 else width, width), ACTIVATIONS[activation]()]\n"
        "    return Sequential(hidden + [make(width, n_out)])\n",
        "a helper that makes one Linear layer, a throw-away generator for the replaced weights", ()),
    # Exercise 7.2
    Bug("activation_stats",
        "        if isinstance(layer, ReLU):\n            flat = a == 0\n"
        "        elif isinstance(layer, Tanh):\n            flat = np.abs(a) > SATURATION\n"
        "        elif isinstance(layer, Sigmoid):\n            flat = (a < 1 - SATURATION) | (a > SATURATION)\n"
        "        else:\n            continue\n",
        "        kind = type(layer).__name__\n"
        "        if kind not in (\"ReLU\", \"Tanh\", \"Sigmoid\"):\n            continue\n"
        "        if kind == \"ReLU\":\n            flat = a <= 0\n"
        "        elif kind == \"Tanh\":\n            flat = np.abs(a) > SATURATION\n"
        "        else:                      # a < 1 - S or a > S  <=>  |2a - 1| > 2S - 1\n"
        "            flat = np.abs(2 * a - 1) > 2 * SATURATION - 1\n",
        "by the class name, the sigmoid's two sides folded into one by |2a - 1|", ()),
    Bug("activation_stats",
        '        stats["mean"].append(a.mean())\n        stats["std"].append(a.std())\n'
        '        stats["saturated"].append(flat.mean())\n        stats["dead"].append(flat.all(axis=0).mean())\n',
        '        stats["mean"].append(np.sum(a) / a.size)\n'
        '        stats["std"].append(np.sqrt(np.mean((a - a.mean()) ** 2)))\n'
        '        stats["saturated"].append(np.count_nonzero(flat) / flat.size)\n'
        '        stats["dead"].append(np.count_nonzero(np.min(flat, axis=0)) / flat.shape[1])\n',
        "counts and sums written out", ()),
    # Exercise 7.3
    Bug("gradient_stats",
        "    for layer in reversed(model.layers):\n        if isinstance(layer, ACTIVATION_LAYERS):\n"
        "            grad_std.append(grad.std())\n        grad = layer.backward(grad)\n"
        "        if isinstance(layer, Linear):\n            dW_std.append(layer.dW.std())\n"
        '    return {"loss": loss, "grad_std": np.array(grad_std[::-1]), "dW_std": np.array(dW_std[::-1])}',
        "    for k in range(len(model.layers) - 1, -1, -1):\n        layer = model.layers[k]\n"
        "        if isinstance(layer, ACTIVATION_LAYERS):\n            grad_std.insert(0, float(np.sqrt(np.var(grad))))\n"
        "        grad = layer.backward(grad)\n"
        "    dW_std = [np.std(layer.dW) for layer in model.layers if isinstance(layer, Linear)]\n"
        '    return {"loss": float(loss), "grad_std": np.array(grad_std), "dW_std": np.array(dW_std)}',
        "an index loop that inserts at the front; the dW read after the whole backward pass", ()),
    Bug("gradient_stats",
        "    for layer in reversed(model.layers):\n        if isinstance(layer, ACTIVATION_LAYERS):\n"
        "            grad_std.append(grad.std())\n        grad = layer.backward(grad)\n"
        "        if isinstance(layer, Linear):\n            dW_std.append(layer.dW.std())\n"
        '    return {"loss": loss, "grad_std": np.array(grad_std[::-1]), "dW_std": np.array(dW_std[::-1])}',
        "    received = []                                  # (layer, the gradient it receives)\n"
        "    for layer in model.layers[::-1]:\n        received.append((layer, grad))\n"
        "        grad = layer.backward(grad)\n    received.reverse()\n"
        "    grad_std = [g.std() for layer, g in received if isinstance(layer, (ReLU, Tanh, Sigmoid))]\n"
        "    dW_std = [layer.dW.std() for layer, _ in received if isinstance(layer, Linear)]\n"
        '    return {"loss": loss, "grad_std": np.array(grad_std), "dW_std": np.array(dW_std)}',
        "every received gradient kept, the statistics taken afterwards", ()),
    # Exercise 7.4
    Bug("update_ratios",
        "    ratios = [np.std(lr * layer.dW) / np.std(layer.W) for layer in model.layers if isinstance(layer, Linear)]\n",
        "    ratios = []\n    for layer in model.layers:\n        if isinstance(layer, Linear):\n"
        "            ratios.append(lr * layer.dW.std() / layer.W.std())\n",
        "a loop, lr taken out of the std", ()),
    Bug("update_ratios", "np.std(lr * layer.dW) / np.std(layer.W)",
        "np.sqrt(np.var(lr * layer.dW) / np.var(layer.W))",
        "the square root of the ratio of variances", ()),
    # Exercise 7.6
    Bug("batchnorm",
        "            mean, var = x.mean(axis=0), x.var(axis=0)\n"
        "            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mean\n"
        "            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var\n",
        "            mean = np.mean(x, axis=0)\n            var = np.mean((x - mean) ** 2, axis=0)\n"
        "            self.running_mean *= self.momentum\n            self.running_mean += (1 - self.momentum) * mean\n"
        "            self.running_var *= self.momentum\n            self.running_var += (1 - self.momentum) * var\n",
        "the variance written out; running averages updated in place", ()),
    Bug("batchnorm",
        "        self.std = np.sqrt(var + self.eps)\n        self.x_hat = (x - mean) / self.std\n"
        "        return self.gamma * self.x_hat + self.beta\n",
        "        self.std = (var + self.eps) ** 0.5\n        self.x_hat = (x - mean) * (1.0 / self.std)\n"
        "        return self.x_hat * self.gamma + self.beta\n",
        "a power of 0.5 and multiplication by the reciprocal", ()),
    # Exercise 7.7
    Bug("batchnorm_backward",
        "dx = (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0)) / std",
        "n = len(grad_out)\n    x_mu = x_hat * std                                     # x - mean\n"
        "    dvar = np.sum(dx_hat * x_mu, axis=0) * -0.5 * std ** -3\n"
        "    dmean = -np.sum(dx_hat / std, axis=0) + dvar * np.mean(-2.0 * x_mu, axis=0)\n"
        "    dx = dx_hat / std + dvar * 2.0 * x_mu / n + dmean / n",
        "the staged backward (through the variance and the mean), CS231n's long form", ()),
    Bug("batchnorm_backward",
        "dx = (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0)) / std",
        "n = grad_out.shape[0]\n"
        "    dx = (n * dx_hat - dx_hat.sum(axis=0) - x_hat * np.einsum('nd,nd->d', dx_hat, x_hat)) / (n * std)",
        "the N-form with sums and an einsum", ()),
    # Exercise 7.8
    Bug("layernorm",
        "        mean = x.mean(axis=1, keepdims=True)\n"
        "        self.std = np.sqrt(x.var(axis=1, keepdims=True) + self.eps)\n"
        "        self.x_hat = (x - mean) / self.std\n",
        "        rows = x.T                                             # features down, examples across\n"
        "        self.std = np.sqrt(rows.var(axis=0) + self.eps)[:, None]\n"
        "        self.x_hat = ((rows - rows.mean(axis=0)) / self.std.T).T\n",
        "normalises the columns of x.T and transposes back", ()),
    Bug("layernorm",
        "        return (dx_hat - dx_hat.mean(axis=1, keepdims=True)\n"
        "                - self.x_hat * (dx_hat * self.x_hat).mean(axis=1, keepdims=True)) / self.std",
        "        d = grad_out.shape[1]\n"
        "        along = np.sum(dx_hat * self.x_hat, axis=1, keepdims=True)\n"
        "        return (d * dx_hat - dx_hat.sum(axis=1, keepdims=True) - self.x_hat * along) / (d * self.std)",
        "the backward's N-form with sums over the features", ()),
    # Exercise 7.9
    Bug("with_norm",
        "    linears = [layer for layer in model.layers if isinstance(layer, Linear)]\n"
        "    normed = []\n    for layer in model.layers:\n        normed.append(layer)\n"
        "        if isinstance(layer, Linear) and layer is not linears[-1]:\n"
        "            normed.append(norm(layer.W.shape[1]))\n    return Sequential(normed)",
        "    last = max(k for k, layer in enumerate(model.layers) if isinstance(layer, Linear))\n"
        "    normed = []\n    for k, layer in enumerate(model.layers):\n"
        "        normed += [layer, norm(len(layer.b))] if isinstance(layer, Linear) and k < last else [layer]\n"
        "    return Sequential(normed)",
        "the index of the last Linear layer; the size from the bias", ()),
    Bug("with_norm",
        "    normed = []\n    for layer in model.layers:\n        normed.append(layer)\n"
        "        if isinstance(layer, Linear) and layer is not linears[-1]:\n"
        "            normed.append(norm(layer.W.shape[1]))\n    return Sequential(normed)",
        "    hidden = {id(layer) for layer in linears[:-1]}\n"
        "    return Sequential([new for layer in model.layers\n"
        "                       for new in ([layer, norm(layer.W.shape[1])] if id(layer) in hidden else [layer])])",
        "one nested comprehension over the layers", ()),
]
