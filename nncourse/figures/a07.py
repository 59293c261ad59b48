"""Figures of 07_initialization_batchnorm: per-layer histograms and statistics of a 10-layer MLP at
four weight scales, loss curves with and without batch normalisation, what batch and layer
normalisation average over, and the three paths from x to x-hat in batch norm's backward pass.

The measurements use the course's own layers (source/05_digits_mnist/nn.py) and a reference
batch norm written here; the notebook's cells compute the same numbers from the student's code.
"""
import importlib.util

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from .. import ROOT

SCALES = [(0.01, "N(0, 0.01²)"), (1.0, "N(0, 1)"), ("glorot", "Glorot"), ("he", "He")]
SCALE_COLORS = {0.01: "#3c78d8", 1.0: "#cc4125", "glorot": "#6aa84f", "he": "#8e7cc3"}
PLAIN, NORMED, LAYER_NORMED = "#777777", "#e69138", "#3d85c6"


def _nn():
    spec = importlib.util.spec_from_file_location(
        "course_nn", ROOT / "source" / "05_digits_mnist" / "nn.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _digits():
    """The notebook's data: digits, stratified 80/20 split (seed 0), standardised by the training set."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    X_tr, _, y_tr, _ = train_test_split(d.data, d.target, test_size=0.2, stratify=d.target,
                                        random_state=0)
    mu, sd = X_tr.mean(axis=0), X_tr.std(axis=0)
    sd[sd == 0] = 1.0
    return (X_tr - mu) / sd, np.eye(10)[y_tr]


def _deep(nn, activation, scale, seed, depth=10, width=100):
    rng = np.random.default_rng(seed)
    sizes = [64] + [width] * depth + [10]
    layers = []
    for k in range(depth + 1):
        lin = nn.Linear(sizes[k], sizes[k + 1], rng, init="glorot" if scale == "glorot" else "he")
        if not isinstance(scale, str):
            lin.W = rng.normal(0.0, scale, size=lin.W.shape)
        layers.append(lin)
        if k < depth:
            layers.append(nn.ACTIVATIONS[activation]())
    return nn.Sequential(layers)


def _activations(nn, model, X):
    outs = []
    for layer in model.layers:
        X = layer.forward(X)
        if isinstance(layer, (nn.ReLU, nn.Tanh, nn.Sigmoid)):
            outs.append(X)
    return outs


def _grad_stds(nn, model, X, Y):
    loss = nn.SoftmaxCrossEntropy()
    loss.forward(model.forward(X), Y)
    g, stds = loss.backward(), []
    for layer in reversed(model.layers):
        if isinstance(layer, (nn.ReLU, nn.Tanh, nn.Sigmoid)):
            stds.append(g.std())
        g = layer.backward(g)
    return stds[::-1]


class _Norm:
    """Batch norm (axis 0, running averages) or layer norm (axis 1), as the notebook defines them."""

    def __init__(self, n, axis):
        self.gamma, self.beta, self.axis, self.training = np.ones(n), np.zeros(n), axis, True
        self.running_mean, self.running_var = np.zeros(n), np.ones(n)

    def forward(self, x):
        mean = x.mean(axis=self.axis, keepdims=True)
        var = x.var(axis=self.axis, keepdims=True)
        if self.axis == 0 and self.training:
            self.running_mean = 0.9 * self.running_mean + 0.1 * mean[0]
            self.running_var = 0.9 * self.running_var + 0.1 * var[0]
        self.std = np.sqrt(var + 1e-5)
        self.x_hat = (x - mean) / self.std
        return self.gamma * self.x_hat + self.beta

    def backward(self, g):
        self.dbeta, self.dgamma = g.sum(axis=0), (g * self.x_hat).sum(axis=0)
        d = g * self.gamma
        return (d - d.mean(axis=self.axis, keepdims=True)
                - self.x_hat * (d * self.x_hat).mean(axis=self.axis, keepdims=True)) / self.std

    def params(self):
        return [self.gamma, self.beta]

    def grads(self):
        return [self.dgamma, self.dbeta]


def _normed(nn, model, axis):
    linears = [layer for layer in model.layers if isinstance(layer, nn.Linear)]
    layers = []
    for layer in model.layers:
        layers.append(layer)
        if isinstance(layer, nn.Linear) and layer is not linears[-1]:
            layers.append(_Norm(layer.W.shape[1], axis))
    return nn.Sequential(layers)


def _train(nn, model, X, Y, steps=200, lr=0.1, batch_size=64, seed=0):
    """The notebook's train_steps: plain SGD, every epoch in a fresh order."""
    rng = np.random.default_rng(seed)
    loss_fn, opt = nn.SoftmaxCrossEntropy(), nn.SGD(lr)
    order, losses = np.empty(0, dtype=int), []
    for _ in range(steps):
        if len(order) < batch_size:
            order = np.concatenate([order, rng.permutation(len(X))])
        rows, order = order[:batch_size], order[batch_size:]
        losses.append(loss_fn.forward(model.forward(X[rows]), Y[rows]))
        model.backward(loss_fn.backward())
        opt.step(model.params(), model.grads())
    return np.array(losses)


def activation_histograms():
    """Per-layer histograms of log10 |activation| for tanh and ReLU at the four weight scales."""
    nn = _nn()
    X, _ = _digits()
    fig, axes = plt.subplots(2, 4, figsize=(13.5, 5.6), sharex=True)
    bins = np.linspace(-12, 10, 111)
    colors = plt.cm.viridis(np.linspace(0, 0.92, 10))
    for row, activation in enumerate(("tanh", "relu")):
        for col, (scale, name) in enumerate(SCALES):
            ax = axes[row, col]
            outs = _activations(nn, _deep(nn, activation, scale, seed=0), X[:500])
            for k, a in enumerate(outs):
                mags = np.abs(a[a != 0])
                counts, _ = np.histogram(np.log10(mags), bins=bins)
                ax.plot((bins[:-1] + bins[1:]) / 2, counts / a.size, color=colors[k], lw=1.3,
                        label=f"layer {k + 1}" if (row, col) == (0, 0) and k in (0, 4, 9) else None)
            title = f"{activation}, W ~ {name}"
            if activation == "relu":
                title += f"\n(layer 10: {np.mean(outs[-1] == 0):.0%} zeros, not drawn)"
            ax.set_title(title, fontsize=10.5)
            ax.set_yticks([])
            ax.grid(alpha=0.3)
        axes[row, 0].set_ylabel(f"{activation}: share of\nactivations per bin")
    for ax in axes[1]:
        ax.set_xlabel("log$_{10}$ |activation|")
    axes[0, 0].legend(fontsize=8.5, loc="upper left")
    fig.suptitle("10 hidden layers of 100 units on 500 standardised digits: where the "
                 "activations of each layer lie (layer 1 purple ... layer 10 yellow)", fontsize=11.5)
    fig.tight_layout()
    return fig


def depth_statistics():
    """Std of the activations and of the gradients, layer by layer, for the 8 configurations."""
    nn = _nn()
    X, Y = _digits()
    fig, (ax_a, ax_g) = plt.subplots(1, 2, figsize=(12, 4.4))
    depth = np.arange(1, 11)
    for activation, style in (("tanh", "o-"), ("relu", "s--")):
        for scale, name in SCALES:
            model = _deep(nn, activation, scale, seed=0)
            act_std = [a.std() for a in _activations(nn, model, X[:500])]
            grad_std = _grad_stds(nn, model, X[:500], Y[:500])
            kw = dict(color=SCALE_COLORS[scale], ms=4, label=f"{activation}, {name}")
            ax_a.semilogy(depth, act_std, style, **kw)
            ax_g.semilogy(depth, grad_std, style, **kw)
    ax_a.set(xlabel="hidden layer", ylabel="std of the activations",
             title="forward: the spread of each layer's output")
    ax_g.set(xlabel="hidden layer", ylabel="std of dL/d(activation)",
             title="backward: the spread of the gradient reaching each layer")
    for ax in (ax_a, ax_g):
        ax.set_xticks(depth)
        ax.grid(alpha=0.3, which="major")
    ax_g.legend(fontsize=8.5, ncol=2, loc="lower right")
    fig.tight_layout()
    return fig


def loss_curves():
    """200 SGD steps of two 10-layer networks that do not learn, with batch (or layer) norm added."""
    nn = _nn()
    X, Y = _digits()
    fig, axes = plt.subplots(1, 2, figsize=(12, 3.9), sharey=True)
    for ax, (activation, scale, title, norms) in zip(axes, (
            ("sigmoid", "glorot", "10 sigmoid layers, Glorot initialisation", (None, 0, 1)),
            ("relu", 0.01, "10 ReLU layers, W ~ N(0, 0.01²)", (None, 0)))):
        for axis in norms:
            model = _deep(nn, activation, scale, seed=0)
            if axis is not None:
                model = _normed(nn, model, axis)
            losses = _train(nn, model, X, Y)
            label, color, style, lw = {None: ("plain", PLAIN, "-", 2.2),
                                       0: ("with batch norm", NORMED, "-", 1.3),
                                       1: ("with layer norm", LAYER_NORMED, "--", 1.0)}[axis]
            ax.plot(np.arange(1, len(losses) + 1), losses, style, color=color, lw=lw, label=label)
        ax.axhline(np.log(10), color="black", lw=0.8, ls=":")
        ax.set(title=title, xlabel="SGD step (batch of 64, lr 0.1)")
        ax.grid(alpha=0.3)
    axes[0].text(200, np.log(10) + 0.12, "ln 10: guessing", ha="right", va="bottom", fontsize=9)
    axes[0].set_ylabel("batch cross-entropy")
    axes[0].legend(loc="center left", fontsize=9.5)
    fig.tight_layout()
    return fig


def _grid(ax, x0, title, highlight, note):
    n, d = 6, 5
    for i in range(n):
        for j in range(d):
            on = (highlight == "column" and j == 1) or (highlight == "row" and i == 2)
            ax.add_patch(Rectangle((x0 + j, n - 1 - i), 1, 1, facecolor="#f6b26b" if on else "#eeeeee",
                                   edgecolor="white", lw=2))
    ax.text(x0 + d / 2, n + 0.9, title, ha="center", va="bottom", fontsize=12, weight="bold")
    ax.annotate("", xy=(x0 + d, n + 0.3), xytext=(x0, n + 0.3),
                arrowprops=dict(arrowstyle="<->", color="#555555"))
    ax.text(x0 + d / 2, n + 0.35, "D features", ha="center", va="bottom", fontsize=10)
    ax.annotate("", xy=(x0 - 0.3, 0), xytext=(x0 - 0.3, n),
                arrowprops=dict(arrowstyle="<->", color="#555555"))
    ax.text(x0 - 0.45, n / 2, "N examples\n(the batch)", ha="right", va="center", fontsize=10)
    ax.text(x0 + d / 2, -0.35, note, ha="center", va="top", fontsize=10, linespacing=1.4)


def norm_axes():
    """Batch norm averages each feature (column) over the batch; layer norm each example (row)."""
    fig, ax = plt.subplots(figsize=(11, 4.3))
    _grid(ax, 3.0, "batch norm", "column",
          "each column (feature) over the N rows:\nD means and D stds;\nrunning averages for eval mode")
    _grid(ax, 14.0, "layer norm", "row",
          "each row (example) over its D entries:\nN means and N stds;\nthe same in training and eval")
    ax.set_xlim(-0.5, 20.0)
    ax.set_ylim(-3.0, 8.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


def _box(ax, x, y, text, color="#cfe2f3", w=1.3, h=0.75):
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.05",
                                facecolor=color, edgecolor="black", lw=1.1, zorder=3))
    ax.text(x, y, text, ha="center", va="center", fontsize=12, zorder=4)


