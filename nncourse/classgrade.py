"""``python -m nncourse grade``: grade a whole class in parallel with stock nbgrader.

Every submission in ``submitted/<student>/<assignment>/`` is checked (a renamed notebook is
graded and flagged; corrupt JSON is reported by name), its old gradebook entry is removed first
(a failed re-grade leaves no stale score), then the class is split into one shard per worker.
Each shard is a scratch course with its own copy of the gradebook: ``nbgrader autograde`` and
``nbgrader generate_feedback`` run there, one process per shard, side by side (nbgrader's sqlite
gradebook is not safe under concurrent writers). The main process alone then writes the shards'
grades into the course's gradebook, copies autograded notebooks and feedback back, exports
grades.csv and prints a summary. Exit status 1 when any submission failed.
"""
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import ROOT
from .grading import generate, nbgrader, scratch_course
from .nbgrader_ext import flags_of


@dataclass
class Outcome:
    student: str
    assignment: str
    score: float = None
    max_score: float = None
    flags: list = field(default_factory=list)
    error: str = None


def _gradebook(course):
    from nbgrader.api import Gradebook
    return Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}")


def discover(course, assignments):
    """[(student, assignment, dir)] for every submission folder."""
    found = []
    sub = Path(course) / "submitted"
    for sdir in sorted(p for p in sub.iterdir() if p.is_dir()) if sub.exists() else []:
        for adir in sorted(p for p in sdir.iterdir() if p.is_dir()):
            if adir.name in assignments:
                found.append((sdir.name, adir.name, adir))
    return found


def inspect(student, assignment, folder):
    """(notebook to grade or None, flags, error) for one submission folder."""
    want = folder / f"{assignment}.ipynb"
    flags = []
    if not want.exists():
        others = sorted(folder.glob("*.ipynb"))
        if len(others) != 1:
            return None, flags, (f"no {want.name} in the submission (found "
                                 f"{[p.name for p in others] or 'no notebook'})")
        flags.append(f"the notebook was renamed {others[0].name!r}; graded as {want.name}")
        want = others[0]
    try:
        nb = nbformat.read(str(want), as_version=4)
    except Exception as e:  # nbformat raises several types for broken JSON
        return None, flags, f"{want.name} is not a readable notebook: {type(e).__name__}: " \
                            f"{str(e).splitlines()[0][:200]}"
    return nb, flags, None


def _ensure_assignment(course, assignment):
    from nbgrader.api import MissingEntry
    with _gradebook(course) as gb:
        try:
            gb.find_assignment(assignment)
            return
        except MissingEntry:
            pass
    generate(course, assignment)


def _forget(course, assignment, student):
    from nbgrader.api import MissingEntry
    with _gradebook(course) as gb:
        try:
            gb.remove_submission(assignment, student)
        except MissingEntry:
            pass
    for step in ("autograded", "feedback"):
        shutil.rmtree(Path(course) / step / student / assignment, ignore_errors=True)


def _run_shard(shard, assignment):
    auto = nbgrader(shard, "autograde", assignment, "--force", "--create", check=False)
    feed = nbgrader(shard, "generate_feedback", assignment, "--force", check=False)
    return auto, feed


def _merge(course, shard, assignment, student):
    """Copy one student's grades, comments and flag from a shard's gradebook into the course's."""
    import warnings
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{Path(shard) / 'gradebook.db'}") as src, _gradebook(course) as gb, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's autoflush notes inside add_submission
        got = src.find_submission(assignment, student)
        gb.update_or_create_student(student)
        sub = gb.add_submission(assignment, student, timestamp=got.timestamp)
        for nb in got.notebooks:
            dst_nb = gb.find_submission_notebook(nb.name, assignment, student)
            dst_nb.flagged = nb.flagged
            for g in nb.grades:
                d = gb.find_grade(g.name, nb.name, assignment, student)
                d.auto_score, d.manual_score = g.auto_score, g.manual_score
                d.extra_credit, d.needs_manual_grade = g.extra_credit, g.needs_manual_grade
            for c in nb.comments:
                d = gb.find_comment(c.name, nb.name, assignment, student)
                d.auto_comment, d.manual_comment = c.auto_comment, c.manual_comment
        gb.db.commit()
        return sub.score, sub.max_score


