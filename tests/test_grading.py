"""Every assignment under real `nbgrader autograde`: masters full marks, blank release 0, the
release with its %load lines substituted full marks, and every bug of the zoo loses exactly the
points of the tests cells that should catch it."""
import pytest

from nncourse import ROOT
from nncourse.grading import total
from nncourse.nbgrader_ext import flags_of
from nncourse.notebooks import exercises, nbmeta, read, source_path
from nncourse.zoo import alternatives, bugs

from conftest import ASSIGNMENTS


def cell_points(assignment):
    nb = read(source_path(ROOT, assignment))
    return {nbmeta(c)["grade_id"]: nbmeta(c)["points"] for ex in exercises(nb) for c in ex.tests}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_master_scores_full_marks(graded, assignment):
    _, scores, proc = graded(assignment)
    cells = scores["master"]
    assert set(cells) == set(cell_points(assignment)), "every tests cell is graded"
    lost = {c: s.score for c, s in cells.items() if s.score != s.max_score}
    assert not lost, f"master notebook lost points in {lost}"
    course = graded(assignment)[0]
    for student in ("master", "loaded"):
        graded_nb = read(course / "autograded" / student / assignment / f"{assignment}.ipynb")
        assert not flags_of(graded_nb), f"an honest {student} was flagged: {flags_of(graded_nb)}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_blank_release_scores_zero_and_grader_finishes(graded, assignment):
    _, scores, failed = graded(assignment)
    assert not failed, f"the grader failed on {failed}"
    assert "blank" in scores, "the blank release was not graded"
    got, out_of = total(scores["blank"])
    assert out_of == sum(cell_points(assignment).values())
    assert got == 0, f"untouched release scored {got}: {scores['blank']}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_with_load_lines_substituted_scores_full_marks(graded, assignment):
    _, scores, _ = graded(assignment)
    got, out_of = total(scores["loaded"])
    assert got == out_of, f"%load-substituted release scored {got}/{out_of}: {scores['loaded']}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_correct_solution_printing_to_stderr_keeps_full_marks(graded, assignment):
    course, scores, _ = graded(assignment)
    got, out_of = total(scores["warns"])
    assert got == out_of, f"a warning on stderr cost points: {scores['warns']}"
    text = (course / "autograded" / "warns" / assignment / f"{assignment}.ipynb").read_text()
    assert "[stderr] a line on stderr" in text, "the stderr text should stay visible"


ZOO = [(a, b) for a in ASSIGNMENTS for b in bugs(a)]


@pytest.mark.parametrize("assignment,bug", ZOO, ids=[f"{a}:{b.student}" for a, b in ZOO])
def test_bug_loses_exactly_the_points_of_the_cells_that_catch_it(graded, assignment, bug):
    _, scores, _ = graded(assignment)
    cells = scores[bug.student]
    want = cell_points(assignment)
    for cell in bug.fails:
        assert cell in want, f"{bug.why}: unknown tests cell {cell!r}"
    got = {c: s.score for c, s in cells.items()}
    expected = {c: (0 if c in bug.fails else pts) for c, pts in want.items()}
    assert got == expected, f"{bug.why}: expected {expected}, graded {got}"


ALTS = [(a, b) for a in ASSIGNMENTS for b in alternatives(a)]


@pytest.mark.parametrize("assignment,alt", ALTS, ids=[f"{a}:{b.student}" for a, b in ALTS])
def test_alternative_correct_answer_keeps_full_marks(graded, assignment, alt):
    _, scores, _ = graded(assignment)
    got = {c: s.score for c, s in scores[alt.student].items()}
    assert not alt.fails, f"{alt.why}: an alternative answer lists failing cells"
    assert got == cell_points(assignment), f"{alt.why}: a correct answer lost points: {got}"


def _per_cell(patches):
    per_cell = {}
    for b in patches:
        per_cell.setdefault(b.cell, []).append(b)
    return per_cell


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_solution_cell_has_three_bugs_and_two_alternatives(assignment):
    nb = read(source_path(ROOT, assignment))
    wrong = _per_cell(b for b in bugs(assignment) if b.fails)
    right = _per_cell(alternatives(assignment))
    for ex in exercises(nb):
        for cell in ex.solutions:
            gid = nbmeta(cell)["grade_id"]
            assert len(wrong.get(gid, [])) >= 3, \
                f"Exercise {ex.number}: solution cell {gid!r} has {len(wrong.get(gid, []))} bugs"
            assert len(right.get(gid, [])) >= 2, \
                f"Exercise {ex.number}: solution cell {gid!r} has " \
                f"{len(right.get(gid, []))} alternative correct answers in the zoo"
