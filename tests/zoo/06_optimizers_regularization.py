from nncourse.zoo import Bug

# test_final trains a fresh network with the student's own Adam, cosine schedule and l2_penalty
# (the master's final_config uses them): a bug in one of those that wrecks training costs its
# points too, inherently. Bugs that leave training intact lose only their own exercise's points.
# test_adamw compares AdamW with the student's own Adam plus the decay, so a bug in Adam alone
# does not cost AdamW's points.
FINAL = ("test_final",)

_ADAM_HEAD = """        self.t += 1
        correction1 = 1 - self.beta1 ** self.t
        correction2 = 1 - self.beta2 ** self.t
        for p, g, m, v in zip(params, grads, self.m, self.v):
"""
_ADAM_UPDATE = "            p -= self.lr * (m / correction1) / (np.sqrt(v / correction2) + self.eps)"
_SGD_BODY = """        if not self.velocities:
            self.velocities = [np.zeros(p.shape, p.dtype) for p in params]
        for p, g, v in zip(params, grads, self.velocities):
            v[...] = self.momentum * v - self.lr * g
            step = self.momentum * v - self.lr * g if self.nesterov else v
            p += step
"""
_RMS_BODY = """        if self.squares is None:
            self.squares = [np.zeros_like(p) for p in params]
        for p, g, s in zip(params, grads, self.squares):
            s *= self.rho
            s += (1 - self.rho) * g * g
            p -= self.lr * g / (np.sqrt(s) + self.eps)
"""
_ADAM_BODY = """        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
""" + _ADAM_HEAD + """            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * g * g
""" + _ADAM_UPDATE + "\n"
_L2_BODY = """    penalty, grads = 0.0, []
    for p in params:
        if p.ndim >= 2:
            penalty += 0.5 * lam * float(np.sum(p * p))
            grads.append(lam * p)
        else:
            grads.append(np.zeros_like(p))
    return penalty, grads
"""
_ADAMW_STEP = """        for p in params:
            if p.ndim >= 2:
                p -= self.lr * self.weight_decay * p
        super().step(params, grads)
"""
_DROPOUT_FORWARD = """        self.mask = None
        if self.training and self.p > 0:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x if self.mask is None else x * self.mask
"""
_DROPOUT_BACKWARD = """        return grad_out if self.mask is None else grad_out * self.mask
"""
_EARLY_UPDATE = """        self.epoch += 1
        if val_loss < self.best_loss:
            self.best_loss = val_loss
            self.best_epoch = self.epoch
            self.best_params = [p.copy() for p in params]
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        return self.bad_epochs >= self.patience
"""
_FINAL = """final_config = {"hidden": [256], "optimizer": "adam", "lr": 3e-3, "schedule": "cosine",
                "l2": 1e-3, "epochs": 20, "batch_size": 64}"""

