"""A class of honest, broken and hostile students graded by `python -m nncourse grade` in the
real sandbox (bubblewrap; stock nbgrader underneath): the exact score and flag of each, the
state of their classmates, of the course's files and of the gradebook afterwards, feedback that
explains without leaking, grades that survive a failed re-grade and a killed grader, and manual
grades that survive a re-grade."""
import hashlib
import html
import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from nncourse import ROOT
from nncourse.check import secret_lines
from nncourse.classgrade import grade
from nncourse.grading import scratch_course
from nncourse.notebooks import nbmeta, read, release_path, source_path
from nncourse.zoo import Bug, apply

A = "01_xor_encoding"
FULL = 11
CPU = 3       # seconds of CPU per cell in this course (the real one allows 60)
WALL = 12     # seconds of wall time per cell


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


def at_end(nb, code):
    """A cell the student adds after every tests cell."""
    nb.cells.append(new_code_cell(code))
    return nb


WRONG_Y = Bug("xor_data", "y = np.array([[0], [1], [1], [0]], dtype=np.float64)",
              "y = np.array([[1], [0], [0], [1]], dtype=np.float64)", "XNOR", ("test_xor_data",))
REVERSED = Bug("truth_table", "shifts = np.arange(n_inputs - 1, -1, -1)",
               "shifts = np.arange(n_inputs)", "reversed", ("test_truth_table",))
FIRES_AT_ZERO = Bug("threshold_unit", "(z > 0)", "(z >= 0)", ">=", ("test_threshold_unit",))


def wrong():
    """A master whose XOR targets are wrong: honestly graded, FULL - 2."""
    return apply(master(), WRONG_Y)


