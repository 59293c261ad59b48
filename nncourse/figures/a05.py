"""Figures of 05_digits_mnist: the 784-128-10 network."""
import matplotlib.pyplot as plt

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


FIGURES = {
    "05_mlp_784_128_10.png": mlp_784_128_10,
}