BUGS = [
    # Exercise 6.1 — SGD, momentum, Nesterov
    Bug("sgd", "v[...] = self.momentum * v - self.lr * g", "v[...] = v - self.lr * g",
        "momentum that never decays: v <- v - lr g", ("test_sgd", "test_nesterov")),
    Bug("sgd", "v[...] = self.momentum * v - self.lr * g", "v = self.momentum * v - self.lr * g",
        "v = mu v - lr g rebinds a local name: the stored velocity stays 0, momentum has no memory",
        ("test_sgd", "test_nesterov")),
    Bug("sgd", "            p += step", "            p = p + step",
        "p = p + step rebinds a local name: the model's parameters never change",
        ("test_sgd", "test_nesterov")),
    Bug("sgd", "step = self.momentum * v - self.lr * g if self.nesterov else v",
        "step = -self.lr * g if not self.nesterov else self.momentum * v - self.lr * g",
        "plain mode steps -lr g: the velocity is kept but never used", ("test_sgd",)),
    Bug("sgd", "step = self.momentum * v - self.lr * g if self.nesterov else v",
        "step = v + self.momentum * v if self.nesterov else v",
        "Nesterov as (1 + mu) v: right first step, then an extra mu v_old every step",
        ("test_nesterov",)),
    Bug("sgd", "step = self.momentum * v - self.lr * g if self.nesterov else v",
        "step = self.momentum * v if self.nesterov else v",
        "Nesterov's step forgets the fresh gradient: only the look-ahead mu v",
        ("test_nesterov",)),
    # Exercise 6.2 — RMSProp
    Bug("rmsprop", "p -= self.lr * g / (np.sqrt(s) + self.eps)",
        "p -= self.lr * g / np.sqrt(s + self.eps)",
        "eps inside the square root: steps capped for gradients below 1e-4", ("test_rmsprop",)),
    Bug("rmsprop", "s += (1 - self.rho) * g * g", "s += (1 - self.rho) * np.abs(g)",
        "averages |g| instead of g ** 2 (forgets to square)", ("test_rmsprop",)),
    Bug("rmsprop", "            s *= self.rho\n            s += (1 - self.rho) * g * g\n",
        "            s *= 1 - self.rho\n            s += self.rho * g * g\n",
        "rho and 1 - rho swapped: the average forgets almost everything at every step",
        ("test_rmsprop",)),
    Bug("rmsprop", "p -= self.lr * g / (np.sqrt(s) + self.eps)", "p -= self.lr * g / (s + self.eps)",
        "divides by the mean square s instead of its root", ("test_rmsprop",)),
    # Exercise 6.3 — Adam
    Bug("adam", _ADAM_UPDATE, "            p -= self.lr * m / (np.sqrt(v) + self.eps)",
        "no bias correction: the first steps are 3 to 6.5 times too long", ("test_adam",)),
    Bug("adam", _ADAM_HEAD, _ADAM_HEAD.replace("        self.t += 1\n", "").replace(
        "        for p, g", "        self.t += 1\n        for p, g"),
        "bias correction with t = 0 at the first step: division by 1 - beta ** 0 = 0, nan weights",
        ("test_adam",) + FINAL),
    Bug("adam", "(np.sqrt(v / correction2) + self.eps)", "np.sqrt(v / correction2 + self.eps)",
        "eps inside the square root", ("test_adam",)),
    Bug("adam", _ADAM_HEAD, """        for p, g, m, v in zip(params, grads, self.m, self.v):
            self.t += 1
            correction1 = 1 - self.beta1 ** self.t
            correction2 = 1 - self.beta2 ** self.t
""", "t incremented once per parameter instead of once per step", ("test_adam",)),
    Bug("adam", _ADAM_UPDATE, """            m /= correction1
            v /= correction2
            p -= self.lr * m / (np.sqrt(v) + self.eps)""",
        "bias correction written into m and v: the running averages are corrupted",
        ("test_adam",) + FINAL),
    # Exercise 6.5 — schedules
    Bug("schedules", "return lr0 * drop ** (t // every)", "return lr0 * drop ** (t / every)",
        "step decay without the floor: a smooth exponential decay", ("test_step_decay",)),
    Bug("schedules", "return lr0 * drop ** (t // every)", "return lr0 * drop ** (t // every + 1)",
        "step decay drops already at step 0", ("test_step_decay",)),
    Bug("schedules", "return lr0 * drop ** (t // every)", "return lr0 * drop * (t // every)",
        "drop multiplied by the number of periods instead of raised to it", ("test_step_decay",)),
    Bug("schedules", "    t = min(t, total)\n", "",
        "cosine not clamped after total: the learning rate climbs again", ("test_cosine_decay",)),
    Bug("schedules", "return lr_min + 0.5 * (lr0 - lr_min) * (1 + np.cos(np.pi * t / total))",
        "return 0.5 * lr0 * (1 + np.cos(np.pi * t / total))",
        "cosine forgets lr_min", ("test_cosine_decay",)),
    Bug("schedules", "np.cos(np.pi * t / total)", "np.cos(t / total)",
        "cos(t / total) without the pi: the learning rate only falls to 77 % of lr0",
        ("test_cosine_decay",)),
    Bug("schedules", "return lr * min(1.0, (t + 1) / warmup)", "return lr * min(1.0, t / warmup)",
        "warm-up from lr 0: the first step is wasted", ("test_linear_warmup",)),
    Bug("schedules", "return lr * min(1.0, (t + 1) / warmup)", "return lr * (t + 1) / warmup",
        "warm-up that never stops growing", ("test_linear_warmup",)),
    Bug("schedules", "return lr * min(1.0, (t + 1) / warmup)",
        "return lr * max(1.0, (t + 1) / warmup)",
        "max instead of min: no warm-up, then growth", ("test_linear_warmup",)),
    # Exercise 6.6 — L2 penalty
    Bug("l2_penalty", "if p.ndim >= 2:", "if p.ndim >= 1:",
        "biases penalised too", ("test_l2_penalty",)),
    Bug("l2_penalty", "penalty += 0.5 * lam * float(np.sum(p * p))",
        "penalty += lam * float(np.sum(p * p))",
        "penalty without the 1/2: its gradient is no longer lam * W", ("test_l2_penalty",)),
    Bug("l2_penalty", "grads.append(lam * p)", "grads.append(2 * lam * p)",
        "gradient 2 lam W for the penalty (lam / 2) ||W||^2", ("test_l2_penalty",)),
    Bug("l2_penalty", "        else:\n            grads.append(np.zeros_like(p))\n", "",
        "grads lists only the weights: positions no longer match params",
        ("test_l2_penalty",) + FINAL),
    # Exercise 6.7 — AdamW
    Bug("adamw", "        super().step(params, grads)",
        "        super().step(params, [g + self.weight_decay * p for p, g in zip(params, grads)])",
        "weight decay added twice: decoupled, and again as L2 in the gradient", ("test_adamw",)),
    Bug("adamw", "            if p.ndim >= 2:\n                p -= self.lr * self.weight_decay * p",
        "            p -= self.lr * self.weight_decay * p",
        "biases decayed too", ("test_adamw",)),
    Bug("adamw", "p -= self.lr * self.weight_decay * p", "p -= self.weight_decay * p",
        "decay not scaled by the learning rate", ("test_adamw",)),
    Bug("adamw", _ADAMW_STEP,
        "        super().step(params, [g + self.weight_decay * p if p.ndim >= 2 else g\n"
        "                              for p, g in zip(params, grads)])\n",
        "L2 in the gradient, not decoupled: plain Adam with a penalty", ("test_adamw",)),
    # Exercise 6.8 — dropout
    Bug("dropout", "(self.rng.random(x.shape) >= self.p) / (1.0 - self.p)",
        "(self.rng.random(x.shape) >= self.p).astype(float)",
        "no rescaling by 1 / (1 - p)", ("test_dropout",)),
    Bug("dropout", "        if self.training and self.p > 0:", "        if self.p > 0:",
        "dropout applied in evaluation mode too", ("test_dropout",)),
    Bug("dropout", "(self.rng.random(x.shape) >= self.p)", "(self.rng.random(x.shape) < self.p)",
        "keeps an entry with probability p instead of 1 - p", ("test_dropout",)),
    Bug("dropout", _DROPOUT_BACKWARD, "        return grad_out\n",
        "backward ignores the mask", ("test_dropout",)),
    Bug("dropout", "        return x if self.mask is None else x * self.mask",
        "        if self.mask is not None:\n            x *= self.mask\n        return x",
        "forward multiplies x in place: the caller's array changes", ("test_dropout",)),
    Bug("dropout", "self.rng.random(x.shape)", "self.rng.random(x.shape[1])",
        "one mask row shared by every example of the batch", ("test_dropout",)),
    # Exercise 6.10 — early stopping
    Bug("early_stopping", "self.best_params = [p.copy() for p in params]",
        "self.best_params = list(params)",
        "keeps the arrays, not copies: restore gives the last weights", ("test_early_stopping",)),
    Bug("early_stopping", "if val_loss < self.best_loss:", "if val_loss <= self.best_loss:",
        "an equal loss counts as an improvement", ("test_early_stopping",)),
    Bug("early_stopping", "return self.bad_epochs >= self.patience",
        "return self.bad_epochs > self.patience",
        "stops one epoch late (patience + 1 epochs without improvement)", ("test_early_stopping",)),
    Bug("early_stopping", "            for p, best in zip(params, self.best_params):\n"
        "                p[...] = best\n", "            params[:] = self.best_params\n",
        "restore replaces the list's entries: the model's own arrays keep the last values",
        ("test_early_stopping",)),
    Bug("early_stopping", "            self.bad_epochs = 0\n", "",
        "the counter is not reset by an improvement", ("test_early_stopping",)),
    # Exercise 6.11 — the final network
    Bug("final_config", _FINAL,
        'final_config = {"hidden": [128], "optimizer": "momentum", "lr": 0.1, "epochs": 6,\n'
        '                "batch_size": 64}',
        "Assignment 5's network and training, unregularised: about 93 %", FINAL),
    Bug("final_config", '"lr": 3e-3', '"lr": 0.3',
        "an SGD-sized learning rate for Adam: training breaks down", FINAL),
    Bug("final_config", '"epochs": 20', '"epochs": 2', "two epochs: not trained enough", FINAL),
    Bug("final_config", '"hidden": [256]', '"hidden": [512]',
        "a hidden layer wider than the limit of 256 units", FINAL),
]

