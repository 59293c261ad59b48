"""The course as people use it, without a browser: what broke after ordinary use of JupyterLab,
the formgrader and the command line (issue 11), each with the test that failed before its fix.
The browser tests (tests/test_browser.py) show the same fixes on screen."""
import base64
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from nncourse import ROOT
from nncourse.check import check
from nncourse.classgrade import grade
from nncourse.grading import generate, nbgrader, scratch_course, submit
from nncourse.notebooks import nbmeta, read, release_path, source_path, substitute_loads
from nncourse.zoo import Bug, apply

from test_tooling import _copy_repo

A = "01_xor_encoding"
PY = sys.executable


def run(args, cwd=ROOT, timeout=900, **kw):
    return subprocess.run([PY, "-m", "nncourse", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, **kw)


# --- git never holds student data -------------------------------------------------------------

def test_student_data_and_grading_output_are_ignored_by_git():
    paths = ["grades.csv", "gradebook.db", "submitted/ann/01_xor_encoding/x.ipynb",
             "autograded/ann/01_xor_encoding/x.ipynb", "feedback/ann/01_xor_encoding/x.html",
             "reports/index.html", "reports/grading-failures.json", "exchange/nn/inbound/x",
             ".nbgrader.log", "test-artifacts/browser/x.png",
             "release/02_activations/.ipynb_checkpoints/x.ipynb",
             "release/05_digits_mnist/__pycache__/course_data.cpython-311.pyc"]
    proc = subprocess.run(["git", "check-ignore", "--no-index", *paths], cwd=ROOT,
                          capture_output=True, text=True)
    ignored = set(proc.stdout.split())
    assert ignored == set(paths), f"not ignored by git: {sorted(set(paths) - ignored)}"


# --- check after JupyterLab -------------------------------------------------------------------

def test_check_ignores_what_jupyterlab_writes_but_not_changed_cells(tmp_path):
    """Opening a release in JupyterLab writes .ipynb_checkpoints/, running A5 leaves
    __pycache__/, an autosave rewrites the notebook's metadata (language_info) and its JSON:
    none of that is drift. A changed cell, an added cell or saved outputs still are."""
    root = _copy_repo(tmp_path)
    nb_path = root / "release" / A / f"{A}.ipynb"
    for rel in (f"release/{A}/.ipynb_checkpoints/{A}-checkpoint.ipynb",
                f"solutions/{A}/.ipynb_checkpoints/xor_data-checkpoint.py",
                f"release/{A}/__pycache__/helper.cpython-311.pyc"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(nb_path.read_bytes() if rel.endswith(".ipynb") else b"\0x")
    nb = json.loads(nb_path.read_text())
    nb["metadata"]["language_info"] = {"codemirror_mode": {"name": "ipython", "version": 3},
                                       "name": "python", "version": "3.11.7"}
    nb["metadata"]["kernelspec"]["display_name"] = "Python 3 (course venv)"
    nb["cells"][2]["metadata"]["jupyter"] = {"source_hidden": False}
    nb_path.write_text(json.dumps(nb, indent=2))
    assert check(root, [A]) == []

    nb["cells"][2]["source"] = nb["cells"][2]["source"] + ["\n# changed by hand"]
    nb_path.write_text(json.dumps(nb, indent=2))
    problems = "\n".join(check(root, [A]))
    assert f"release/{A}/{A}.ipynb: differs from what source/ generates: cell 2" in problems

    nb["cells"][2]["source"] = nb["cells"][2]["source"][:-1]
    code = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
    nb["cells"][code]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "1\n"}]
    nb_path.write_text(json.dumps(nb, indent=2))
    assert "holds outputs (the notebook was run and saved)" in "\n".join(check(root, [A]))


# --- figures ------------------------------------------------------------------------------------

def test_release_figures_are_attachments_of_the_course_images():
    """Every figure of a release travels inside the notebook (it survives grading), and is
    byte for byte the file of images/ that source/ links."""
    link = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")
    for a in ("01_xor_encoding", "03_perceptron_backprop", "04_layered_mlp"):
        src_links = [m for c in read(source_path(ROOT, a)).cells if c.cell_type == "markdown"
                     for m in link.findall(c.source)]
        found = 0
        for cell in read(release_path(ROOT, a)).cells:
            for m in link.findall(cell.source) if cell.cell_type == "markdown" else []:
                assert m.startswith("attachment:"), f"{a}: {m} is a link, not an attachment"
                name = m[len("attachment:"):]
                data = base64.b64decode(cell.attachments[name]["image/png"])
                assert data == (ROOT / "images" / name).read_bytes()
                found += 1
        assert found == len(src_links) > 0


