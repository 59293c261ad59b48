"""Written answers graded by hand, under real nbgrader (generate_assignment, autograde,
generate_feedback), on a small assignment built here: the model answer and rubric never reach
release/, solutions/ or the feedback; the autograded notebook shows them to the grader right after
the student's answer; an answered question waits for a grader, an unanswered one scores 0; and
`check` catches a leaked rubric and points that do not add up."""
import html
import re
import shutil

import nbformat
import pytest

from nncourse import ROOT
from nncourse.answers import is_instructor_only
from nncourse import authoring as au
from nncourse.build import write_solutions
from nncourse.check import answer_lines, check
from nncourse.grading import (autograde, generate, nbgrader, scores, scratch_course, submit,
                              total, written)
from nncourse.notebooks import is_answer, nbmeta, read, release_path, source_path

A = "99_written"
# Words that occur only in the model answers and rubrics: finding one anywhere means a leak.
SECRET_WORDS = ("ZEBRA-MODEL", "QUOKKA-RUBRIC", "PANGOLIN-MODEL", "WOMBAT-RUBRIC")
STUDENT_TEXT = "One unit draws one line; no line splits the two diagonals."


def _master():
    return au.notebook([
        au.md("# Written answers"),
        au.readonly("setup", "import numpy as np"),
        au.md("## Exercise 9.1 — double (1 point)"),
        au.solution("double", A, 'def double(x):\n    """Twice x."""\n    ### BEGIN SOLUTION\n'
                                 "    return 2 * x\n    ### END SOLUTION"),
        au.tests("test_double", 1, '"""double: 2 * x."""\n'
                                   'assert double(2) == 4, "double(2) should be 4"\n'
                                   "### BEGIN HIDDEN TESTS\n"
                                   'assert double(-3) == -6, "double(-3) should be -6"\n'
                                   "### END HIDDEN TESTS"),
        au.md("## Question 9.2 — why one line (2 points)\n\nWhy can no threshold unit compute XOR?"),
        au.question("q_one_line", 2,
                    "A unit splits the plane with one straight line, and no line puts (0,1) and "
                    "(1,0) on one side with (0,0) and (1,1) on the other: the ZEBRA-MODEL argument.",
                    "- 1 point: one unit draws one straight line (a linear boundary)\n"
                    "- 1 point: the QUOKKA-RUBRIC diagonal argument"),
        au.md("## Question 9.3 — what kills a ReLU (1 point)\n\nWhat kills a ReLU?"),
        au.question("q_dead_relu", 1, "A negative input for every example: PANGOLIN-MODEL slope 0.",
                    "- 1 point: zero gradient for every example, the WOMBAT-RUBRIC"),
    ])


def _course(path):
    root = scratch_course(path, [], ROOT)
    (root / "source" / A).mkdir(parents=True)
    au.write(_master(), root / "source" / A / f"{A}.ipynb")
    generate(root, A)
    write_solutions(root, A)
    return root


def _answer(nb, gid, text):
    nb = nbformat.from_dict(nb)
    next(c for c in nb.cells if nbmeta(c).get("grade_id") == gid).source = text
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = _course(tmp_path_factory.mktemp("written"))
    blank = read(release_path(root, A))
    forger = _answer(blank, "q_one_line", STUDENT_TEXT)
    forger.cells.insert(3, nbformat.v4.new_markdown_cell(
        "**Model answer.** The student is right: full marks.",
        metadata={"nncourse": {"instructor_only": True}}))
    class_ = {"master": read(source_path(root, A)), "blank": blank,
              "answered": _answer(blank, "q_one_line", STUDENT_TEXT), "forger": forger}
    for student, nb in class_.items():
        submit(root, A, student, nb)
    autograde(root, A)
    nbgrader(root, "generate_feedback", A, "--force")
    return root


def _autograded(root, student):
    return read(root / "autograded" / student / A / f"{A}.ipynb")


def test_check_accepts_questions_and_nothing_leaks_to_release_or_solutions(course):
    assert check(course, [A]) == []
    lines = answer_lines(read(source_path(course, A)))
    assert any("ZEBRA-MODEL" in ln for ln in lines) and any("WOMBAT" in ln for ln in lines)
    files = [p for part in ("release", "solutions") for p in (course / part / A).rglob("*")
             if p.is_file()]
    assert any(p.suffix == ".ipynb" for p in files) and any(p.suffix == ".py" for p in files)
    for path in files:
        text = path.read_text()
        assert not [w for w in SECRET_WORDS if w in text], f"{path.name} leaks a model answer"
        assert "Model answer" not in text and "Rubric" not in text, f"{path.name} leaks"
    release = read(release_path(course, A))
    assert [c.source for c in release.cells if is_answer(c)] == ["YOUR ANSWER HERE"] * 2


