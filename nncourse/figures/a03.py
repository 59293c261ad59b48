"""Figures of 03_perceptron_backprop: the computational graphs of one neuron and of the 2-layer
network, forward (black, with the shape of every array) and backward (red, the gradients)."""
import matplotlib.pyplot as plt

FORWARD = "#222222"
BACKWARD = "#cc4125"
NODE = dict(boxstyle="round,pad=0.45", facecolor="#cfe2f3", edgecolor="black", lw=1.1)
PARAM = dict(boxstyle="round,pad=0.35", facecolor="#fde9c4", edgecolor="black", lw=1.0)
LOSS = dict(boxstyle="round,pad=0.45", facecolor="#ead1dc", edgecolor="black", lw=1.1)
GRAD = dict(boxstyle="round,pad=0.35", facecolor="#fbe4e0", edgecolor=BACKWARD, lw=1.0)


def _box(ax, xy, text, style, size=11):
    ax.text(*xy, text, ha="center", va="center", fontsize=size, bbox=style, zorder=3)


def _arrow(ax, start, end, color=FORWARD, label=None, label_offset=(0.0, 0.18), size=9.5):
    ax.annotate("", xy=end, xytext=start,
                arrowprops=dict(arrowstyle="-|>", lw=1.3, color=color, shrinkA=0, shrinkB=0))
    if label:
        mx, my = (start[0] + end[0]) / 2 + label_offset[0], (start[1] + end[1]) / 2 + label_offset[1]
        ax.text(mx, my, label, ha="center", va="bottom" if label_offset[1] >= 0 else "top",
                fontsize=size, color=color)


def neuron_graph():
    """One neuron on a batch: x -> z = xW + b -> y_hat = f(z) -> L, and the way back."""
    fig, ax = plt.subplots(figsize=(10.5, 4.6))
    y_fwd, y_bwd = 1.0, -1.0
    xs = [0.0, 3.0, 6.0, 9.0]
    _box(ax, (xs[0], y_fwd), "$x$\n(N, n)", NODE)
    _box(ax, (xs[1], y_fwd), "$z = xW + b$\n(N, 1)", NODE)
    _box(ax, (xs[2], y_fwd), r"$\hat y = f(z)$" + "\n(N, 1)", NODE)
    _box(ax, (xs[3], y_fwd), r"$L = \mathrm{mse}(\hat y, y)$" + "\nscalar", LOSS)
    _box(ax, (xs[1] - 0.75, 2.55), "$W$: (n, 1)", PARAM, size=10)
    _box(ax, (xs[1] + 0.85, 2.55), "$b$: (1,)", PARAM, size=10)
    _arrow(ax, (xs[1] - 0.75, 2.25), (xs[1] - 0.4, 1.5))
    _arrow(ax, (xs[1] + 0.85, 2.25), (xs[1] + 0.5, 1.5))
    for a, b in zip(xs[:-1], xs[1:]):
        _arrow(ax, (a + 0.75, y_fwd), (b - 1.05, y_fwd))
    ax.text(xs[0] - 1.1, 1.9, "forward", fontsize=11, color=FORWARD, weight="bold")
    ax.text(xs[0] - 1.1, -0.25, "backward", fontsize=11, color=BACKWARD, weight="bold")
    _box(ax, (xs[3], y_bwd), r"$\dfrac{\partial L}{\partial \hat y} = \dfrac{2}{N}(\hat y - y)$"
         + "\n(N, 1): grad_out", GRAD, size=11)
    _box(ax, (xs[2] - 0.2, y_bwd), r"$\delta = \dfrac{\partial L}{\partial z}"
         r" = \dfrac{\partial L}{\partial \hat y} \odot f'(z)$" + "\n(N, 1)", GRAD, size=11)
    _arrow(ax, (xs[3] - 1.15, y_bwd), (xs[2] + 1.35, y_bwd), color=BACKWARD)
    outs = [((xs[0] - 0.3, -2.95), r"$\dfrac{\partial L}{\partial x} = \delta W^\top$" + "\n(N, n)"),
            ((xs[1] - 0.4, -2.95), r"$\dfrac{\partial L}{\partial W} = x^\top \delta$" + "\n(n, 1)"),
            ((xs[2] + 0.6, -2.95), r"$\dfrac{\partial L}{\partial b} = \sum_{n} \delta_{n}$"
             + "\n(1,)")]
    for xy, text in outs:
        _box(ax, xy, text, GRAD, size=11)
        _arrow(ax, (xs[2] - 0.2, y_bwd - 0.62), (xy[0], xy[1] + 0.55), color=BACKWARD)
    ax.set_xlim(-1.4, 10.6)
    ax.set_ylim(-3.7, 3.0)
    ax.axis("off")
    ax.set_title("One neuron on a batch of N examples with n inputs")
    return fig


