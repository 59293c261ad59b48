"""``python -m nncourse demo``: the instructor's cycle, in a scratch course.

check → in a scratch copy of the course (its own gradebook, submitted/ and autograded/; the
course's own are never touched, so the demo students never reach a real class's grades):
generate (stock ``nbgrader generate_assignment``) → submit the master notebooks as student
``demo-master`` and the untouched release as ``demo-blank`` → stock ``nbgrader autograde`` → a
score table per assignment. Exits 1 unless the masters score full marks and the blank release
scores 0. ``--keep`` keeps the scratch course to look at.

Written answers (``## Question N.M``) are graded by hand: the master's answers wait for a grader
(its "full marks" are full marks on every tests cell), the blank release's unanswered ones score
0. The demo says how many wait and how an instructor grades them.
"""
import shutil
import tempfile
import time

from . import ROOT, assignments as all_assignments
from .check import check
from .grading import autograde, generate, scores, scratch_course, submit, total, written
from .notebooks import items, nbmeta, read, release_path, source_path

STUDENTS = {"demo-master": source_path, "demo-blank": release_path}


def score_table(assignment, cells_by_student, root=ROOT):
    """Rows 'exercise | score per student' for one assignment, as text."""
    students = list(cells_by_student)
    head = f"{assignment:<44}" + "".join(f"{s:>14}" for s in students)
    lines = [head, "-" * len(head)]
    for ex in items(read(source_path(root, assignment))):
        ids = [nbmeta(c)["grade_id"] for c in ex.graded]
        mark = "Q" if ex.kind == "Question" else " "
        row = f" {mark}{ex.number} {ex.title}"[:44].ljust(44)
        for s in students:
            mine = [cells_by_student[s][i] for i in ids if i in cells_by_student[s]]
            if any(c.pending for c in mine):
                row += f"{'by hand':>9} / {ex.points:<2g}"
            else:
                row += f"{sum(c.score for c in mine):>9g} / {ex.points:<2g}"
        lines.append(row)
    row = "  total (autograded)".ljust(44)
    for s in students:
        got, out_of = total(cells_by_student[s])
        row += f"{got:>9g} / {out_of:<2g}"
    lines.append(row)
    if any(c.written for cs in cells_by_student.values() for c in cs.values()):
        lines.append("  Q: a written answer, graded by hand ('by hand': waits for a grader)")
    return "\n".join(lines)


HOW_TO_GRADE = """\
{n} written answer(s) of demo-master await grading by hand (its totals above count the tests
cells only). In your class: `python -m nncourse grade`, then `jupyter lab` in the course folder,
menu Nbgrader -> Formgrader, Manual Grading, then the assignment and a submission. Under each
answer a cell for the grader only shows the model answer and the rubric; type the points in the
answer's score box, then rerun `nbgrader generate_feedback <assignment> --force`. The feedback
never shows the model answers or rubrics."""


def demo(root=ROOT, assignments=None, keep=False):
    t0 = time.perf_counter()
    assignments = assignments or all_assignments(root)
    problems = check(root, assignments)
    if problems:
        print("\n".join(problems))
        print("demo: `python -m nncourse check` failed; run `python -m nncourse build` and commit")
        return 1
    print("check: release/ and solutions/ match source/, nothing leaks")
    tmp = tempfile.mkdtemp(prefix="nncourse-demo-")
    try:
        course = scratch_course(tmp, assignments, root)
        ok, waiting = _grade_all(root, course, assignments)
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    if waiting:
        print()
        print(HOW_TO_GRADE.format(n=waiting))
    where = f"kept in {tmp}" if keep else "deleted; --keep keeps it"
    print(f"\ndemo: {'OK' if ok else 'FAILED'} in {time.perf_counter() - t0:.0f} s (scratch "
          f"course {where}; the course's gradebook.db and submitted/ were not touched)")
    return 0 if ok else 1


def _grade_all(root, course, assignments):
    ok, waiting = True, 0
    for k, a in enumerate(assignments, 1):
        print(f"\n[{k}/{len(assignments)}] {a}: generating, then autograding demo-master and "
              "demo-blank ...", flush=True)
        generate(course, a)
        for student, path in STUDENTS.items():
            submit(course, a, student, read(path(root, a)))
        autograde(course, a)
        cells = scores(course, a)
        cells = {s: cells[s] for s in STUDENTS}
        print(score_table(a, cells, root))
        got, out_of = total(cells["demo-master"])
        blank, _ = total(cells["demo-blank"])
        _, _, pending = written(cells["demo-master"])
        blank_written, _, blank_pending = written(cells["demo-blank"])
        n_written = sum(c.written for c in cells["demo-master"].values())
        waiting += len(pending)
        if got != out_of or blank != 0:
            ok = False
            print(f"!! {a}: expected demo-master {out_of:g}/{out_of:g} and demo-blank 0, "
                  f"got {got:g} and {blank:g}")
        if len(pending) != n_written or blank_written != 0 or blank_pending:
            ok = False
            print(f"!! {a}: expected every written answer of demo-master to wait for a grader "
                  f"({len(pending)} of {n_written} do) and demo-blank's to score 0 without one "
                  f"(got {blank_written:g}, {len(blank_pending)} waiting)")
    return ok, waiting