def hostile_class(course):
    here = str(course)
    s = {}
    s["honest"] = master()
    s["honest-warns"] = prepend_solution(master(), "xor_data",
                                         "import sys\nprint('note', file=sys.stderr)")
    # --- time and the kernel's life ------------------------------------------------------------
    s["loop"] = prepend_solution(master(), "xor_data", "while True:\n    pass")
    s["stubborn-loop"] = append(master(), "threshold_unit",
                                "import time\nwhile True:\n    try:\n        time.sleep(0.05)\n"
                                "    except KeyboardInterrupt:\n        pass")
    s["sys-exit"] = append(master(), "truth_table", "import sys\nsys.exit()")
    s["os-exit"] = append(master(), "threshold_unit", "import os\nos._exit(1)")
    s["kills-parent"] = at_end(master(), "import os, signal\n"
                                         "for pid in (os.getppid(), -1, os.getpid()):\n"
                                         "    try:\n"
                                         "        os.kill(pid, signal.SIGKILL)\n"
                                         "    except OSError as e:\n"
                                         "        print(pid, e)")
    s["fork-bomb"] = at_end(master(), "import os\nwhile True:\n    try:\n        os.fork()\n"
                                      "    except OSError:\n        pass")
    s["memory-hog"] = at_end(master(), "hog = bytearray(3 * 2 ** 30)")
    s["tmp-filler"] = at_end(master(), "with open('/tmp/fill', 'wb') as f:\n"
                                       "    for _ in range(16):\n"
                                       "        f.write(b'0' * 2 ** 26)")
    s["many-files"] = at_end(master(), "for i in range(20000):\n"
                                       "    open(f'f{i}.txt', 'w').write('x')")
    s["detached"] = at_end(master(), (
        "import subprocess, sys\n"
        "code = ('import sqlite3, time; time.sleep(4); '\n"
        f"        'db = sqlite3.connect(\"{here}/gradebook.db\"); '\n"
        "        'db.execute(\"update grade set manual_score = 100\"); db.commit()')\n"
        "subprocess.Popen([sys.executable, '-c', code], start_new_session=True)\n"
        "subprocess.Popen(['sleep', '7734.5'], start_new_session=True)"))
    # --- notebooks that break the grader's machinery ------------------------------------------
    nb = master()
    nb.cells.remove(cell(nb, "test_truth_table"))
    s["deleted-tests-honest"] = nb
    nb = apply(master(), REVERSED)
    nb.cells.remove(cell(nb, "test_truth_table"))
    s["deleted-tests-cheat"] = nb
    nb = wrong()
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
    nb = master()
    forged = new_code_cell("pass")
    forged.metadata["nbgrader"] = {"grade": True, "grade_id": "test_forged", "locked": True,
                                   "points": 100, "schema_version": 3, "solution": False}
    nb.cells.insert(3, forged)
    s["forged-metadata"] = nb
    # --- outputs -----------------------------------------------------------------------------
    s["huge-output"] = append(master(), "xor_data", "print('x' * 50_000_000)")
    s["many-outputs"] = at_end(master(), "from IPython.display import HTML, display\n"
                                         "for _ in range(2500):\n"
                                         "    display(HTML('x' * 19_000))")
    nb = master()
    for _ in range(12):
        at_end(nb, "print('y' * 490_000)")
    s["outputs-everywhere"] = nb
    # --- the test machinery ------------------------------------------------------------------
    s["rebinds-np"] = append(wrong(), "xor_data",
                             "import types, numpy\n"
                             "np = types.SimpleNamespace(**{k: getattr(numpy, k) for k in dir(numpy)"
                             " if not k.startswith('__')})\n"
                             "np.testing = types.SimpleNamespace(assert_array_equal=lambda *a, **k: None,"
                             " assert_allclose=lambda *a, **k: None)")
    s["patches-testing"] = append(wrong(), "xor_data",
                                  "np.testing.assert_array_equal = lambda *a, **k: None\n"
                                  "np.array_equal = lambda *a, **k: True")
    s["swaps-code"] = append(wrong(), "xor_data", (
        "def _yes(*a, **k):\n    return True\n"
        "def _none(*a, **k):\n    return None\n"
        "np.testing.assert_array_equal.__code__ = _none.__code__\n"
        "np.testing.assert_allclose.__code__ = _none.__code__\n"
        "np.array_equal._implementation.__code__ = _yes.__code__\n"
        "np.allclose._implementation.__code__ = _yes.__code__"))
    s["obfuscated"] = append(wrong(), "xor_data", (
        "_ip = globals()['get_' + 'ip' + 'ython']()\n"
        "setattr(_ip, 'transform' + '_cell', lambda cell: 'pass\\n')"))
    s["wraps-run-cell"] = append(wrong(), "xor_data", (
        "_cls = type(get_ipython())\n_run = _cls.run_cell\n"
        "def _quiet(self, *a, **k):\n"
        "    result = _run(self, *a, **k)\n"
        "    result.error_in_exec = result.error_before_exec = None\n    return result\n"
        "_cls.run_cell = _quiet\n"
        "_cls.showtraceback = lambda self, *a, **k: None"))
    s["hijacks-transformers"] = prepend_solution(
        blank(), "xor_data", "get_ipython().input_transformers_post.append("
        "lambda lines: ['pass\\n'] if lines and lines[0].startswith('\"\"\"') else lines)")
    s["keeps-hijacking"] = append(wrong(), "xor_data", (
        "import threading, time\n_shell = get_ipython()\n"
        "def _hide(lines):\n"
        "    return ['pass\\n'] if lines and lines[0].startswith('\"\"\"') else lines\n"
        "def _keep():\n"
        "    while True:\n"
        "        if _hide not in _shell.input_transformers_post:\n"
        "            _shell.input_transformers_post.append(_hide)\n"
        "        time.sleep(0.0005)\n"
        "threading.Thread(target=_keep, daemon=True).start()"))
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
    # --- the course's files and the classmates ------------------------------------------------
    s["overwrites-file"] = append(master(), "xor_data",
                                  "open('course_notes.txt', 'w').write('hacked')")
    s["reads-course"] = at_end(master(), (
        "import os\n"
        f"for p in [{here + '/source'!r}, {here + '/gradebook.db'!r}, {here + '/submitted'!r},\n"
        f"          {here + '/nbgrader_config.py'!r}, '../../..', '/work', '/root', '/home']:\n"
        "    try:\n"
        "        print(p, os.listdir(p) if os.path.isdir(p) else open(p, 'rb').read(300))\n"
        "    except Exception as e:\n"
        "        print(p, type(e).__name__, e)"))
    s["writes-course"] = at_end(master(), (
        "for p, text in [({!r}, 'c.X = 1'), ({!r}, 'broken'), ({!r}, '{{}}')]:\n"
        "    try:\n"
        "        open(p, 'a').write(text)\n"
        "    except Exception as e:\n"
        "        print(p, type(e).__name__)").format(
            here + "/nbgrader_config.py", here + "/gradebook.db",
            here + f"/submitted/honest/{A}/{A}.ipynb"))
    s["sleeper"] = at_end(master(), "import time\ntime.sleep(10_000)")
    return s


