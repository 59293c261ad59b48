"""A class of honest, broken and cheating students graded by `python -m nncourse grade`
(stock nbgrader underneath, hardened by nbgrader_config.py): the exact outcome of each, the
feedback that explains without leaking, and no stale score after a failed re-grade."""
import html
import json

import nbformat
import pytest

from nncourse import ROOT
from nncourse.check import secret_lines
from nncourse.classgrade import grade
from nncourse.grading import scratch_course
from nncourse.notebooks import nbmeta, read, release_path, source_path
from nncourse.zoo import Bug, apply

A = "01_xor_encoding"
FULL = 11


def master():
    return read(source_path(ROOT, A))


def blank():
    return read(release_path(ROOT, A))


def cell(nb, gid):
    return next(c for c in nb.cells if nbmeta(c).get("grade_id") == gid)


def append(nb, gid, code):
    cell(nb, gid).source += "\n" + code
    return nb


def prepend_solution(nb, gid, code):
    c = cell(nb, gid)
    first, rest = c.source.split("\n", 1)
    c.source = first + "\n" + code + "\n" + rest
    return nb


WRONG_Y = Bug("xor_data", "y = np.array([[0], [1], [1], [0]], dtype=np.float64)",
              "y = np.array([[1], [0], [0], [1]], dtype=np.float64)", "XNOR", ("test_xor_data",))
REVERSED = Bug("truth_table", "shifts = np.arange(n_inputs - 1, -1, -1)",
               "shifts = np.arange(n_inputs)", "reversed", ("test_truth_table",))
FIRES_AT_ZERO = Bug("threshold_unit", "(z > 0)", "(z >= 0)", ">=", ("test_threshold_unit",))


def hostile_class():
    s = {}
    s["honest"] = master()
    s["honest-warns"] = prepend_solution(master(), "xor_data",
                                         "import sys\nprint('note', file=sys.stderr)")
    s["loop"] = prepend_solution(master(), "xor_data", "while True:\n    pass")
    s["stubborn-loop"] = append(master(), "threshold_unit",
                                "import time\nwhile True:\n    try:\n        time.sleep(0.05)\n"
                                "    except KeyboardInterrupt:\n        pass")
    s["sys-exit"] = append(master(), "truth_table", "import sys\nsys.exit()")
    s["os-exit"] = append(master(), "threshold_unit", "import os\nos._exit(1)")
    nb = master()
    nb.cells.remove(cell(nb, "test_truth_table"))
    s["deleted-tests-honest"] = nb
    nb = apply(master(), REVERSED)
    nb.cells.remove(cell(nb, "test_truth_table"))
    s["deleted-tests-cheat"] = nb
    nb = apply(master(), WRONG_Y)
    cell(nb, "test_xor_data").source = '"""All good."""\npass'
    s["edited-tests"] = nb
    nb = apply(master(), FIRES_AT_ZERO)
    cell(nb, "test_threshold_unit").cell_type = "markdown"
    del cell(nb, "test_threshold_unit")["outputs"]
    del cell(nb, "test_threshold_unit")["execution_count"]
    s["tests-to-markdown"] = nb
    nb = master()
    c = cell(nb, "truth_table")
    c.cell_type = "raw"
    del c["outputs"]
    del c["execution_count"]
    s["solution-to-raw"] = nb
    s["huge-output"] = append(master(), "xor_data", "print('x' * 50_000_000)")
    s["rebinds-np"] = append(apply(master(), WRONG_Y), "xor_data",
                             "import types, numpy\n"
                             "np = types.SimpleNamespace(**{k: getattr(numpy, k) for k in dir(numpy)"
                             " if not k.startswith('__')})\n"
                             "np.testing = types.SimpleNamespace(assert_array_equal=lambda *a, **k: None,"
                             " assert_allclose=lambda *a, **k: None)")
    s["patches-testing"] = append(apply(master(), WRONG_Y), "xor_data",
                                  "np.testing.assert_array_equal = lambda *a, **k: None\n"
                                  "np.array_equal = lambda *a, **k: True")
    s["hijacks-transformers"] = prepend_solution(
        blank(), "xor_data", "get_ipython().input_transformers_post.append("
        "lambda lines: ['pass\\n'] if lines and lines[0].startswith('\"\"\"') else lines)")
    s["custom-exc"] = prepend_solution(blank(), "xor_data",
                             "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)")
    s["always-equal"] = append(
        blank(), "xor_data",
        "class _Yes:\n    shape, ndim, dtype = (4, 2), 2, np.float64\n"
        "    def __eq__(self, other):\n        return True\n"
        "    def __getattr__(self, name):\n        return self\n"
        "    def __call__(self, *a, **k):\n        return self\n"
        "    def __iter__(self):\n        return iter([])\n"
        "X = y = _Yes()")
    s["overwrites-file"] = append(master(), "xor_data",
                                  "open('course_notes.txt', 'w').write('hacked')")
    return s


