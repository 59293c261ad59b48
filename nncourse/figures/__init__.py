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


def png_of(fig):
    """The PNG bytes of a drawn figure (closed afterwards)."""
    import io
    with plt.rc_context(STYLE):
        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
        plt.close(fig)
    return buf.getvalue()


def render(draw):
    """The PNG bytes of one figure."""
    with plt.rc_context(STYLE):
        return png_of(draw())


def same_picture(a, b):
    """True when two PNGs (bytes) hold the same pixels, however they were compressed."""
    import io
    from PIL import Image
    if a == b:
        return True
    try:
        ia, ib = (Image.open(io.BytesIO(x)) for x in (a, b))
        return ia.size == ib.size and ia.convert("RGBA").tobytes() == ib.convert("RGBA").tobytes()
    except OSError:
        return False


def draw_all(out_dir, names=None):
    """Draw every figure (or ``names``) into ``out_dir``; a file that already holds the same
    picture is left as it is (zlib builds differ between machines, the pixels do not).
    Returns the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in sorted(all_figures().items()):
        if names is not None and name not in names:
            continue
        png, path = render(draw), out_dir / name
        if not (path.is_file() and same_picture(path.read_bytes(), png)):
            path.write_bytes(png)
            written.append(path)
    return written


def stale(images_dir):
    """Names of the figures whose file in ``images_dir`` is missing or shows another picture
    than the code draws."""
    images_dir = Path(images_dir)
    return [name for name, draw in sorted(all_figures().items())
            if not (images_dir / name).is_file()
            or not same_picture((images_dir / name).read_bytes(), render(draw))]
