"""Every image of the course, drawn from code. ``python -m nncourse build`` writes them to images/.

Each module ``aNN.py`` holds the figures of one assignment as ``FIGURES = {filename: draw}``,
where ``draw()`` returns a matplotlib Figure, and may name in ``TRAINED`` the figures drawn from
training runs: their pixels follow the last bits of the processor's exp, log and sqrt through
thousands of steps, so another machine draws them slightly differently. Those are redrawn only
when their inputs change (the module's code, the assignment's source folder), recorded by digest
in images/inputs.json, so a build on another machine leaves them as they are.
"""
import hashlib
import importlib
import inspect
import json
import pkgutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

STYLE = {"figure.dpi": 100, "font.size": 11, "axes.spines.top": False,
         "axes.spines.right": False, "svg.hashsalt": "nn-from-scratch"}


def _modules():
    return [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)
            if m.name.startswith("a")]


def all_figures():
    figs = {}
    for mod in _modules():
        figs.update(mod.FIGURES)
    return figs


def trained():
    """{figure name: its module} of the figures drawn from training runs."""
    return {name: mod for mod in _modules() for name in getattr(mod, "TRAINED", ())}


INPUTS = "inputs.json"


def inputs_digest(name, module, root):
    """SHA-256 of what a trained figure is drawn from: its module's code and every file of its
    assignment's source folder (caches and checkpoints left out)."""
    h = hashlib.sha256(inspect.getsource(module).encode())
    number = name.split("_")[0]
    for folder in sorted(Path(root, "source").glob(f"{number}_*")):
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if path.is_file() and not any(p.startswith(".") or p == "__pycache__"
                                          for p in rel.parts):
                h.update(str(rel).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _recorded(out_dir):
    path = Path(out_dir) / INPUTS
    return json.loads(path.read_text()) if path.is_file() else {}


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
    root, slow, recorded = out_dir.parent, trained(), _recorded(out_dir)
    digests = {}    # one per module and assignment: its figures share their inputs
    written = []
    for name, draw in sorted(all_figures().items()):
        if names is not None and name not in names:
            continue
        path = out_dir / name
        if name in slow:
            key = (slow[name].__name__, name.split("_")[0])
            if key not in digests:
                digests[key] = inputs_digest(name, slow[name], root)
            digest = digests[key]
            if path.is_file() and recorded.get(name) == digest:
                continue            # same inputs: another processor's last bits change nothing
            recorded[name] = digest
        png = render(draw)
        if not (path.is_file() and same_picture(path.read_bytes(), png)):
            path.write_bytes(png)
            written.append(path)
    if slow:
        (out_dir / INPUTS).write_text(json.dumps(dict(sorted(recorded.items())), indent=1) + "\n")
    return written


def stale(images_dir):
    """Names of the figures whose file in ``images_dir`` is missing or shows another picture
    than the code draws."""
    images_dir = Path(images_dir)
    slow, recorded = trained(), _recorded(images_dir)
    return [name for name, draw in sorted(all_figures().items())
            if not (images_dir / name).is_file()
            or (recorded.get(name) != inputs_digest(name, slow[name], images_dir.parent)
                if name in slow else
                not same_picture((images_dir / name).read_bytes(), render(draw)))]