def test_check_flags_a_release_figure_that_is_a_link(tmp_path):
    root = _copy_repo(tmp_path)
    path = root / "release" / A / f"{A}.ipynb"
    nb = read(path)
    cell = next(c for c in nb.cells if "attachment:" in c.source)
    cell.source = re.sub(r"attachment:(\S+?)\)", r"../../images/\1)", cell.source)
    nbformat.write(nb, str(path))
    assert any("is a link, not an attachment" in p for p in check(root, [A]))


class _OtherLastBit:
    """A numpy function whose float results have another last bit, as on another processor."""

    def __init__(self, f):
        self.f = f

    def __call__(self, *args, **kw):
        import numpy as np
        out = self.f(*args, **kw)
        return np.nextafter(out, np.inf) if np.issubdtype(np.asarray(out).dtype,
                                                           np.floating) else out

    def __getattr__(self, name):
        return getattr(self.f, name)


def test_figures_are_the_same_picture_on_another_processor(monkeypatch, tmp_path):
    """`build` must not redraw images/ differently on another machine: the figures' data may
    not depend on the last bits of numpy's SIMD math (exp, power...), which differ between
    processors. Each figure's data is computed with such a numpy, then drawn as usual."""
    import matplotlib.pyplot as plt
    import numpy as np
    import numpy._core.numeric as numeric
    from nncourse.figures import STYLE, all_figures, draw_all, png_of, same_picture, trained
    slow = trained()
    assert slow, "the figures drawn from training runs are named in TRAINED"
    changed, redrawn = [], []
    images = tmp_path / "images"
    shutil.copytree(ROOT / "images", images)
    (tmp_path / "source").symlink_to(ROOT / "source")
    with monkeypatch.context() as m:
        for f in ("exp", "log", "tanh", "sin", "cos", "power", "expm1", "log1p", "sqrt"):
            m.setattr(np, f, _OtherLastBit(getattr(np, f)))
            if hasattr(numeric, f):
                m.setattr(numeric, f, _OtherLastBit(getattr(numeric, f)))
        for name, draw in sorted(all_figures().items()):
            if name in slow:
                continue
            with plt.rc_context(STYLE):
                fig = draw()
            if not same_picture((ROOT / "images" / name).read_bytes(), png_of(fig)):
                changed.append(name)
        # what build does with the figures from training runs: their inputs did not change
        m.setattr("nncourse.figures.render", lambda draw: redrawn.append(draw) or b"")
        written = draw_all(images, sorted(slow))
        assert not written and not redrawn, \
            f"build redrew figures from training runs whose inputs did not change: {written}"
        (images / "inputs.json").write_text("{}")      # a change of their inputs redraws them
        draw_all(images, sorted(slow)[:1])
        assert len(redrawn) == 1
    assert not changed, f"these figures depend on the processor: {changed}"


def test_build_keeps_a_figure_whose_pixels_did_not_change(tmp_path):
    """Another zlib compresses the same pixels to other bytes: the file is left alone."""
    from PIL import Image
    from nncourse.figures import draw_all
    name = "04_layer_graph.png"
    (tmp_path / name).write_bytes((ROOT / "images" / name).read_bytes())
    Image.open(tmp_path / name).save(tmp_path / name, compress_level=1)
    before = (tmp_path / name).read_bytes()
    assert before != (ROOT / "images" / name).read_bytes()
    draw_all(tmp_path, names={name})
    assert (tmp_path / name).read_bytes() == before


def test_live_graph_legend_leaves_the_curves_visible():
    """A5's live training graph: fastprogress puts its legend over the accuracy curves; the
    course's show_epoch moves it beside the plot."""
    from nncourse.kernel import Kernel
    master = read(source_path(ROOT, "05_digits_mnist"))
    show_epoch = next(c.source for c in master.cells
                      if nbmeta(c).get("grade_id") == "show_epoch")
    code = show_epoch + '''
import json, numpy as np, matplotlib.pyplot as plt
from fastprogress.fastprogress import master_bar
mb = master_bar(range(8)); mb.names = ["train_loss", "train_acc", "val_loss", "val_acc"]
h = {k: [] for k in mb.names}
for e in mb:
    h["train_loss"].append(0.9 * 0.6 ** e); h["val_loss"].append(0.95 * 0.62 ** e)
    h["train_acc"].append(1 - 0.4 * 0.5 ** e); h["val_acc"].append(0.99 - 0.4 * 0.5 ** e)
    show_epoch(mb, h, 8)
fig = mb.graph_fig
fig.canvas.draw()
box = mb.graph_ax.get_legend().get_window_extent()
hidden = sum(box.contains(*pt) for line in mb.graph_ax.get_lines()
             for pt in line.get_transform().transform(line.get_xydata()))
print(json.dumps(int(hidden)))
'''
    with Kernel(ROOT / "source" / "05_digits_mnist") as k:
        reply = k.run(code, timeout=120)
    assert reply.status == "ok", reply
    assert json.loads(reply.stdout.strip().splitlines()[-1]) == 0, \
        "the legend covers points of the curves"


