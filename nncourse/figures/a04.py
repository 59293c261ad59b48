"""Figures of 04_layered_mlp: a network as a chain of layers (forward and backward pass), and the
error of one-sided and centred differences as the step h shrinks, and plain gradient descent
against momentum in a narrow valley."""
import decimal

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

FORWARD, BACKWARD, PARAM = "#3c78d8", "#cc4125", "#6aa84f"


def _box(ax, x, y, text, color, w=1.55, h=0.8):
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.04",
                                facecolor=color, edgecolor="black", lw=1.2, zorder=3))
    ax.text(x, y, text, ha="center", va="center", fontsize=10.5, zorder=4)


def _arrow(ax, start, end, color, lw=1.6):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=13, lw=lw,
                                 color=color, shrinkA=0, shrinkB=0, zorder=2))


def layer_graph():
    """Linear -> ReLU -> Linear -> softmax cross-entropy: values flow right, gradients flow left."""
    fig, ax = plt.subplots(figsize=(12.4, 4.4))
    boxes = [(1.9, "Linear\n$W_1, b_1$", "#cfe2f3"), (4.9, "ReLU", "#fde9c4"),
             (7.9, "Linear\n$W_2, b_2$", "#cfe2f3"), (10.9, "Softmax\ncross-entropy", "#ead1dc")]
    for x, text, color in boxes:
        _box(ax, x, 0, text, color)
    # the arrow into each box: (x of its tail, x of its head, value above it, gradient below it)
    edges = [(0.45, 1.1, "$X$\n(N, 2)", "$dX$\n= $dZ_1 W_1^T$"),
             (2.7, 4.1, "$Z_1$\n(N, 16)", "$dZ_1$\n= $dH_1 \\odot [Z_1 > 0]$"),
             (5.7, 7.1, "$H_1$\n(N, 16)", "$dH_1$\n= $dZ_2 W_2^T$"),
             (8.7, 10.1, "$Z_2$\n(N, 2)", "$dZ_2$\n= $(P - Y)/N$")]
    for tail, head, value, grad in edges:
        _arrow(ax, (tail, 0.22), (head, 0.22), FORWARD)
        _arrow(ax, (head, -0.22), (tail, -0.22), BACKWARD)
        ax.text((tail + head) / 2, 0.42, value, ha="center", va="bottom", fontsize=10,
                color=FORWARD)
        ax.text((tail + head) / 2, -0.42, grad, ha="center", va="top", fontsize=9.5,
                color=BACKWARD)
    _arrow(ax, (11.7, 0.22), (12.5, 0.22), FORWARD)
    ax.text(12.7, 0.22, "$L$", ha="left", va="center", fontsize=12, color=FORWARD)
    ax.text(12.7, -0.22, "$dL/dL = 1$", ha="left", va="center", fontsize=9.5, color=BACKWARD)
    ax.text(10.9, 0.85, "targets $Y$ (N, 2)", ha="center", va="bottom", fontsize=9.5)
    for x, k in ((1.9, "1"), (7.9, "2")):
        _arrow(ax, (x, -0.42), (x, -1.45), PARAM, lw=1.2)
        ax.text(x, -1.55, f"stored by backward:\n$dW_{k}$ = (layer input)$^T$ · grad_out\n"
                f"$db_{k}$ = grad_out summed over the rows", ha="center", va="top", fontsize=9,
                color=PARAM)
    ax.text(0.0, 1.55, "forward(x): left to right; each layer caches what its backward needs",
            ha="left", va="center", fontsize=10.5, color=FORWARD)
    ax.text(0.0, -2.75, "backward(grad_out): right to left; each layer turns "
            "$dL/d$(output) into $dL/d$(input), where $dA$ stands for $\\partial L / \\partial A$",
            ha="left", va="center", fontsize=10.5, color=BACKWARD)
    ax.set_xlim(-0.4, 13.8)
    ax.set_ylim(-3.0, 1.8)
    ax.axis("off")
    return fig