def write(course, student, nb, name=None, raw=None):
    d = course / "submitted" / student / A
    d.mkdir(parents=True, exist_ok=True)
    path = d / (name or f"{A}.ipynb")
    if raw is not None:
        path.write_bytes(raw)
    else:
        nbformat.write(nb, str(path))
    return d


def digest(path):
    h = hashlib.sha256()
    for p in sorted(path.rglob("*")) if path.is_dir() else [path]:
        if p.is_file():
            h.update(str(p.relative_to(path.parent)).encode() + p.read_bytes())
    return h.hexdigest()


def course_state(course):
    return {name: digest(course / name) for name in
            ("nbgrader_config.py", "source", f"submitted/honest/{A}")}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    course = tmp_path_factory.mktemp("hostile")
    scratch_course(course, [A])
    (course / "source" / A / "course_notes.txt").write_text("notes of the course\n")
    with open(course / "nbgrader_config.py", "a") as f:
        f.write(f"c.GuardedExecute.cpu_timeout = {CPU}\nc.Execute.timeout = {WALL}\n")
    # a first grading gives "corrupt" and "manual" scores; the re-grade must keep them
    write(course, "corrupt", master())
    write(course, "manual", master())
    first = {o.student: o for o in grade(course, [A], jobs=2, log=lambda *_: None)}
    assert first["corrupt"].score == FULL and first["manual"].score == FULL
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        g = gb.find_grade("test_xor_data", A, A, "manual")
        g.manual_score, g.extra_credit = 1.5, 0.5
        gb.find_comment("xor_data", A, A, "manual").manual_comment = "see me"
        gb.db.commit()
    for student, nb in hostile_class(course).items():
        write(course, student, nb)
    (course / "submitted" / "corrupt" / A / f"{A}.ipynb").write_text('{"cells": [ oops')
    write(course, "renamed", master(), name=f"{A}-Copy1.ipynb")
    d = write(course, "junk-beside", master())
    (d / ".up").symlink_to("..")
    os.mkfifo(d / "pipe")
    for i in range(20_000):
        (d / f"junk{i}.txt").write_text("x")
    big = nbformat.writes(master())
    write(course, "huge-notebook", None, raw=big[:-2].encode() + b', "padding": "'
          + b"z" * (210 * 2 ** 20) + b'"}')
    nb = master()
    cell(nb, "xor_data").outputs = [nbformat.v4.new_output("stream", text="o" * 30 * 2 ** 20)]
    write(course, "big-outputs", nb)
    before = course_state(course)
    printed = []
    t0 = time.perf_counter()
    outcomes = {o.student: o for o in grade(course, [A], jobs=2, log=printed.append)}
    took = time.perf_counter() - t0
    time.sleep(6)   # a detached process would have written by now
    return course, outcomes, printed[0], before, took


EXPECTED = {  # student: (score, words that must appear in one of its flags, or None for none)
    "honest": (FULL, None),
    "honest-warns": (FULL, None),
    "deleted-tests-honest": (FULL, None),
    "deleted-tests-cheat": (FULL - 3, None),
    "edited-tests": (FULL - 2, None),
    "tests-to-markdown": (FULL - 2, None),
    "solution-to-raw": (FULL, None),  # nbgrader turns it back into code: nothing lost
    "forged-metadata": (FULL, None),
    "junk-beside": (FULL, None),
    "big-outputs": (FULL, None),
    # interrupted at its CPU time, or (when the machine is so loaded that the loop gets too
    # little CPU) at the wall-clock limit
    "loop": (FULL - 2, ("s of CPU time", "wall-clock limit")),
    "stubborn-loop": (FULL - 2, "ignored the interrupt"),
    "sleeper": (FULL, "wall-clock limit"),
    "sys-exit": (FULL, "exits or kills the kernel"),
    "os-exit": (FULL - 2, "kernel died"),
    "kills-parent": (FULL, "kernel died"),
    "fork-bomb": (FULL, "ignored the interrupt"),
    "memory-hog": (FULL, None),
    "tmp-filler": (FULL, "writes, moves or deletes files"),
    "many-files": (FULL, "writes, moves or deletes files"),
    "detached": (FULL, "starts processes"),
    "huge-output": (FULL, None),
    "many-outputs": (FULL, None),
    "outputs-everywhere": (FULL, None),
    "rebinds-np": (FULL - 2, "'np' was rebound"),
    "patches-testing": (FULL - 2, "numpy.testing.assert_array_equal was replaced"),
    "swaps-code": (FULL - 2, "numpy.testing.assert_array_equal were swapped"),
    "obfuscated": (FULL - 2, "transform_cell was overridden"),
    "wraps-run-cell": (FULL - 2, "run_cell was"),
    "hijacks-transformers": (0, "input_transformers_post was modified"),
    "keeps-hijacking": (0, "a check that must fail did not fail"),
    "custom-exc": (0, "set_custom_exc"),
    "always-equal": (0, "defines __eq__"),
    "overwrites-file": (FULL, "open() for writing"),
    "reads-course": (FULL, None),
    "writes-course": (FULL, "open() for writing"),
    "renamed": (FULL, "submitted as"),
    "manual": (FULL, None),     # 2 - 2 (auto) + 1.5 (manual) + 0.5 (extra credit)
}
OUT_OF_TIME = {"loop", "stubborn-loop", "sleeper", "fork-bomb"}


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_each_student_gets_the_exact_outcome(hostile, student):
    _, outcomes, _, _, _ = hostile
    out = outcomes[student]
    score, flag = EXPECTED[student]
    assert out.error is None, f"{student} failed: {out.error}"
    assert out.score == score, f"{student}: expected {score}, got {out.score} (flags {out.flags})"
    if flag is None:
        assert not out.flags, f"{student} should not be flagged: {out.flags}"
    else:
        words = (flag,) if isinstance(flag, str) else flag
        assert any(w in f for f in out.flags for w in words), \
            f"{student}: no flag with {flag!r}: {out.flags}"
    assert out.timed_out == (student in OUT_OF_TIME), f"{student}: timed_out={out.timed_out}"