def write(course, student, nb, name=None, raw=None):
    d = course / "submitted" / student / A
    d.mkdir(parents=True, exist_ok=True)
    path = d / (name or f"{A}.ipynb")
    if raw is not None:
        path.write_text(raw)
    else:
        nbformat.write(nb, str(path))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    course = tmp_path_factory.mktemp("hostile")
    scratch_course(course, [A])
    (course / "source" / A / "course_notes.txt").write_text("notes of the course\n")
    with open(course / "nbgrader_config.py", "a") as f:
        f.write("c.Execute.timeout = 5\n")
    # a first grading gives "corrupt" a score that must not survive its failed re-grade
    write(course, "corrupt", master())
    first = {o.student: o for o in grade(course, [A], jobs=2, log=lambda *_: None)}
    assert first["corrupt"].score == FULL
    for student, nb in hostile_class().items():
        write(course, student, nb)
    (course / "submitted" / "corrupt" / A / f"{A}.ipynb").write_text('{"cells": [ oops')
    write(course, "renamed", master(), name=f"{A}-Copy1.ipynb")
    printed = []
    outcomes = {o.student: o for o in grade(course, [A], jobs=2, log=printed.append)}
    return course, outcomes, printed[0]


EXPECTED = {  # student: (score, words that must appear in its flags, or None for no flag)
    "honest": (FULL, None),
    "honest-warns": (FULL, None),
    "deleted-tests-honest": (FULL, None),
    "loop": (FULL - 2, "time limit"),
    "stubborn-loop": (FULL - 2, "ignored the interrupt"),
    "sys-exit": (FULL, "exits the kernel"),
    "os-exit": (FULL - 2, "kernel died"),
    "deleted-tests-cheat": (FULL - 3, None),
    "edited-tests": (FULL - 2, None),
    "tests-to-markdown": (FULL - 2, None),
    "solution-to-raw": (FULL, None),  # nbgrader turns it back into code: nothing lost
    "huge-output": (FULL, None),
    "rebinds-np": (FULL - 2, "'np' was rebound"),
    "patches-testing": (FULL - 2, "numpy.testing.assert_array_equal was replaced"),
    "hijacks-transformers": (0, "input_transformers_post was modified"),
    "custom-exc": (0, "set_custom_exc"),
    "always-equal": (0, "defines __eq__"),
    "overwrites-file": (FULL, "overwritten the file 'course_notes.txt'"),
    "renamed": (FULL, "renamed"),
}


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_each_student_gets_the_exact_outcome(hostile, student):
    _, outcomes, _ = hostile
    out = outcomes[student]
    score, flag = EXPECTED[student]
    assert out.error is None, f"{student} failed: {out.error}"
    assert out.score == score, f"{student}: expected {score}, got {out.score} (flags {out.flags})"
    if flag is None:
        assert not out.flags, f"{student} should not be flagged: {out.flags}"
    else:
        assert any(flag in f for f in out.flags), f"{student}: no flag with {flag!r}: {out.flags}"


def test_corrupt_notebook_is_reported_and_its_old_score_is_gone(hostile):
    course, outcomes, printed = hostile
    assert "not a readable notebook" in outcomes["corrupt"].error
    assert "corrupt / 01_xor_encoding: 01_xor_encoding.ipynb is not a readable notebook" in printed
    from nbgrader.api import Gradebook, MissingEntry
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        with pytest.raises(MissingEntry):
            gb.find_submission(A, "corrupt")
        assert gb.find_submission(A, "honest").score == FULL
        assert gb.find_submission_notebook(A, A, "patches-testing").flagged
        assert not gb.find_submission_notebook(A, A, "honest").flagged
    grades = (course / "grades.csv").read_text()
    assert "honest" in grades and "patches-testing" in grades


def test_a_restarted_kernel_leaves_the_notebook_intact(hostile):
    """After os._exit the kernel is restarted and the read-only cells are replayed aside: the
    autograded notebook keeps every cell of the master, with its nbgrader metadata, in order."""
    course, _, _ = hostile
    graded_nb = read(course / "autograded" / "os-exit" / A / f"{A}.ipynb")
    ids = [nbmeta(c).get("grade_id") for c in graded_nb.cells if nbmeta(c)]
    assert ids == [nbmeta(c).get("grade_id") for c in master().cells if nbmeta(c)]
    assert sum("kernel died" in str(c.get("outputs", "")) for c in graded_nb.cells) == 1


def test_summary_lists_flagged_and_failed_students_by_name(hostile):
    _, outcomes, printed = hostile
    assert "Flagged for review" in printed and "Failed (no grade recorded)" in printed
    for student, (_, flag) in EXPECTED.items():
        if flag:
            assert f"  {student} / {A}:" in printed


def test_outputs_are_capped(hostile):
    course, _, _ = hostile
    for step in ("autograded", "feedback"):
        for path in (course / step / "huge-output").rglob("*"):
            if path.is_file():
                assert path.stat().st_size < 2_000_000, f"{path} is {path.stat().st_size} bytes"


def test_feedback_explains_failures_without_leaking_hidden_tests(hostile):
    course, _, _ = hostile
    _, hidden = secret_lines(master())
    assert hidden
    files = list((course / "feedback").rglob("*.html"))
    assert len(files) >= len(EXPECTED)
    for path in files:
        text = html.unescape(path.read_text())
        leaked = [line for line in hidden if line in text]
        assert not leaked, f"{path.relative_to(course)} shows hidden test lines: {leaked[:3]}"
    edited = html.unescape((course / "feedback" / "edited-tests" / A / f"{A}.html").read_text())
    assert "y should hold A XOR B for each row" in edited, "the failed assert's message is shown"
    assert "hidden tests ran here" in edited