# --- grading: a renamed notebook, warnings, math, what is exported -----------------------------

@pytest.fixture(scope="module")
def renamed_class(tmp_path_factory):
    """A course where every assignment is registered (as `build` does), bob submitted his
    finished notebook as 01_xor_encoding-Copy1.ipynb and cy edited a locked tests cell; graded
    by the class grader, with its progress bar."""
    course = scratch_course(tmp_path_factory.mktemp("renamed") / "c", [A, "02_activations"])
    generate(course, A)
    generate(course, "02_activations")
    done = substitute_loads(read(release_path(ROOT, A)), ROOT)
    d = course / "submitted" / "bob" / A
    d.mkdir(parents=True)
    nbformat.write(done, str(d / f"{A}-Copy1.ipynb"))
    edited = nbformat.from_dict(done)
    cell = next(c for c in edited.cells if nbmeta(c).get("grade_id") == "test_xor_data")
    cell.source += "\nprint('my own check')"
    submit(course, A, "cy", edited)
    (course / "submitted" / "dan" / "01_xor_encodin").mkdir(parents=True)   # a typo
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        lines = []
        outcomes = grade(course, [A], jobs=2, log=lines.append, progress=True)
    return course, {o.student: o for o in outcomes}, "\n".join(lines), err.getvalue()


def test_renamed_notebook_is_graded_under_its_name_and_flagged_with_the_reason(renamed_class):
    course, by, summary, progress = renamed_class
    bob = by["bob"]
    reason = f"the notebook was submitted as '{A}-Copy1.ipynb'; graded as {A}.ipynb"
    assert bob.error is None and bob.score == 11 and reason in bob.flags
    proper = course / "submitted" / "bob" / A / f"{A}.ipynb"
    assert proper.read_bytes() == (proper.parent / f"{A}-Copy1.ipynb").read_bytes()
    graded = read(course / "autograded" / "bob" / A / f"{A}.ipynb")
    assert reason in graded.cells[0].source, "the grading view does not say why"
    page = (course / "feedback" / "bob" / A / f"{A}.html").read_text()
    assert "submitted as" in page and "Copy1" in page, "the feedback does not say why"
    # what the formgrader's Autograde button runs: stock nbgrader, on the course's folders
    nbgrader(course, "autograde", A, "--student=bob", "--force")
    again = read(course / "autograded" / "bob" / A / f"{A}.ipynb")
    assert reason in again.cells[0].source
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert gb.find_submission(A, "bob").score == 13 - 2      # the question waits
    assert re.search(r"\[#+\] 2/2 graded", progress), progress


def test_grading_says_what_it_did_not_grade_and_exports_only_what_it_graded(renamed_class):
    course, by, summary, _ = renamed_class
    assert f"submitted/dan/01_xor_encodin/ (did you mean {A}?)" in summary, summary
    rows = (course / "grades.csv").read_text().splitlines()
    assert len(rows) == 1 + 2 and all(r.startswith(A) for r in rows[1:]), rows
    assert "02_activations" not in "".join(rows)


def test_no_config_or_checksum_warnings_and_an_edited_tests_cell_is_named(renamed_class):
    """Every feedback run warned "Config option 'display_data_priority' not recognized by
    'HideHiddenTests'", every autograde "Attribute 'checksum' for cell test_... has
    changed!" for every tests cell (nbgrader #1961)."""
    course = renamed_class[0]
    proc = nbgrader(course, "autograde", A, "--force")
    log = proc.stdout + proc.stderr
    assert "has changed!" not in log and "not recognized" not in log, log[-2000:]
    assert "Locked cell test_xor_data was changed in the submission" in log, log[-2000:]
    assert log.count("was changed in the submission") == 1, log[-2000:]
    proc = nbgrader(course, "generate_feedback", A, "--force")
    assert "not recognized" not in proc.stdout + proc.stderr, proc.stderr[-2000:]


