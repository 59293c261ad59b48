"""What a submission folder says about itself: a notebook submitted under another name.

JupyterLab's "Duplicate" and "Save As" make ``02_activations-Copy1.ipynb``; nbgrader only knows
``02_activations.ipynb``. The class grader grades such a notebook under its proper name and
writes that copy next to the original (so stock ``nbgrader autograde`` and the formgrader find
it later too); ``GuardedExecute`` then flags it, with the original name, whoever started the
grading. Files are read without following symlinks or opening FIFOs, and only up to a size.
"""
import os
import stat

MAX_BYTES = 200 * 2 ** 20


def renamed_flag(original, proper):
    return f"the notebook was submitted as {original!r}; graded as {proper}"


def _regular(path):
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _bytes(path, limit=MAX_BYTES):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(limit + 1)
    finally:
        os.close(fd)


def other_notebooks(folder, notebook):
    """Names of the regular ``*.ipynb`` files of ``folder`` other than ``<notebook>.ipynb``."""
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.name.endswith(".ipynb"))
    except OSError:
        return []
    return [n for n in names if n != f"{notebook}.ipynb" and _regular(os.path.join(folder, n))]


def renamed_from(folder, notebook):
    """The name the notebook was submitted under when ``<notebook>.ipynb`` is missing and one
    other notebook is there, or when ``<notebook>.ipynb`` is a byte-for-byte copy of another
    (the copy the grader made); else None."""
    others = other_notebooks(folder, notebook)
    proper = os.path.join(folder, f"{notebook}.ipynb")
    if not _regular(proper):
        return others[0] if len(others) == 1 else None
    mine = _bytes(proper)
    for name in others:
        if mine is not None and _bytes(os.path.join(folder, name)) == mine:
            return name
    return None


def notes(folder, notebook):
    """Plain-words flags about the submission folder of one notebook."""
    renamed = renamed_from(folder, notebook)
    found = [renamed_flag(renamed, f"{notebook}.ipynb")] if renamed else []
    for name in other_notebooks(folder, notebook):
        if name != renamed:
            found.append(f"the submission also holds {name!r}, which was not graded")
    return found