def test_flags_are_plain_words_one_line_per_family(hostile):
    _, outcomes, _, _, _ = hostile
    for out in outcomes.values():
        assert len(out.flags) == len(set(out.flags))
        for f in out.flags:
            assert "matched" not in f and "\\b" not in f and "(?" not in f, f"a regex in {f!r}"
            assert len(f) < 600, f"an overlong flag: {f[:200]}..."
    files = [f for f in outcomes["many-files"].flags if "files" in f]
    assert len(files) == 1, files


def test_refused_and_failed_submissions_keep_their_previous_grade(hostile):
    course, outcomes, printed, _, _ = hostile
    assert "not a readable notebook" in outcomes["corrupt"].error
    assert "refused" in outcomes["huge-notebook"].error and "MB" in outcomes["huge-notebook"].error
    assert "corrupt / 01_xor_encoding: 01_xor_encoding.ipynb is not a readable notebook" in printed
    from nbgrader.api import Gradebook, MissingEntry
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert gb.find_submission(A, "corrupt").score == FULL, "the previous grade is kept"
        with pytest.raises(MissingEntry):
            gb.find_submission(A, "huge-notebook")
        assert gb.find_submission(A, "honest").score == FULL
        assert gb.find_submission_notebook(A, A, "patches-testing").flagged
        assert not gb.find_submission_notebook(A, A, "honest").flagged
    grades = (course / "grades.csv").read_text()
    assert "honest" in grades and "patches-testing" in grades


def test_manual_grades_comments_and_extra_credit_survive_a_regrade(hostile):
    course, _, _, _, _ = hostile
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        g = gb.find_grade("test_xor_data", A, A, "manual")
        assert (g.manual_score, g.extra_credit, g.auto_score) == (1.5, 0.5, 2.0)
        assert g.needs_manual_grade, "as stock nbgrader does, a re-graded cell with a manual " \
                                     "grade is marked for review"
        assert gb.find_comment("xor_data", A, A, "manual").manual_comment == "see me"


def test_no_submission_reaches_the_course_or_its_classmates(hostile):
    course, outcomes, _, before, _ = hostile
    assert course_state(course) == before, "a course file or a classmate's submission changed"
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(A):
            for nb in sub.notebooks:
                assert all(g.manual_score in (None, 1.5) for g in nb.grades), \
                    f"{sub.student.id}: a manual score was written by someone"
    nb = read(course / "autograded" / "reads-course" / A / f"{A}.ipynb")
    text = nbformat.writes(nbformat.v4.new_notebook(cells=[nb.cells[-1]]))  # what it printed
    _, hidden = secret_lines(master())
    assert not [h for h in hidden if h in text], "the hidden tests were read from source/"
    for other in ("honest", "patches-testing", "manual", "corrupt"):
        assert f"'{other}'" not in text, f"the classmate {other} was seen"
    assert "No such file or directory" in text or "FileNotFoundError" in text