def backprop_graph():
    """The 2-layer network's forward pass with every shape, and backprop's deltas and gradients."""
    fig, ax = plt.subplots(figsize=(13.5, 5.4))
    y_fwd, y_bwd = 1.2, -1.0
    xs = [0.0, 2.6, 5.2, 7.8, 10.4, 13.0]
    nodes = ["$X$\n(N, d)", "$z_1 = XW_1 + b_1$\n(N, H)", "$h = g(z_1)$\n(N, H)",
             "$z_2 = hW_2 + b_2$\n(N, 1)", r"$\hat y = \sigma(z_2)$" + "\n(N, 1)",
             r"$L(\hat y, y)$" + "\nscalar"]
    for x, text in zip(xs, nodes):
        _box(ax, (x, y_fwd), text, LOSS if x == xs[-1] else NODE, size=10.5)
    for a, b in zip(xs[:-1], xs[1:]):
        _arrow(ax, (a + 0.62 if a == xs[0] else a + 1.0, y_fwd), (b - 1.0, y_fwd))
    for x, (w, b) in ((xs[1], ("$W_1$: (d, H)", "$b_1$: (H,)")),
                      (xs[3], ("$W_2$: (H, 1)", "$b_2$: (1,)"))):
        _box(ax, (x - 0.62, 2.75), w, PARAM, size=9.5)
        _box(ax, (x + 0.68, 2.75), b, PARAM, size=9.5)
        _arrow(ax, (x - 0.62, 2.47), (x - 0.35, 1.72))
        _arrow(ax, (x + 0.68, 2.47), (x + 0.4, 1.72))
    ax.text(-0.9, 2.3, "forward", fontsize=11, color=FORWARD, weight="bold")
    ax.text(-0.9, -0.05, "backward", fontsize=11, color=BACKWARD, weight="bold")
    back = [(xs[4] + 0.9, r"$\dfrac{\partial L}{\partial \hat y}$" + "\n(N, 1)"),
            (xs[3] + 0.55, r"$\delta_2 = \dfrac{\partial L}{\partial z_2}"
                           r" = \dfrac{\partial L}{\partial \hat y} \odot \sigma'(z_2)$"
                           + "\n(N, 1)"),
            (xs[2] - 0.35, r"$\dfrac{\partial L}{\partial h} = \delta_2 W_2^\top$" + "\n(N, H)"),
            (xs[1] - 0.85, r"$\delta_1 = \dfrac{\partial L}{\partial h} \odot g'(z_1)$"
                           + "\n(N, H)")]
    for x, text in back:
        _box(ax, (x, y_bwd), text, GRAD, size=11)
    _arrow(ax, (xs[4] + 0.45, y_bwd), (xs[4] - 0.3, y_bwd), color=BACKWARD)
    _arrow(ax, (xs[3] - 1.35, y_bwd), (xs[2] + 0.75, y_bwd), color=BACKWARD)
    _arrow(ax, (xs[2] - 1.45, y_bwd), (xs[1] + 0.5, y_bwd), color=BACKWARD)
    grads = [((xs[3] - 0.35, -2.85), r"$\dfrac{\partial L}{\partial W_2} = h^\top \delta_2$"
              + "\n(H, 1)", xs[3] + 0.55),
             ((xs[4] + 0.95, -2.85), r"$\dfrac{\partial L}{\partial b_2} = \sum_n \delta_{2,n}$"
              + "\n(1,)", xs[3] + 0.55),
             ((xs[0] + 0.1, -2.85), r"$\dfrac{\partial L}{\partial W_1} = X^\top \delta_1$"
              + "\n(d, H)", xs[1] - 0.85),
             ((xs[1] + 1.15, -2.85), r"$\dfrac{\partial L}{\partial b_1} = \sum_n \delta_{1,n}$"
              + "\n(H,)", xs[1] - 0.85)]
    for xy, text, src in grads:
        _box(ax, xy, text, GRAD, size=11)
        _arrow(ax, (src, y_bwd - 0.5), (xy[0], xy[1] + 0.52), color=BACKWARD)
    ax.set_xlim(-1.2, 14.0)
    ax.set_ylim(-3.6, 3.2)
    ax.axis("off")
    ax.set_title("The 2-layer network on a batch of N examples (d inputs, H hidden units):\n"
                 "forward with the shape of every array, backward with the gradients")
    return fig


FIGURES = {
    "03_neuron_graph.png": neuron_graph,
    "03_backprop_graph.png": backprop_graph,
}