def grade(course=ROOT, assignments=None, jobs=None, log=print, export=True):
    """Grade every submission; returns the list of Outcomes."""
    from . import assignments as all_assignments
    course = Path(course).resolve()
    assignments = assignments or all_assignments(course)
    jobs = jobs or os.cpu_count() or 1
    outcomes, todo = [], {}
    for student, assignment, folder in discover(course, assignments):
        nb, flags, error = inspect(student, assignment, folder)
        out = Outcome(student, assignment, flags=flags, error=error)
        outcomes.append(out)
        if nb is not None:
            todo.setdefault(assignment, []).append((out, nb))
    with tempfile.TemporaryDirectory(prefix="nncourse-grade-") as tmp:
        shards = []
        for assignment in assignments:
            _ensure_assignment(course, assignment)
            for out in outcomes:
                if out.assignment == assignment:
                    _forget(course, assignment, out.student)
            entries = todo.get(assignment, [])
            n = min(jobs, len(entries))
            for k in range(n):
                shard = Path(tmp) / f"{assignment}-{k}"
                scratch_course(shard, [assignment], course)
                shutil.copy(course / "gradebook.db", shard / "gradebook.db")
                mine = entries[k::n]
                for out, nb in mine:
                    d = shard / "submitted" / out.student / assignment
                    d.mkdir(parents=True)
                    nbformat.write(nb, str(d / f"{assignment}.ipynb"))
                shards.append((shard, assignment, mine))
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(lambda s: _run_shard(s[0], s[1]), shards))
        for (shard, assignment, mine), (auto, feed) in zip(shards, results):
            for out, _ in mine:
                graded = shard / "autograded" / out.student / assignment
                nb_path = graded / f"{assignment}.ipynb"
                if not nb_path.exists():
                    out.error = "nbgrader autograde failed: " + _last_error(auto, out.student)
                    continue
                out.flags += flags_of(nbformat.read(str(nb_path), as_version=4))
                out.score, out.max_score = _merge(course, shard, assignment, out.student)
                if out.flags:
                    _flag(course, assignment, out.student)
                for step in ("autograded", "feedback"):
                    src = shard / step / out.student / assignment
                    if src.exists():
                        dst = course / step / out.student / assignment
                        shutil.rmtree(dst, ignore_errors=True)
                        shutil.copytree(src, dst)
    if export:
        nbgrader(course, "export", "--to", str(course / "grades.csv"))
    log(summary(outcomes, assignments))
    return outcomes


def _flag(course, assignment, student):
    with _gradebook(course) as gb:
        for nb in gb.find_submission(assignment, student).notebooks:
            nb.flagged = True
        gb.db.commit()


def _last_error(proc, student):
    lines = [ln for ln in (proc.stdout + proc.stderr).splitlines()
             if "ERROR" in ln or "Error" in ln]
    mine = [ln for ln in lines if student in ln]
    return (mine or lines or ["see nbgrader's log"])[-1].strip()[:300]


def summary(outcomes, assignments):
    students = sorted({o.student for o in outcomes})
    by = {(o.student, o.assignment): o for o in outcomes}
    width = max([len(s) for s in students] + [7])
    head = "student".ljust(width) + "".join(f"{a[:16]:>18}" for a in assignments)
    lines = [head, "-" * len(head)]
    for s in students:
        row = s.ljust(width)
        for a in assignments:
            o = by.get((s, a))
            cell = "-" if o is None else "FAILED" if o.error else \
                f"{o.score:g}/{o.max_score:g}" + (" !" if o.flags else "")
            row += f"{cell:>18}"
        lines.append(row)
    flagged = [o for o in outcomes if o.flags and not o.error]
    failed = [o for o in outcomes if o.error]
    if flagged:
        lines += ["", "Flagged for review (!):"]
        lines += [f"  {o.student} / {o.assignment}: {'; '.join(o.flags)}" for o in flagged]
    if failed:
        lines += ["", "Failed (no grade recorded):"]
        lines += [f"  {o.student} / {o.assignment}: {o.error}" for o in failed]
    lines += ["", f"{len(outcomes)} submissions: {len(outcomes) - len(failed)} graded, "
                  f"{len(flagged)} flagged, {len(failed)} failed"]
    return "\n".join(lines)


def main(argv=None):
    import argparse
    p = argparse.ArgumentParser(prog="python -m nncourse grade", description=__doc__)
    p.add_argument("assignments", nargs="*")
    p.add_argument("--jobs", type=int, default=None, help="parallel workers (default: CPUs)")
    p.add_argument("--course", default=str(ROOT), help="course directory (default: this repo)")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    outcomes = grade(args.course, args.assignments or None, args.jobs)
    print(f"graded in {time.perf_counter() - t0:.1f} s")
    return 1 if any(o.error for o in outcomes) else 0
