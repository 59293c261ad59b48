"""Every assignment under real `nbgrader autograde`: masters full marks, blank release 0, the
release with its %load lines substituted full marks, and every bug of the zoo loses exactly the
points of the tests cells that should catch it. Written answers (graded by hand) wait for a grader
in the master and score 0 unanswered; their model answers reach no feedback."""
import html
import re

import pytest

from nncourse import ROOT
from nncourse.answers import is_instructor_only
from nncourse.check import answer_lines
from nncourse.grading import total, written
from nncourse.nbgrader_ext import flags_of
from nncourse.notebooks import exercises, is_answer, nbmeta, questions, read, source_path
from nncourse.zoo import alternatives, bugs

from conftest import ASSIGNMENTS


def cell_points(assignment):
    """{tests cell: points}: the autograded cells (written answers are graded by hand)."""
    nb = read(source_path(ROOT, assignment))
    return {nbmeta(c)["grade_id"]: nbmeta(c)["points"] for ex in exercises(nb) for c in ex.tests}


def auto(cells):
    """{tests cell: score}, written answers left out."""
    return {c: s.score for c, s in cells.items() if not s.written}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_master_scores_full_marks(graded, assignment):
    _, scores, proc = graded(assignment)
    cells = scores["master"]
    assert set(auto(cells)) == set(cell_points(assignment)), "every tests cell is graded"
    lost = {c: s.score for c, s in cells.items() if s.score != s.max_score and not s.written}
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


WRITTEN = [a for a in ASSIGNMENTS if questions(read(source_path(ROOT, a)))]


@pytest.mark.parametrize("assignment", WRITTEN)
def test_written_answers_wait_for_a_grader_and_never_reach_the_feedback(graded, assignment):
    """The master's answers wait for a grader, the blank release's unanswered ones score 0;
    the grader sees the model answer and rubric right after each answer; no feedback shows
    them."""
    course, scores, _ = graded(assignment)
    master = read(source_path(ROOT, assignment))
    ids = [nbmeta(c)["grade_id"] for q in questions(master) for c in q.answers]
    points = sum(q.points for q in questions(master))
    assert written(scores["master"]) == (0, points, ids), "every written answer waits"
    for student in ("blank", "loaded"):
        assert written(scores[student]) == (0, points, []), f"{student}: unanswered, 0, no grader"
    graded_nb = read(course / "autograded" / "master" / assignment / f"{assignment}.ipynb")
    after = [graded_nb.cells[i + 1] for i, c in enumerate(graded_nb.cells) if is_answer(c)]
    assert len(after) == len(ids) and all(map(is_instructor_only, after))
    assert all("**Model answer.**" in c.source and "**Rubric" in c.source for c in after)
    secrets = [" ".join(re.sub(r"[*`]", "", ln.lstrip("- ")).split())
               for ln in answer_lines(master) if len(ln) >= 20]  # shorter ones say nothing
    assert secrets
    for student in ("blank", "loaded"):
        page = (course / "feedback" / student / assignment / f"{assignment}.html").read_text()
        plain = " ".join(re.sub(r"[*`]", "", html.unescape(re.sub(r"<[^>]+>", " ", page)))
                         .split())
        leaked = [ln for ln in secrets if ln in plain]
        assert not leaked and "Model answer" not in plain, f"{student}'s feedback: {leaked[:2]}"


ZOO = [(a, b) for a in ASSIGNMENTS for b in bugs(a)]


@pytest.mark.parametrize("assignment,bug", ZOO, ids=[f"{a}:{b.student}" for a, b in ZOO])
def test_bug_loses_exactly_the_points_of_the_cells_that_catch_it(graded, assignment, bug):
    _, scores, _ = graded(assignment)
    cells = scores[bug.student]
    want = cell_points(assignment)
    for cell in bug.fails:
        assert cell in want, f"{bug.why}: unknown tests cell {cell!r}"
    got = auto(cells)
    expected = {c: (0 if c in bug.fails else pts) for c, pts in want.items()}
    assert got == expected, f"{bug.why}: expected {expected}, graded {got}"


ALTS = [(a, b) for a in ASSIGNMENTS for b in alternatives(a)]


@pytest.mark.parametrize("assignment,alt", ALTS, ids=[f"{a}:{b.student}" for a, b in ALTS])
def test_alternative_correct_answer_keeps_full_marks(graded, assignment, alt):
    _, scores, _ = graded(assignment)
    got = auto(scores[alt.student])
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