def _arrow(ax, start, end, color="#555555", rad=0.0, text=None, where=0.5, offset=(0, 0.18)):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=13, lw=1.5,
                                 color=color, connectionstyle=f"arc3,rad={rad}", shrinkA=0,
                                 shrinkB=0, zorder=2))
    if text:
        x = start[0] + where * (end[0] - start[0]) + offset[0]
        y = start[1] + where * (end[1] - start[1]) + offset[1]
        ax.text(x, y, text, ha="center", va="bottom", fontsize=10.5, color=color)


def bn_paths():
    """x_j reaches x-hat_i three ways: directly, through the mean and through the std."""
    fig, ax = plt.subplots(figsize=(11.5, 4.0))
    direct, via_mu, via_sigma = "#3c78d8", "#6aa84f", "#cc4125"
    _box(ax, 0, 0, "$x_j$", "#fde9c4")
    _box(ax, 3.6, 1.5, "$\\mu$")
    _box(ax, 3.6, -1.5, "$\\sigma = \\sqrt{v + \\varepsilon}$", w=2.3)
    _box(ax, 7.8, 0, "$\\hat x_i = \\dfrac{x_i - \\mu}{\\sigma}$", "#d9ead3", w=2.4, h=1.1)
    _box(ax, 11.0, 0, "$y_i = \\gamma \\hat x_i + \\beta$", "#ead1dc", w=2.4)
    _arrow(ax, (0.65, 0.05), (6.6, 0.05), direct, text="$\\delta_{ij} / \\sigma$  (only $i = j$)",
           where=0.45)
    _arrow(ax, (0.5, 0.35), (2.95, 1.4), via_mu, text="$1/N$", offset=(-0.25, 0.1))
    _arrow(ax, (4.25, 1.4), (6.9, 0.55), via_mu, text="$-1/\\sigma$", offset=(0.25, 0.1))
    _arrow(ax, (0.5, -0.35), (2.45, -1.4), via_sigma, text="$\\hat x_j / N$",
           offset=(-0.55, -0.55))
    _arrow(ax, (4.75, -1.4), (6.9, -0.55), via_sigma, text="$-\\hat x_i / \\sigma$",
           offset=(0.45, -0.55))
    _arrow(ax, (9.0, 0), (9.8, 0))
    ax.text(5.5, -2.55, "$\\dfrac{\\partial \\hat x_i}{\\partial x_j} = \\dfrac{1}{\\sigma}"
            "\\left(\\delta_{ij} - \\dfrac{1}{N} - \\dfrac{\\hat x_i \\hat x_j}{N}\\right)$"
            ":  the three paths added", ha="center", va="center", fontsize=12)
    ax.set_xlim(-0.8, 12.4)
    ax.set_ylim(-3.1, 2.3)
    ax.axis("off")
    return fig


FIGURES = {
    "07_loss_curves.png": loss_curves,
    "07_activation_histograms.png": activation_histograms,
    "07_depth_statistics.png": depth_statistics,
    "07_norm_axes.png": norm_axes,
    "07_bn_paths.png": bn_paths,
}

# drawn from training runs: redrawn only when their inputs change (see figures/__init__.py)
TRAINED = {'07_loss_curves.png', '07_activation_histograms.png', '07_depth_statistics.png', '07_bn_paths.png'}