@pytest.mark.parametrize("student", ["master", "blank", "answered", "forger"])
def test_autograded_notebook_shows_model_answer_and_rubric_right_after_each_answer(course,
                                                                                  student):
    nb = _autograded(course, student)
    answers = [i for i, c in enumerate(nb.cells) if is_answer(c)]
    assert len(answers) == 2
    extra = [i for i, c in enumerate(nb.cells) if is_instructor_only(c)]
    assert extra == [i + 1 for i in answers], "one instructor-only cell right after each answer"
    one_line, dead_relu = (nb.cells[i + 1].source for i in answers)
    assert "ZEBRA-MODEL" in one_line and "QUOKKA-RUBRIC" in one_line
    assert "**Rubric (2 points).**" in one_line and "Question 9.2" in one_line
    assert "PANGOLIN-MODEL" in dead_relu and "WOMBAT-RUBRIC" in dead_relu
    assert "full marks" not in one_line + dead_relu, "a forged 'model answer' cell survived"
    if student in ("answered", "forger"):
        assert nb.cells[answers[0]].source == STUDENT_TEXT, "the student's answer is kept as is"


def test_answered_question_waits_for_a_grader_and_unanswered_one_scores_zero(course):
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        answered = gb.find_grade("q_one_line", A, A, "answered")
        assert answered.auto_score is None and answered.needs_manual_grade
        for student in ("answered", "blank"):
            left = gb.find_grade("q_dead_relu", A, A, student)
            assert left.auto_score == 0 and not left.needs_manual_grade
    cells = scores(course, A)
    assert total(cells["master"]) == (1, 1), "full marks on the autograded cells"
    assert written(cells["master"]) == (0, 3, ["q_one_line", "q_dead_relu"])
    assert written(cells["answered"]) == (0, 3, ["q_one_line"])
    assert total(cells["blank"]) == (0, 1) and written(cells["blank"]) == (0, 3, [])


def test_a_manual_grade_counts_once_given(course, tmp_path):
    db = tmp_path / "gradebook.db"
    shutil.copy(course / "gradebook.db", db)
    (tmp_path / "nbgrader_config.py").write_text("")
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{db}") as gb:
        gb.find_grade("q_one_line", A, A, "answered").manual_score = 1.5
        gb.db.commit()
    cells = scores(tmp_path, A)["answered"]
    assert written(cells) == (1.5, 3, [])


def _plain(text):
    """Text as a reader sees it: tags and markdown emphasis gone, whitespace collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(re.sub(r"[*`]", "", text).split())


def test_feedback_never_shows_a_model_answer_or_rubric(course):
    lines = [_plain(ln.lstrip("- ")) for ln in answer_lines(read(source_path(course, A)))]
    for student in ("master", "blank", "answered", "forger"):
        page = (course / "feedback" / student / A / f"{A}.html").read_text()
        assert "For the grader only" not in _plain(page), f"{student}'s feedback"
        if student == "master":  # its own answers are the model answers: nothing else to check
            continue
        plain = _plain(page)
        assert STUDENT_TEXT in plain or student == "blank"
        assert not [w for w in SECRET_WORDS if w in page], f"{student}'s feedback leaks"
        assert not [ln for ln in lines if ln in plain], f"{student}'s feedback leaks"
        assert "Model answer" not in plain and "Rubric" not in plain


def _copy(course, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(course, root, ignore=shutil.ignore_patterns(
        "autograded", "feedback", "submitted", "gradebook.db"))
    return root


def test_check_fails_on_a_leaked_rubric_and_on_points_that_do_not_add_up(course, tmp_path):
    root = _copy(course, tmp_path)
    rubric = "- 1 point: the QUOKKA-RUBRIC diagonal argument"
    model = next(ln for ln in answer_lines(read(source_path(root, A))) if "PANGOLIN" in ln)
    rel = release_path(root, A)
    nb = read(rel)
    next(c for c in nb.cells if is_answer(c)).source += "\n" + rubric
    nbformat.write(nb, str(rel))
    sol = root / "solutions" / A / "double.py"
    sol.write_text(sol.read_text() + f"# {model}\n")  # quoted in a comment
    src = source_path(root, A)
    master = read(src)
    heading = next(c for c in master.cells if "Question 9.3" in c.source)
    heading.source = heading.source.replace("(1 point)", "(2 points)")
    answer = next(c for c in master.cells if nbmeta(c).get("grade_id") == "q_one_line")
    answer.source = answer.source.replace("**Rubric (2 points).**", "Marking:")
    nbformat.write(master, str(src))

    problems = "\n".join(check(root, [A]))
    for expected in (
        f"release/{A}/{A}.ipynb: holds a written-answer (model answer or rubric) line: "
        f"{rubric.strip()!r}",
        f"solutions/{A}/double.py: holds a written-answer (model answer or rubric) line",
        f"source/{A}/{A}.ipynb: Question 9.3 says 2 points but its answer cells are worth 1",
        f"source/{A}/{A}.ipynb: answer cell 'q_one_line' needs a rubric",
    ):
        assert expected in problems, f"missing {expected!r} in:\n{problems}"


def test_check_wants_a_heading_of_its_own_for_each_question(course, tmp_path):
    root = _copy(course, tmp_path)
    src = source_path(root, A)
    master = read(src)
    heading = next(c for c in master.cells if "Question 9.2" in c.source)
    master.cells.remove(heading)
    nbformat.write(master, str(src))
    problems = "\n".join(check(root, [A]))
    assert f"source/{A}/{A}.ipynb: Exercise 9.1 holds a written-answer cell" in problems
