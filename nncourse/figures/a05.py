"""Figures of 05_digits_mnist: the 784-128-10 network, and momentum against plain SGD."""
import matplotlib.pyplot as plt
import numpy as np

from .common import network


def mlp_784_128_10():
    """The MNIST network, with a few units standing for many, and the softmax after the logits."""
    fig, ax = plt.subplots(figsize=(8.6, 4.6))
    labels = [["$x_1$", "$x_2$", "⋮", "$x_{784}$"],
              ["$h_1$", "$h_2$", "⋮", "$h_{128}$"],
              ["$z_0$", "⋮", "$z_9$"]]
    network(ax, [4, 4, 3], labels=labels, radius=0.33,
            edge_labels=["$W_1$: 784×128\n$b_1$: 128", "$W_2$: 128×10\n$b_2$: 10"])
    ax.text(0, -2.25, "input\n784 pixels", ha="center", va="top", fontsize=10)
    ax.text(2, -2.25, "hidden\nLinear + ReLU\n(He init)", ha="center", va="top", fontsize=10)
    ax.text(4, -2.25, "logits\nLinear\n(Glorot init)", ha="center", va="top", fontsize=10)
    ax.annotate("", xy=(5.55, 0), xytext=(4.45, 0),
                arrowprops=dict(arrowstyle="-|>", lw=1.2, color="#555555"))
    ax.text(6.35, 0, "softmax\n$p_0, \\dots, p_9$\n↓\ncross-entropy\nwith $y$", ha="center",
            va="center", fontsize=10,
            bbox=dict(boxstyle="round,pad=0.4", facecolor="#fff2cc", edgecolor="black"))
    ax.set_xlim(-0.8, 7.4)
    ax.set_ylim(-3.4, 2.8)
    ax.set_title("The 784-128-10 network: each row of a batch flows left to right")
    return fig


def _descend(grad, start, lr, momentum, steps):
    p, v, path = np.array(start, dtype=float), np.zeros(2), [np.array(start, dtype=float)]
    for _ in range(steps):
        v = momentum * v - lr * grad(p)
        p = p + v
        path.append(p.copy())
    return np.array(path)


def momentum_paths():
    """Plain SGD and momentum on the narrow valley f(a, b) = (a^2 + 20 b^2) / 2, same learning rate."""
    scale = np.array([1.0, 20.0])

    def grad(p):
        return scale * p

    start, lr, steps = (-9.0, 1.5), 0.045, 30
    plain = _descend(grad, start, lr, 0.0, steps)
    heavy = _descend(grad, start, lr, 0.8, steps)
    fig, ax = plt.subplots(figsize=(8.6, 3.6))
    a, b = np.meshgrid(np.linspace(-10, 2, 300), np.linspace(-2.2, 2.2, 200))
    ax.contour(a, b, 0.5 * (a ** 2 + 20 * b ** 2), levels=np.geomspace(0.3, 80, 9),
               colors="#bbbbbb", linewidths=0.8)
    ax.plot(plain[:, 0], plain[:, 1], "o-", ms=3.5, color="#cc4125",
            label=f"plain SGD ($\\mu = 0$): {steps} steps")
    ax.plot(heavy[:, 0], heavy[:, 1], "s-", ms=3.5, color="#3c78d8",
            label=f"momentum ($\\mu = 0.8$): {steps} steps")
    ax.plot([0], [0], "k*", ms=12, label="minimum")
    ax.set_xlabel("$a$ (gentle direction)")
    ax.set_ylabel("$b$ (steep direction)")
    ax.set_title(f"Same learning rate $\\eta = {lr}$: momentum builds up speed along the valley")
    ax.legend(loc="upper right", fontsize=9, framealpha=0.95)
    ax.set_xlim(-10, 2)
    ax.set_ylim(-2.2, 2.2)
    return fig


FIGURES = {
    "05_mlp_784_128_10.png": mlp_784_128_10,
    "05_momentum.png": momentum_paths,
}
