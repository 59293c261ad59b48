"""The bug zoo: plausible wrong answers, each a small patch to one master solution cell.

Each assignment's bugs live in ``tests/zoo/<assignment>.py`` as ``BUGS = [Bug(...), ...]``.
A bug names the solution cell it patches (grade_id), the exact text it replaces (which must occur
exactly once in that cell) and its replacement, a one-line description of the mistake, and the
tests cells that must catch it: graded, the patched notebook loses exactly those cells' points.
"""
import importlib.util
from dataclasses import dataclass

import nbformat

from . import ROOT
from .notebooks import nbmeta


@dataclass(frozen=True)
class Bug:
    cell: str          # grade_id of the solution cell to patch
    old: str           # text replaced, found exactly once in that cell
    new: str           # its replacement
    why: str           # one line: the mistake a student makes
    fails: tuple       # grade_ids of the tests cells that must lose their points

    @property
    def student(self):
        """A student id for this bug: the cell and a short hash of the patch."""
        import hashlib
        digest = hashlib.sha1(f"{self.cell}|{self.old}|{self.new}".encode()).hexdigest()[:6]
        return f"bug-{self.cell}-{digest}".replace("_", "-")


def apply(nb, bug):
    """A copy of master notebook ``nb`` with ``bug`` applied to its solution cell."""
    nb = nbformat.from_dict(nb)
    cells = [c for c in nb.cells if nbmeta(c).get("grade_id") == bug.cell]
    if len(cells) != 1:
        raise ValueError(f"bug {bug.why!r}: no single cell with grade_id {bug.cell!r}")
    src = cells[0].source
    if src.count(bug.old) != 1:
        raise ValueError(f"bug {bug.why!r}: {bug.old!r} occurs {src.count(bug.old)} times in "
                         f"cell {bug.cell!r}, not once")
    cells[0].source = src.replace(bug.old, bug.new)
    return nb


def bugs(assignment, root=ROOT):
    """The BUGS list of ``tests/zoo/<assignment>.py`` (empty when there is none)."""
    path = root / "tests" / "zoo" / f"{assignment}.py"
    if not path.exists():
        return []
    spec = importlib.util.spec_from_file_location(f"zoo_{assignment}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return list(mod.BUGS)
