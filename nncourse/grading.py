"""Run stock nbgrader on a course directory and read back the per-cell scores.

A *scratch course* is a temporary nbgrader course whose nbgrader_config.py loads the course's
own config (``load_subconfig``) and moves the root: the tests and the checker use it so they
never touch the repository's gradebook, submitted/ or autograded/ folders.
"""
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import ROOT


class NbgraderError(RuntimeError):
    pass


def nbgrader(course, *args, check=True):
    """Run the stock nbgrader CLI in ``course``; raise with its output when it fails."""
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"],
                          cwd=course, capture_output=True, text=True)
    # nbgrader logs a broken nbgrader_config.py and carries on without it: never accept that.
    if "Exception while loading config file" in proc.stderr or (check and proc.returncode != 0):
        raise NbgraderError(f"nbgrader {' '.join(args)} failed in {course} "
                            f"(exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def scratch_course(path, assignments, root=ROOT):
    """A temporary course at ``path`` with the given assignments' source/ copied from ``root``."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"load_subconfig({str(Path(root) / 'nbgrader_config.py')!r})\n"
        f"c.CourseDirectory.root = {str(path)!r}\n")
    for a in assignments:
        dst = path / "source" / a
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(Path(root) / "source" / a, dst)
    return path


def generate(course, assignment, db=None):
    """Stock ``nbgrader generate_assignment --force``: writes release/ and the gradebook entry
    (in ``db``, an sqlite path, when given instead of the course's gradebook.db)."""
    extra = [f"--db=sqlite:///{db}"] if db else []
    nbgrader(course, "generate_assignment", assignment, "--force", *extra)


def submit(course, assignment, student, nb):
    """Place notebook ``nb`` (a NotebookNode) as ``student``'s submission of ``assignment``."""
    d = Path(course) / "submitted" / student / assignment
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    nbformat.write(nb, str(d / f"{assignment}.ipynb"))
    return d


def autograde(course, assignment, student=None):
    """Stock ``nbgrader autograde`` of one assignment for one or every submitted student."""
    args = ["autograde", assignment, "--create", "--force"]
    if student:
        args.append(f"--student={student}")
    return nbgrader(course, *args)


@dataclass
class CellScore:
    cell: str
    score: float              # 0 while a written answer waits for its grader
    max_score: float
    written: bool = False     # a written answer (markdown), graded by hand in the formgrader
    pending: bool = False     # a written answer nobody has graded yet

    def __post_init__(self):
        self.score, self.max_score = float(self.score), float(self.max_score)


def scores(course, assignment, db=None):
    """{student: {graded cell grade_id: CellScore}} from the gradebook of ``course`` (or the
    one at the SQLAlchemy URL ``db``).

    Tests cells carry their autograded score. Written answers (markdown answer cells) carry their
    manual score once an instructor graded them; until then an answered one is *pending*
    (score 0, ``pending=True``), while one left as "YOUR ANSWER HERE" is scored 0 by nbgrader
    itself (its checksum did not change) and needs no grader.
    """
    from nbgrader.api import Gradebook

    db = db or f"sqlite:///{Path(course) / 'gradebook.db'}"
    out = {}
    with Gradebook(db) as gb:
        for sub in gb.assignment_submissions(assignment):
            for nb in sub.notebooks:
                cells = out.setdefault(sub.student.id, {})
                for g in nb.grades:
                    written = g.cell.cell_type == "markdown"
                    pending = g.auto_score is None and g.manual_score is None
                    if pending and not written:  # a tests cell without a score: never full marks
                        cells[g.name] = CellScore(g.name, float("nan"), g.max_score)
                        continue
                    cells[g.name] = CellScore(g.name, 0.0 if pending else g.score, g.max_score,
                                              written=written, pending=pending)
    return out


def total(cells):
    """(score, out of) over the autograded cells: the tests cells. Written answers are left out
    (see ``written``): "full marks" means full marks on every tests cell, with the written
    answers waiting for a grader."""
    auto = [c for c in cells.values() if not c.written]
    return sum(c.score for c in auto), sum(c.max_score for c in auto)


def written(cells):
    """(graded score, out of, [grade_ids of the answers waiting for a grader]) over the written
    answers."""
    mine = [c for c in cells.values() if c.written]
    return (sum(c.score for c in mine), sum(c.max_score for c in mine),
            [c.cell for c in mine if c.pending])


def grade_class(course, assignment, submissions, root=ROOT, jobs=None):
    """Autograde ``submissions`` ({student: NotebookNode}) of one assignment in a fresh scratch
    course at ``course`` with stock nbgrader, sharded across CPUs by the class grader;
    returns (per-cell scores, {student: error} for submissions that failed)."""
    from .classgrade import grade
    scratch_course(course, [assignment], root)
    generate(course, assignment)
    for student, nb in submissions.items():
        submit(course, assignment, student, nb)
    outcomes = grade(course, [assignment], jobs=jobs, log=lambda *_: None, export=False)
    return scores(course, assignment), {o.student: o.error for o in outcomes if o.error}