def difference_error():
    """|numerical - exact| derivative of exp at x = 1, one-sided and centred, against h."""
    # The rounding errors drawn here are the last bits of exp (and of h): computed with decimal's
    # correctly rounded exp and power, never numpy's or libm's, whose last bits depend on the
    # processor, so the figure is the same on every machine.
    ctx = decimal.Context(prec=40)
    h = np.array([float(ctx.power(10, decimal.Decimal(k) / 10)) for k in range(-130, -9)])
    x = 1.0
    exp = np.vectorize(lambda v: float(ctx.exp(decimal.Decimal(v))), otypes=[np.float64])
    exact = float(ctx.exp(1))
    one_sided = np.abs((exp(x + h) - exact) / h - exact)
    centred = np.abs((exp(x + h) - exp(x - h)) / (2 * h) - exact)
    fig, ax = plt.subplots(figsize=(9.6, 4.2))
    ax.loglog(h, one_sided, color=BACKWARD, lw=1.4, label="one-sided: $(f(x+h) - f(x))\\,/\\,h$")
    ax.loglog(h, centred, color=FORWARD, lw=1.4,
              label="centred: $(f(x+h) - f(x-h))\\,/\\,2h$")
    ax.loglog(h, exact * h / 2, "--", color=BACKWARD, lw=0.9, alpha=0.7,
              label=r"truncation $\approx h\,|f''|/2$")
    ax.loglog(h, exact * h ** 2 / 6, "--", color=FORWARD, lw=0.9, alpha=0.7,
              label=r"truncation $\approx h^2 |f'''|/6$")
    ax.loglog(h, exact * 1.1e-16 / h, ":", color="#555555", lw=1.1,
              label=r"rounding $\approx \varepsilon\,|f| / h$")
    ax.axvline(1e-5, color="#999999", lw=0.8)
    ax.text(1.2e-5, 3e-15, "$h = 10^{-5}$", fontsize=9.5, color="#555555")
    ax.set_ylim(1e-15, 1)
    ax.set_xlabel("step $h$")
    ax.set_ylabel("error of the derivative of $e^x$ at $x = 1$")
    ax.set_title("Centred differences: error $\\sim h^2$ until rounding takes over")
    ax.legend(fontsize=9, loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
    return fig


def _descend(grad, start, lr, momentum, steps):
    p, v, path = np.array(start, dtype=float), np.zeros(2), [np.array(start, dtype=float)]
    for _ in range(steps):
        v = momentum * v - lr * grad(p)
        p = p + v
        path.append(p.copy())
    return np.array(path)


def momentum_paths():
    """Plain gradient descent and momentum on the narrow valley f(a, b) = (a^2 + 50 b^2) / 2,
    same learning rate: per step, plain descent multiplies b by 1 - 50 lr = -0.8 (a zig-zag) and
    a by 1 - lr = 0.964 (a crawl); momentum 0.5 damps b by sqrt(0.5) = 0.71 per step and a by
    about 0.92."""
    scale = np.array([1.0, 50.0])

    def grad(p):
        return scale * p

    start, lr, mu, steps = (-9.0, 1.5), 0.036, 0.5, 40
    plain = _descend(grad, start, lr, 0.0, steps)
    heavy = _descend(grad, start, lr, mu, steps)
    fig, ax = plt.subplots(figsize=(8.6, 3.6))
    a, b = np.meshgrid(np.linspace(-10, 2, 300), np.linspace(-2.2, 2.2, 200))
    ax.contour(a, b, 0.5 * (a ** 2 + 50 * b ** 2), levels=np.geomspace(0.3, 120, 9),
               colors="#bbbbbb", linewidths=0.8)
    ax.plot(plain[:, 0], plain[:, 1], "o-", ms=3.5, lw=1.2, color="#333333",
            label=f"plain ($\\mu = 0$): {steps} steps, ends at $a = {plain[-1, 0]:.1f}$")
    ax.plot(heavy[:, 0], heavy[:, 1], "s-", ms=3.5, lw=1.2, color="#6aa84f",
            label=f"momentum ($\\mu = {mu}$): {steps} steps, ends at $a = {heavy[-1, 0]:.2f}$")
    ax.plot([0], [0], "k*", ms=12, label="minimum")
    ax.set_xlabel("$a$ (gentle direction)")
    ax.set_ylabel("$b$ (steep direction)")
    ax.set_title(f"Same learning rate $\\eta = {lr}$ on $f = (a^2 + 50 b^2)/2$: "
                 "plain descent zig-zags and crawls")
    ax.legend(loc="upper right", fontsize=9, framealpha=0.95)
    ax.set_xlim(-10, 2)
    ax.set_ylim(-2.2, 2.2)
    return fig


FIGURES = {
    "04_layer_graph.png": layer_graph,
    "04_difference_error.png": difference_error,
    "04_momentum.png": momentum_paths,
}