def test_nothing_a_kernel_started_outlives_it(hostile):
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert "sleep 7734.5" not in out, "a process started by a notebook survived the grading"
    assert "manual_score = 100" not in out


def test_summary_lists_flagged_failed_and_out_of_time_students_by_name(hostile):
    _, outcomes, printed, _, took = hostile
    assert "Flagged for review" in printed and "Failed (no new grade recorded" in printed
    assert "Ran out of time" in printed
    for student, (_, flag) in EXPECTED.items():
        if flag:
            assert f"  {student} / {A}:" in printed
    for student in OUT_OF_TIME:
        assert outcomes[student].retried, f"{student} should have been graded again alone"
    assert took < 900, f"the hostile class took {took:.0f} s"


def test_outputs_are_capped_in_bytes_per_cell_and_per_notebook(hostile):
    course, _, _, _, _ = hostile
    for student in ("huge-output", "many-outputs", "outputs-everywhere"):
        for step in ("autograded", "feedback"):
            for path in (course / step / student).rglob("*"):
                if path.is_file():
                    assert path.stat().st_size < 6_000_000, f"{path} is {path.stat().st_size} B"
    assert (course / "autograded" / "many-outputs" / A / f"{A}.ipynb").stat().st_size < 1_500_000


def test_only_the_notebook_and_feedback_are_copied_back(hostile):
    course, _, _, _, _ = hostile
    for student in ("junk-beside", "many-files"):
        for step, name in (("autograded", f"{A}.ipynb"), ("feedback", f"{A}.html")):
            assert sorted(p.name for p in (course / step / student / A).iterdir()) == [name]


def test_feedback_explains_failures_without_leaking_hidden_tests(hostile):
    course, _, _, _, _ = hostile
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


def test_a_notebook_printing_its_tests_cells_leaks_nothing_into_feedback(tmp_path):
    """The tests cells' source is sent into the kernel to run them: a notebook can capture and
    print it. The feedback filter removes every line that quotes a hidden test."""
    course = scratch_course(tmp_path / "c", [A])
    spy = append(master(), "xor_data", (   # re-installed at once whenever the grader removes it
        "import threading, time\n_seen, _shell = [], get_ipython()\n"
        "def _spy(lines):\n    _seen.append(''.join(lines))\n    return lines\n"
        "def _keep():\n    while True:\n"
        "        if _spy not in _shell.input_transformers_cleanup:\n"
        "            _shell.input_transformers_cleanup.insert(0, _spy)\n"
        "        time.sleep(0.0005)\n"
        "threading.Thread(target=_keep, daemon=True).start()"))
    spy = at_end(spy, "print('\\n'.join(_seen))")
    write(course, "spy", spy)
    (out,) = grade(course, [A], jobs=1, log=lambda *_: None)
    assert out.score == FULL
    _, hidden = secret_lines(master())
    text = html.unescape((course / "feedback" / "spy" / A / f"{A}.html").read_text())
    assert not [h for h in hidden if h in text]
    assert "a line of the hidden tests was removed here" in text


def test_killing_the_class_grader_leaves_every_grade_in_place(tmp_path):
    course = scratch_course(tmp_path / "c", [A])
    for s in ("ann", "bob", "cy"):
        write(course, s, master())
    grade(course, [A], jobs=2, log=lambda *_: None)
    for s in ("ann", "bob", "cy"):
        write(course, s, wrong())
    proc = subprocess.Popen([sys.executable, "-m", "nncourse", "grade", A, "--course",
                             str(course), "--jobs", "2"], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(12)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        got = {s: gb.find_submission(A, s).score for s in ("ann", "bob", "cy")}
    assert set(got.values()) <= {FULL, FULL - 2} and all(v is not None for v in got.values())
    assert sum(v == FULL for v in got.values()) >= 1, f"the kill came too late to test: {got}"
    for s in ("ann", "bob", "cy"):
        assert (course / "autograded" / s / A / f"{A}.ipynb").is_file()


def test_the_grader_refuses_without_a_sandbox_unless_told(tmp_path):
    course = scratch_course(tmp_path / "c", [A])
    write(course, "ann", master())
    env = dict(os.environ, PATH="/nonexistent")          # no bwrap to be found
    proc = subprocess.run([sys.executable, "-m", "nncourse", "grade", A, "--course", str(course)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert "Refusing to run untrusted notebooks without the sandbox" in proc.stderr
    assert "bubblewrap" in proc.stderr and "--unsafe-no-sandbox" in proc.stderr
    assert not (course / "autograded").exists()