def test_feedback_shows_math_as_mathml_and_figures_inside_the_page(renamed_class):
    course = renamed_class[0]
    page = (course / "feedback" / "bob" / A / f"{A}.html").read_text()
    assert page.count("<math") > 5 and "\\frac" not in page.split("</head>")[1]
    figures = re.findall(r'<img[^>]+src="([^"]+)"', page)
    assert len(figures) >= 4 and all(f.startswith("data:image/png;base64,") for f in figures)


def test_course_exchange_exists_so_no_banner():
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader
    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    api = NbGraderAPI(CourseDirectory(config=cfg), Authenticator(config=cfg), config=cfg)
    assert not api.exchange_missing, "the formgrader would show the exchange banner"


# --- the command line ---------------------------------------------------------------------------

COMMANDS = ["setup", "build", "check", "demo", "grade", "report"]


def test_helps_are_short_and_quick():
    for cmd in [[]] + [[c] for c in COMMANDS]:
        t0 = time.perf_counter()
        proc = run(cmd + ["--help"])
        took = time.perf_counter() - t0
        assert proc.returncode == 0, proc.stderr
        assert len(proc.stdout.splitlines()) <= 25, proc.stdout
        assert took < 6, f"python -m nncourse {' '.join(cmd)} --help took {took:.1f} s"


def test_a_misspelled_assignment_gets_one_line_with_the_valid_names():
    proc = run(["build", "02_activatons"])
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "did you mean 02_activations?" in lines[0], proc.stderr
    assert "01_xor_encoding" in lines[0] and "Traceback" not in proc.stderr


def test_runs_from_a_subfolder_and_says_where_to_run_from_elsewhere(tmp_path):
    proc = run(["check", "--help"], cwd=ROOT / "source")
    assert proc.returncode == 0, proc.stderr
    proc = run(["check"], cwd=tmp_path)
    assert proc.returncode == 2 and f"run it in the course folder {ROOT}" in proc.stderr, \
        proc.stderr


def test_grade_without_submissions_says_so_and_fails(tmp_path):
    course = scratch_course(tmp_path / "c", [A])
    (course / "submitted" / "ann" / "01_xor_encodng").mkdir(parents=True)
    proc = run(["grade", "--course", str(course)], timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "No submissions found" in proc.stdout
    assert f"submitted/ann/01_xor_encodng/ (did you mean {A}?)" in proc.stdout


def test_build_registers_the_assignment_and_fails_on_a_master_whose_tests_fail(tmp_path):
    """The edit loop (build, check, commit) let a master with a wrong visible test through;
    and a fresh clone's formgrader could not autograde until Generate was pressed."""
    root = _copy_repo(tmp_path)
    path = root / "source" / A / f"{A}.ipynb"
    nb = read(path)
    cell = next(c for c in nb.cells if nbmeta(c).get("grade_id") == "test_truth_table")
    first_assert = next(ln for ln in cell.source.splitlines() if ln.startswith("assert"))
    cell.source = cell.source.replace(first_assert, "assert 1 == 2, 'a wrong visible test'", 1)
    nbformat.write(nb, str(path))
    proc = run(["build", A], cwd=root)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert (f"source/{A}/{A}.ipynb: cell" in proc.stdout and "(test_truth_table) fails on the "
            "master: AssertionError: a wrong visible test" in proc.stdout), proc.stdout
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        assert [a.name for a in gb.assignments] == [A]


def test_demo_runs_in_a_scratch_course(tmp_path):
    """The demo's students never reach the course's gradebook, submitted/ or grades.csv."""
    root = _copy_repo(tmp_path)
    proc = run(["demo", A], cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "demo: OK" in proc.stdout and "scratch course" in proc.stdout
    for left in ("gradebook.db", "submitted", "autograded/demo-master", "grades.csv"):
        assert not (root / left).exists(), f"the demo left {left} in the course"


def test_progress_bar_prints_steps_in_a_log():
    from nncourse.progress import Progress
    out = io.StringIO()
    with Progress(3, "done", stream=out) as bar:
        for _ in range(3):
            bar.step()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("[....") and "0/3 done" in lines[0]
    assert lines[-1].startswith("[###") and "3/3 done" in lines[-1]


def test_the_sandbox_never_binds_the_course_through_the_course_tools_install():
    """`pip install -e .` must not put the course folder on a clean interpreter's sys.path: the
    sandbox binds those folders into every student kernel."""
    from nncourse.sandbox import python_paths
    for p in python_paths():
        assert Path(p) != ROOT and Path(p) not in ROOT.parents, \
            f"the sandbox would show {p}, which holds the course"
