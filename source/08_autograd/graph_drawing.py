"""draw_graph: a picture of the computation graph behind a Value or a Tensor, with matplotlib.

A helper of Assignment 8, given to you: you do not need to read or change it. It only looks at
the attributes every node has (data, grad, label, _op, _prev), so it works on your Value and
Tensor as soon as their operations record _prev and _op.

    L = (a * b + c) * f
    draw_graph(L)              # values and gradients, inputs on the left, L on the right
    draw_graph(L, grads=False) # values only
"""
import numpy as np
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

_VALUE, _LEAF, _OP = "#cfe2f3", "#fde9c4", "#ead1dc"
_DY, _BOX_H, _OP_R, _CHAR = 1.0, 0.62, 0.3, 0.095   # _CHAR: width of a character at fontsize 8.5


def _graph(root):
    """Every node reachable from root through _prev, and the edges (operand, result)."""
    nodes, edges, todo, seen = [root], [], [root], {id(root)}
    while todo:
        node = todo.pop()
        for operand in getattr(node, "_prev", ()):
            edges.append((operand, node))
            if id(operand) not in seen:
                seen.add(id(operand))
                nodes.append(operand)
                todo.append(operand)
    return nodes, edges


def _columns(nodes, edges):
    """Column of each node: the longest number of operations from it to the root (root: 0)."""
    col = {id(n): 0 for n in nodes}
    for _ in range(len(nodes)):                  # relax until nothing moves (a small graph)
        moved = False
        for operand, result in edges:
            if col[id(operand)] < col[id(result)] + 1:
                col[id(operand)] = col[id(result)] + 1
                moved = True
        if not moved:
            break
    return col


def _text(node, grads):
    data = np.asarray(node.data)
    name = getattr(node, "label", "") or ""
    if data.ndim == 0:
        parts = [f"{name}  " if name else "", f"data {float(data):.4g}"]
        if grads:
            parts.append(f"  |  grad {float(np.asarray(node.grad)):.4g}")
    else:
        parts = [f"{name}  " if name else "", f"shape {data.shape}"]
        if grads:
            parts.append(f"  |  max|grad| {float(np.max(np.abs(node.grad))):.3g}")
    return "".join(parts)


def draw_graph(root, grads=True, ax=None, title=None):
    """Draw the graph that computed ``root``: a box per value, a circle per operation.

    Parameters
    ----------
    root : Value or Tensor
        The output (a loss, say). Inputs stand on the left, root on the right.
    grads : bool, default True
        Also print each node's grad (run root.backward() first).
    ax : matplotlib Axes or None
        Where to draw; None makes a new figure sized to the graph.
    title : str or None

    Returns
    -------
    matplotlib Axes
    """
    nodes, edges = _graph(root)
    col = _columns(nodes, edges)
    n_cols = max(col.values()) + 1
    results = {}                                   # result id -> its operands (in order)
    for operand, result in edges:
        results.setdefault(id(result), []).append(operand)
    # rows: root at 0; each column ordered by the mean row of the nodes it feeds
    row = {id(root): 0.0}
    for c in range(1, n_cols):
        here = [n for n in nodes if col[id(n)] == c]
        def key(n):
            fed = [row[id(r)] for o, r in edges if o is n and id(r) in row]
            return np.mean(fed) if fed else 0.0
        here.sort(key=key)
        for k, n in enumerate(here):
            row[id(n)] = (k - (len(here) - 1) / 2) * _DY * 1.25
    texts = {id(n): _text(n, grads) for n in nodes}
    box_w = _CHAR * max(len(t) for t in texts.values()) + 0.4
    dx = box_w + 1.5
    pos = {id(n): (-col[id(n)] * dx, -row[id(n)]) for n in nodes}
    tallest = max(sum(1 for n in nodes if col[id(n)] == c) for c in range(n_cols))
    if ax is None:
        _, ax = plt.subplots(figsize=(0.75 * (n_cols * dx - 1.1), 0.75 * (tallest * 1.25 + 0.4)))
    for n in nodes:
        x, y = pos[id(n)]
        leaf = not n._prev
        ax.add_patch(FancyBboxPatch((x - box_w / 2, y - _BOX_H / 2), box_w, _BOX_H,
                                    boxstyle="round,pad=0.03", facecolor=_LEAF if leaf else _VALUE,
                                    edgecolor="black", lw=1.0, zorder=3))
        ax.text(x, y, texts[id(n)], ha="center", va="center", fontsize=8.5, zorder=4)
        if leaf:
            continue
        ox, oy = x - box_w / 2 - 0.6, y                  # the operation's circle
        ax.add_patch(Circle((ox, oy), _OP_R, facecolor=_OP, edgecolor="black", lw=1.0, zorder=3))
        ax.text(ox, oy, n._op or "?", ha="center", va="center",
                fontsize=8.5 if len(n._op) < 3 else 6.5 if len(n._op) < 5 else 5, zorder=4)
        ax.add_patch(FancyArrowPatch((ox + _OP_R, oy), (x - box_w / 2, y), arrowstyle="-|>",
                                     mutation_scale=9, lw=0.9, color="#555555", zorder=2))
        operands = results.get(id(n), [])
        seen = {}
        for operand in operands:
            m = sum(o is operand for o in operands)            # a + a: two arrows, bent apart
            k = seen[id(operand)] = seen.get(id(operand), -1) + 1
            px, py = pos[id(operand)]
            ax.add_patch(FancyArrowPatch((px + box_w / 2, py), (ox - _OP_R, oy),
                                         arrowstyle="-|>", mutation_scale=9, lw=0.9,
                                         color="#555555", zorder=2,
                                         connectionstyle=f"arc3,rad={0.5 * (k - (m - 1) / 2)}"))
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - box_w / 2 - 0.2, max(xs) + box_w / 2 + 0.2)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    return ax
