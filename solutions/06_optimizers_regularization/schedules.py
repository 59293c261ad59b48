# Exercise 6.5 — learning-rate schedules (3 points), assignment 06_optimizers_regularization
# Generated from source/06_optimizers_regularization/06_optimizers_regularization.ipynb by `python -m nncourse build`: edit the source, not this file.
def step_decay(t, lr0, drop, every):
    """The learning rate of step t = 0, 1, 2, ...: lr0, multiplied by drop every `every` steps.

    Returns lr0 * drop ** (t // every): lr0 for t < every, lr0 * drop for every <= t < 2 * every,
    and so on.
    """
    return lr0 * drop ** (t // every)


def cosine_decay(t, lr0, total, lr_min=0.0):
    """The learning rate of step t: half a cosine from lr0 (t = 0) down to lr_min (t = total).

    Returns lr_min + (lr0 - lr_min) * (1 + cos(pi * t / total)) / 2 for 0 <= t <= total, and
    lr_min for t > total.
    """
    t = min(t, total)
    return lr_min + 0.5 * (lr0 - lr_min) * (1 + np.cos(np.pi * t / total))


def linear_warmup(t, lr, warmup):
    """The learning rate of step t with a linear warm-up over the first `warmup` steps (>= 1).

    Returns lr * (t + 1) / warmup for t < warmup (lr / warmup at t = 0, lr at t = warmup - 1),
    and lr for t >= warmup. lr may come from another schedule, e.g. cosine_decay(t, ...).
    """
    return lr * min(1.0, (t + 1) / warmup)