ALTERNATIVES = [
    Bug("sgd", _SGD_BODY, """        if not self.velocities:
            self.velocities = {}
        for i, (p, g) in enumerate(zip(params, grads)):
            v = self.momentum * self.velocities.get(i, 0.0) - self.lr * g
            self.velocities[i] = v
            if self.nesterov:
                p += self.momentum * v - self.lr * g
            else:
                p += v
""", "velocities in a dict by position, new arrays each step", ()),
    Bug("sgd", _SGD_BODY, """        if not self.velocities:
            self.velocities = [np.zeros_like(p) for p in params]
        for p, g, v in zip(params, grads, self.velocities):
            v_prev = v.copy()
            np.multiply(v, self.momentum, out=v)
            np.subtract(v, self.lr * g, out=v)
            if self.nesterov:
                p += -self.momentum * v_prev + (1 + self.momentum) * v     # CS231n's form
            else:
                np.add(p, v, out=p)
""", "CS231n's Nesterov form -mu v_prev + (1 + mu) v, ufuncs with out=", ()),
    Bug("rmsprop", _RMS_BODY, """        if self.squares is None:
            self.squares = [np.zeros_like(p) for p in params]
        for k, (p, g) in enumerate(zip(params, grads)):
            self.squares[k] = self.rho * self.squares[k] + (1 - self.rho) * g ** 2
            p -= self.lr * g / (self.squares[k] ** 0.5 + self.eps)
""", "state rebuilt at every step, ** 0.5 for the root", ()),
    Bug("rmsprop", _RMS_BODY, """        if self.squares is None:
            self.squares = {}
        for i, (p, g) in enumerate(zip(params, grads)):
            s = self.squares.get(i, np.zeros_like(p))
            s = s + (1 - self.rho) * (np.square(g) - s)
            self.squares[i] = s
            np.subtract(p, self.lr * g / (np.sqrt(s) + self.eps), out=p)
""", "running average as s + (1 - rho)(g^2 - s), state in a dict", ()),
    Bug("adam", _ADAM_BODY, """        import math
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        for i, (p, g) in enumerate(zip(params, grads)):
            self.m[i] = self.beta1 * self.m[i] + (1 - self.beta1) * g
            self.v[i] = self.beta2 * self.v[i] + (1 - self.beta2) * g ** 2
            m_hat = self.m[i] / (1 - math.pow(self.beta1, self.t))
            v_hat = self.v[i] / (1 - math.pow(self.beta2, self.t))
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
""", "m_hat and v_hat named, new arrays per step, math.pow", ()),
    Bug("adam", _ADAM_UPDATE,
        "            denom = np.sqrt(v) / np.sqrt(correction2) + self.eps     # as in PyTorch\n"
        "            p -= (self.lr / correction1) * m / denom",
        "PyTorch's arrangement: lr / (1 - beta1^t) times m / (sqrt(v) / sqrt(1 - beta2^t) + eps)",
        ()),
    Bug("schedules", "    return lr0 * drop ** (t // every)",
        "    import math\n    return lr0 * math.pow(drop, math.floor(t / every))",
        "math.floor and math.pow", ()),
    Bug("schedules", """    t = min(t, total)
    return lr_min + 0.5 * (lr0 - lr_min) * (1 + np.cos(np.pi * t / total))""",
        """    import math
    if t >= total:
        return lr_min
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * t / total)) / 2""",
        "cosine with math.cos and an if for t >= total", ()),
    Bug("schedules", "    return lr * min(1.0, (t + 1) / warmup)",
        "    if t < warmup:\n        return lr * (t + 1) / warmup\n    return lr",
        "warm-up with an if", ()),
    Bug("schedules", "    return lr0 * drop ** (t // every)",
        "    return float(lr0 * np.power(drop, np.floor_divide(t, every)))", "np.power and np.floor_divide", ()),
    Bug("l2_penalty", _L2_BODY, """    weights = [p for p in params if p.ndim > 1]
    penalty = 0.5 * lam * sum(float(np.vdot(w, w)) for w in weights)
    return penalty, [lam * p if p.ndim > 1 else np.zeros_like(p) for p in params]
""", "comprehensions and np.vdot", ()),
    Bug("l2_penalty", _L2_BODY, """    penalty = sum(0.5 * lam * np.linalg.norm(p) ** 2 for p in params if p.ndim >= 2)
    grads = [np.where(p.ndim >= 2, lam * p, 0.0) for p in params]
    return float(penalty), grads
""", "np.linalg.norm squared, np.where on ndim", ()),
    Bug("adamw", _ADAMW_STEP, """        shrink = 1 - self.lr * self.weight_decay
        for p in params:
            if p.ndim > 1:
                p *= shrink
        super().step(params, grads)
""", "multiplies the weights by 1 - lr * weight_decay", ()),
    Bug("adamw", _ADAMW_STEP, """        before = [p.copy() for p in params]
        super().step(params, grads)
        for p, old in zip(params, before):
            if p.ndim >= 2:
                p -= self.lr * self.weight_decay * old
""", "Adam's step first, then the decay of the old weights (the same update)", ()),
    Bug("dropout", _DROPOUT_FORWARD, """        if self.training and self.p > 0:
            self.mask = self.rng.binomial(1, 1 - self.p, size=x.shape) / (1 - self.p)
            return x * self.mask
        self.mask = None
        return x
""", "mask drawn with rng.binomial", ()),
    Bug("dropout", _DROPOUT_FORWARD + "        ### END SOLUTION\n\n    def backward(self, grad_out):\n"
        "        \"\"\"grad_out: dL/d(out), (N, D) -> dL/dx, (N, D): grad_out * mask / (1 - p) with the\n"
        "        mask of the last forward pass in training; grad_out itself after a forward pass in\n"
        "        evaluation mode.\"\"\"\n        ### BEGIN SOLUTION\n" + _DROPOUT_BACKWARD,
        """        self.keep = None
        if self.training and self.p:
            self.keep = self.rng.random(x.shape) < 1 - self.p
            return np.where(self.keep, x / (1 - self.p), 0.0)
        return x.copy()
        ### END SOLUTION

    def backward(self, grad_out):
        \"\"\"grad_out: dL/d(out), (N, D) -> dL/dx, (N, D): grad_out * mask / (1 - p) with the
        mask of the last forward pass in training; grad_out itself after a forward pass in
        evaluation mode.\"\"\"
        ### BEGIN SOLUTION
        if self.keep is None:
            return grad_out
        return np.where(self.keep, grad_out / (1 - self.p), 0.0)
""", "a boolean keep-mask (random < 1 - p) and np.where; a copy in evaluation", ()),
    Bug("early_stopping", _EARLY_UPDATE, """        import copy
        self.losses = getattr(self, "losses", []) + [val_loss]
        if val_loss < self.best_loss:
            self.best_loss, self.best_epoch = val_loss, len(self.losses) - 1
            self.best_params = copy.deepcopy(params)
        since = len(self.losses) - 1 - (self.best_epoch if self.best_epoch is not None else -1)
        return since >= self.patience
""", "counts epochs since the best from a list of losses; copy.deepcopy", ()),
    Bug("early_stopping", "                p[...] = best\n", "                np.copyto(p, best)\n",
        "np.copyto to restore", ()),
    Bug("final_config", _FINAL,
        'final_config = {"hidden": [256], "optimizer": "adamw", "lr": 3e-3, "weight_decay": 0.3,\n'
        '                "schedule": "cosine", "epochs": 20, "batch_size": 64}',
        "AdamW with decoupled weight decay instead of L2", ()),
    Bug("final_config", _FINAL,
        'final_config = {"hidden": [256], "optimizer": "adam", "lr": 3e-3, "schedule": "cosine",\n'
        '                "l2": 1e-3, "dropout": 0.2, "epochs": 20, "batch_size": 64}',
        "Adam with L2 and dropout", ()),
]
