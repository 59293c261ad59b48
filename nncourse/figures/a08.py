"""Figures of 08_autograd: the graph of a small expression, forward and backward (drawn by the
assignment's own read-only helper, graph_drawing.py), and the gradient of a broadcast bias."""
import importlib.util

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, Rectangle

from .. import ROOT


def _draw_graph():
    """draw_graph of source/08_autograd/graph_drawing.py: the figure is drawn by the code the
    students run, so the two cannot drift apart."""
    path = ROOT / "source" / "08_autograd" / "graph_drawing.py"
    spec = importlib.util.spec_from_file_location("graph_drawing_08", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.draw_graph


class _Node:
    """Just what draw_graph reads: data, grad, label, _op, _prev."""

    def __init__(self, data, grad, label, op="", prev=()):
        self.data, self.grad, self.label, self._op, self._prev = data, grad, label, op, tuple(prev)


def expression_graph():
    """L = (a * b + c) * f at a = 2, b = -3, c = 10, f = -2: values, then gradients."""
    a, b = _Node(2.0, 6.0, "a"), _Node(-3.0, -4.0, "b")
    c, f = _Node(10.0, -2.0, "c"), _Node(-2.0, 4.0, "f")
    e = _Node(-6.0, -2.0, "e", "*", (a, b))
    d = _Node(4.0, -2.0, "d", "+", (e, c))
    L = _Node(-8.0, 1.0, "L", "*", (d, f))
    draw_graph = _draw_graph()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10.5, 5.0))
    draw_graph(L, grads=False, ax=top)
    top.set_title("forward pass, left to right: each operation computes data from its operands",
                  fontsize=10.5, color="#3c78d8")
    draw_graph(L, grads=True, ax=bottom)
    bottom.set_title("backward pass, right to left: L.grad = 1, then each operation adds "
                     "out.grad × local derivative to its operands' grad", fontsize=10.5,
                     color="#cc4125")
    fig.tight_layout()
    return fig


def _grid(ax, x0, y0, values, color, fmt="{:g}", cell=0.62):
    values = np.atleast_2d(values)
    for (i, j), v in np.ndenumerate(values):
        ax.add_patch(Rectangle((x0 + j * cell, y0 - (i + 1) * cell), cell, cell,
                               facecolor=color, edgecolor="black", lw=0.9))
        ax.text(x0 + (j + 0.5) * cell, y0 - (i + 0.5) * cell, fmt.format(v), ha="center",
                va="center", fontsize=9.5)
    return x0 + values.shape[1] * cell, y0 - values.shape[0] * cell


def _arrow(ax, start, end, text):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=13, lw=1.4,
                                 color="#555555"))
    ax.text((start[0] + end[0]) / 2, start[1] + 0.18, text, ha="center", va="bottom",
            fontsize=9.5)


def broadcast_gradient():
    """out = X + b with b of shape (3,): forward, b is copied to every row; backward, the rows of
    out.grad are summed into b.grad, shape (3,)."""
    b = np.array([10.0, 20.0, 30.0])
    G = np.array([[1.0, 0.0, 2.0], [0.5, 1.0, -1.0], [2.0, 1.0, 0.0], [-1.0, 3.0, 1.0]])
    fig, (fwd, bwd) = plt.subplots(1, 2, figsize=(11.0, 3.6))
    # forward: b (3,) -> broadcast to (4, 3)
    fwd.text(0.0, 0.55, "b, shape (3,)", fontsize=10)
    _grid(fwd, 0.0, 0.0, b, "#fde9c4")
    _arrow(fwd, (2.1, -0.31), (3.6, -0.31), "numpy repeats b\nfor every row")
    fwd.text(3.8, 0.55, "b as it is added to X, shape (4, 3)", fontsize=10)
    _grid(fwd, 3.8, 0.0, np.tile(b, (4, 1)), "#fde9c4")
    fwd.set_title("forward: out = X + b uses b once per row", fontsize=10.5, color="#3c78d8")
    # backward: out.grad (4, 3) -> summed over the rows -> b.grad (3,)
    bwd.text(0.0, 0.55, "out.grad, shape (4, 3)", fontsize=10)
    _grid(bwd, 0.0, 0.0, G, "#cfe2f3")
    _arrow(bwd, (2.1, -1.24), (3.6, -1.24), "sum over\nthe rows")
    bwd.text(3.8, -0.38, "b.grad = unbroadcast(out.grad, (3,)), shape (3,)", fontsize=10)
    _grid(bwd, 3.8, -0.93, G.sum(axis=0), "#cfe2f3")
    bwd.set_title("backward: each use adds its part, so b.grad is the column sum",
                  fontsize=10.5, color="#cc4125")
    for ax in (fwd, bwd):
        ax.set_xlim(-0.2, 7.0)
        ax.set_ylim(-2.8, 0.9)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.tight_layout()
    return fig


FIGURES = {
    "08_expression_graph.png": expression_graph,
    "08_broadcast_gradient.png": broadcast_gradient,
}
