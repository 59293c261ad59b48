"""``python -m nncourse demo``: the instructor's cycle on the real course directory.

check → regenerate (stock ``nbgrader generate_assignment``) → submit the master notebooks as
student ``demo-master`` and the untouched release as ``demo-blank`` → stock
``nbgrader autograde`` → a score table per assignment. Exits 1 unless the masters score full
marks and the blank release scores 0.
"""
import time

from . import ROOT, assignments as all_assignments
from .build import build
from .check import check
from .grading import autograde, scores, submit, total
from .notebooks import exercises, nbmeta, read, release_path, source_path

STUDENTS = {"demo-master": source_path, "demo-blank": release_path}


def score_table(assignment, cells_by_student, root=ROOT):
    """Rows 'exercise | score per student' for one assignment, as text."""
    students = list(cells_by_student)
    head = f"{assignment:<44}" + "".join(f"{s:>14}" for s in students)
    lines = [head, "-" * len(head)]
    for ex in exercises(read(source_path(root, assignment))):
        ids = [nbmeta(c)["grade_id"] for c in ex.tests]
        row = f"  {ex.number} {ex.title}"[:44].ljust(44)
        for s in students:
            got = sum(cells_by_student[s][i].score for i in ids if i in cells_by_student[s])
            row += f"{got:>9g} / {ex.points:<2g}"
        lines.append(row)
    row = "  total".ljust(44)
    for s in students:
        got, out_of = total(cells_by_student[s])
        row += f"{got:>9g} / {out_of:<2g}"
    lines.append(row)
    return "\n".join(lines)


def demo(root=ROOT, assignments=None):
    t0 = time.perf_counter()
    assignments = assignments or all_assignments(root)
    problems = check(root, assignments)
    if problems:
        print("\n".join(problems))
        print("demo: `python -m nncourse check` failed; run `python -m nncourse build` and commit")
        return 1
    print("check: release/ and solutions/ match source/, nothing leaks")
    build(root, assignments, gradebook=True)
    ok = True
    for a in assignments:
        for student, path in STUDENTS.items():
            submit(root, a, student, read(path(root, a)))
        autograde(root, a)
        cells = scores(root, a)
        cells = {s: cells[s] for s in STUDENTS}
        print()
        print(score_table(a, cells, root))
        got, out_of = total(cells["demo-master"])
        blank, _ = total(cells["demo-blank"])
        if got != out_of or blank != 0:
            ok = False
            print(f"!! {a}: expected demo-master {out_of:g}/{out_of:g} and demo-blank 0, "
                  f"got {got:g} and {blank:g}")
    print(f"\ndemo: {'OK' if ok else 'FAILED'} in {time.perf_counter() - t0:.0f} s "
          f"(autograded notebooks in autograded/, gradebook in gradebook.db)")
    return 0 if ok else 1
