"""Drawing helpers shared by the figure modules."""
from matplotlib.patches import Circle, FancyArrowPatch


def network(ax, layers, labels=None, edge_labels=None, colors=None, radius=0.22):
    """Draw a fully connected feed-forward network.

    layers: list of int, units per layer (input first); labels: list of lists of str per unit;
    edge_labels: list of str, one per weight matrix, written above its edges.
    Returns the node centres, a list of lists of (x, y).
    """
    colors = colors or ["#cfe2f3", "#fde9c4", "#d9ead3", "#ead1dc"]
    xs = [2.0 * i for i in range(len(layers))]
    height = max(layers)
    centres = []
    for i, n in enumerate(layers):
        ys = [(n - 1) / 2 - j for j in range(n)]
        centres.append([(xs[i], y) for y in ys])
    for i in range(len(layers) - 1):
        for (x0, y0) in centres[i]:
            for (x1, y1) in centres[i + 1]:
                ax.add_patch(FancyArrowPatch((x0 + radius, y0), (x1 - radius, y1),
                                             arrowstyle="-|>", mutation_scale=9, lw=0.9,
                                             color="#555555", shrinkA=0, shrinkB=0))
        if edge_labels:
            ax.text((xs[i] + xs[i + 1]) / 2, (max(layers[i], layers[i + 1]) - 1) / 2 + 0.55,
                    edge_labels[i], ha="center", va="bottom", fontsize=11)
    for i, layer in enumerate(centres):
        for j, (x, y) in enumerate(layer):
            ax.add_patch(Circle((x, y), radius, facecolor=colors[i % len(colors)],
                                edgecolor="black", lw=1.2, zorder=3))
            if labels:
                ax.text(x, y, labels[i][j], ha="center", va="center", fontsize=11, zorder=4)
    ax.set_xlim(-0.8, xs[-1] + 0.8)
    ax.set_ylim(-(height - 1) / 2 - 0.8, (height - 1) / 2 + 1.1)
    ax.set_aspect("equal")
    ax.axis("off")
    return centres
