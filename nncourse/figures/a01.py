"""Figures of 01_xor_encoding: the gates in the plane, the 2-3-1 network, XOR in hidden space,
and a linear 2-3-1 network against the step network. Class 0 is blue (C0), class 1 orange (C1),
as in every figure of the course."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .common import network

CORNERS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
GATES = {
    "AND": (np.array([0, 0, 0, 1]), (1.0, 1.0, -1.5)),
    "OR": (np.array([0, 1, 1, 1]), (1.0, 1.0, -0.5)),
    "XOR": (np.array([0, 1, 1, 0]), None),
}


def _points(ax, X, y, title):
    for label, marker, color in ((0, "o", "C0"), (1, "s", "C1")):
        pts = X[y == label]
        ax.scatter(pts[:, 0], pts[:, 1], s=160, marker=marker, color=color,
                   edgecolor="black", zorder=3, label=f"output {label}")
    ax.set_title(title)
    ax.set_xlim(-0.4, 1.4)
    ax.set_ylim(-0.4, 1.4)
    ax.set_aspect("equal")


def gates_separability():
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.9))
    t = np.linspace(-0.4, 1.4, 2)
    for ax, (name, (y, line)) in zip(axes, GATES.items()):
        _points(ax, CORNERS, y, name)
        for (cx, cy), label in zip(CORNERS, y):
            ax.add_patch(Rectangle((cx - 0.2, cy - 0.2), 0.4, 0.4, fill=False, ls="--", lw=1,
                                   edgecolor=f"C{label}", zorder=2))
        ax.set_xlabel("$x_1$")
        if line is None:
            ax.text(0.5, 0.5, "no straight line\nseparates the\nsquares from the circles",
                    ha="center", va="center", fontsize=9.5, color="#444444")
        else:
            w1, w2, b = line
            ax.plot(t, -(w1 * t + b) / w2, color="black", lw=1.5,
                    label=f"$x_1 + x_2 {b:+.1f} = 0$")
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=8.5,
                      frameon=False)
    axes[0].set_ylabel("$x_2$")
    fig.suptitle("One line is enough for AND and OR, not for XOR "
                 "(dashed: inputs off by up to 0.2)")
    return fig


def xor_231_network():
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    network(ax, [2, 3, 1],
            labels=[["$x_1$", "$x_2$"], ["$h_1$", "$h_2$", "$h_3$"], [r"$\hat y$"]],
            edge_labels=["$W_1$: 2×3\n$b_1$: 3", "$W_2$: 3×1\n$b_2$: 1"])
    ax.text(0, -1.75, "input\n2 units", ha="center", va="top", fontsize=10)
    ax.text(2, -1.75, "hidden\n3 units", ha="center", va="top", fontsize=10)
    ax.text(4, -1.75, "output\n1 unit", ha="center", va="top", fontsize=10)
    ax.set_ylim(-2.5, 2.3)
    ax.set_title("The 2-3-1 network for XOR")
    return fig


def xor_hidden_space():
    """XOR's corners moved by two hidden units, h1 = OR and h2 = NAND: now one line splits them."""
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.9))
    y = GATES["XOR"][0]
    _points(axes[0], CORNERS, y, "XOR in the input plane")
    axes[0].set_xlabel("$x_1$")
    axes[0].set_ylabel("$x_2$")
    h = np.stack([CORNERS.max(axis=1), 1 - CORNERS.min(axis=1)], axis=1)  # OR, NAND
    _points(axes[1], h, y, "the same points in hidden space")
    for text, (h0, h1) in (("from (0,0)", (0, 1)), ("from (0,1) and (1,0)", (1, 1)),
                           ("from (1,1)", (1, 0))):
        axes[1].annotate(text, (h0, h1), textcoords="offset points", xytext=(-20, 14),
                         fontsize=8.5)
    t = np.linspace(-0.4, 1.4, 2)
    axes[1].plot(t, 1.5 - t, color="black", lw=1.5, label="$h_1 + h_2 - 1.5 = 0$")
    axes[1].set_xlabel("$h_1$ = OR$(x_1, x_2)$")
    axes[1].set_ylabel("$h_2$ = NAND$(x_1, x_2)$")
    axes[1].legend(loc="lower left", fontsize=8.5, framealpha=0.9)
    return fig


def linear_network():
    """A 2-3-1 network without the step is one linear unit: its output is a plane whose level
    lines are parallel; with the step (the weights of Exercise 1.5) it fires in a band."""
    rng = np.random.default_rng(0)
    W1, b1, W2, b2 = rng.normal(size=(2, 3)), rng.normal(size=3), rng.normal(size=(3, 1)), \
        rng.normal(size=1)
    g = np.linspace(-0.4, 1.4, 181)
    grid = np.stack(np.meshgrid(g, g), axis=-1).reshape(-1, 2)
    linear = ((grid @ W1 + b1) @ W2 + b2).reshape(len(g), len(g))
    sW1 = np.array([[1.0, -1.0, 0.0], [1.0, -1.0, 0.0]])
    sb1, sW2, sb2 = np.array([-0.5, 1.5, 0.0]), np.array([[1.0], [1.0], [0.0]]), np.array([-1.5])
    step = (((grid @ sW1 + sb1 > 0) @ sW2 + sb2) > 0).reshape(len(g), len(g))
    y = GATES["XOR"][0]
    fig, axes = plt.subplots(1, 2, figsize=(10.4, 4.3), gridspec_kw={"wspace": 0.45})
    cs = axes[0].contourf(g, g, linear, levels=12, cmap="Greys", alpha=0.55)
    axes[0].contour(g, g, linear, levels=cs.levels, colors="grey", linewidths=0.6)
    bar = fig.colorbar(cs, ax=axes[0], shrink=0.8, pad=0.03)
    bar.set_label("output without the step")
    _points(axes[0], CORNERS, y, "no step: a plane, parallel level lines")
    axes[1].contourf(g, g, step.astype(float), levels=[-0.5, 0.5, 1.5], colors=["C0", "C1"],
                     alpha=0.18)
    axes[1].contour(g, g, step.astype(float), levels=[0.5], colors="black", linewidths=1.2)
    _points(axes[1], CORNERS, y, "with the step: fires in a band")
    for ax in axes:
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_title(ax.get_title(), fontsize=10.5)
    axes[1].legend(loc="upper right", fontsize=8.5, framealpha=0.9)
    fig.suptitle("A 2-3-1 network without its nonlinearity is one linear unit")
    return fig


FIGURES = {
    "01_linear_network.png": linear_network,
    "01_gates_separability.png": gates_separability,
    "01_xor_231_network.png": xor_231_network,
    "01_xor_hidden_space.png": xor_hidden_space,
}
