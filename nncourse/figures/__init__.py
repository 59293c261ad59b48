"""Every image of the course, drawn from code. ``python -m nncourse build`` writes them to images/.

Each module ``aNN.py`` holds the figures of one assignment as ``FIGURES = {filename: draw}``,
where ``draw()`` returns a matplotlib Figure.
"""
import importlib
import pkgutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

STYLE = {"figure.dpi": 100, "font.size": 11, "axes.spines.top": False,
         "axes.spines.right": False, "svg.hashsalt": "nn-from-scratch"}


def all_figures():
    figs = {}
    for mod in pkgutil.iter_modules(__path__):
        if mod.name.startswith("a"):
            figs.update(importlib.import_module(f"{__name__}.{mod.name}").FIGURES)
    return figs


def draw_all(out_dir):
    """Draw every figure into ``out_dir``; returns the written paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with plt.rc_context(STYLE):
        for name, draw in sorted(all_figures().items()):
            fig = draw()
            path = out_dir / name
            fig.savefig(path, bbox_inches="tight", metadata={"Software": None})
            plt.close(fig)
            written.append(path)
    return written
