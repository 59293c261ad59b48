"""The course's own tooling: nbgrader_config.py, the check command and the stderr policy."""
import shutil
import subprocess
import sys

import nbformat
import pytest
from traitlets.config.loader import PyFileConfigLoader

from nncourse import ROOT
from nncourse.check import check
from nncourse.grading import grade_class, total
from nncourse.notebooks import read, source_path

from conftest import _warning_student

A = "01_xor_encoding"


def test_config_is_portable_and_sets_the_course_rules():
    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    assert cfg.CourseDirectory.root == str(ROOT)
    assert cfg.CourseDirectory.course_id == "nn-from-scratch"
    assert cfg.GuardedExecute.cpu_timeout == 60 and cfg.Execute.timeout == 600
    assert cfg.OverwriteCells.add_missing_cells is True
    stub = cfg.ClearSolutions.code_stub["python"]
    assert "YOUR CODE HERE" in stub and "raise NotImplementedError" in stub
    names = [p.__name__ for p in cfg.Autograde.autograde_preprocessors]
    assert names[names.index("GuardedExecute"):][:3] == ["GuardedExecute", "StderrToStdout", "CapOutput"]
    assert "Execute" not in names
    assert "SaveAutoGrades" in names[names.index("StderrToStdout"):]
    assert cfg.Autograde.sanitize_preprocessors[0].__name__ == "DropForgedMetadata"
    assert [p.__name__ for p in cfg.GenerateAssignment.preprocessors].count(
        "ClearSolutionsKeepRunnable") == 1


def test_check_passes_on_the_repository():
    assert check() == []


def test_check_command_exits_nonzero_on_a_problem(tmp_path):
    root = _copy_repo(tmp_path)
    (root / "solutions" / A / "stale.py").write_text("x = 1\n")
    proc = subprocess.run([sys.executable, "-m", "nncourse", "check", A], cwd=root,
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"solutions/{A}/stale.py: no solution cell generates it" in proc.stdout


def _copy_repo(tmp_path):
    root = tmp_path / "repo"
    for name in ("nncourse", "images", "nbgrader_config.py", f"source/{A}", f"release/{A}",
                 f"solutions/{A}"):
        src, dst = ROOT / name, root / name
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dst)
    return root


def test_check_names_each_file_that_drifts_leaks_or_links_nowhere(tmp_path):
    root = _copy_repo(tmp_path)
    rel_nb = root / "release" / A / f"{A}.ipynb"
    nb = nbformat.read(rel_nb, as_version=4)
    nb.cells[0].source += "\nedited by hand"
    hidden = next(c for c in read(source_path(ROOT, A)).cells if "BEGIN HIDDEN" in c.source)
    hidden_line = hidden.source.split("### BEGIN HIDDEN TESTS\n")[1].splitlines()[1]
    nb.cells[2].source += "\n" + hidden_line
    nbformat.write(nb, rel_nb)
    sol = root / "solutions" / A / "xor_data.py"
    sol.write_text(sol.read_text() + "### BEGIN SOLUTION\n")
    (root / "solutions" / A / "stale.py").write_text("x = 1\n")
    src_nb = root / "source" / A / f"{A}.ipynb"
    master = nbformat.read(src_nb, as_version=4)
    cell = next(c for c in master.cells if "01_gates_separability.png" in c.source)
    cell.source = cell.source.replace("01_gates_separability.png", "missing.png")
    nbformat.write(master, src_nb)

    problems = "\n".join(check(root, [A]))
    for expected in (
        f"release/{A}/{A}.ipynb: differs from what source/ generates",
        f"release/{A}/{A}.ipynb: holds a hidden-test line: {hidden_line.strip()!r}",
        f"solutions/{A}/xor_data.py: holds the marker 'BEGIN SOLUTION'",
        f"solutions/{A}/xor_data.py: differs from what source/ generates",
        f"solutions/{A}/stale.py: no solution cell generates it",
        f"source/{A}/{A}.ipynb: image link '../../images/missing.png' does not resolve",
    ):
        assert expected in problems, f"missing {expected!r} in:\n{problems}"


def test_release_solution_line_is_a_leak(tmp_path):
    root = _copy_repo(tmp_path)
    rel_nb = root / "release" / A / f"{A}.ipynb"
    nb = nbformat.read(rel_nb, as_version=4)
    line = "    bits = (np.arange(2 ** n_inputs)[:, None] >> shifts) & 1"
    nb.cells[-1].source += "\n" + line
    nbformat.write(nb, rel_nb)
    problems = check(root, [A])
    assert f"release/{A}/{A}.ipynb: holds a solution line: {line.strip()!r}" in problems


def test_stock_nbgrader_would_fail_the_warning_student(tmp_path):
    """Without the course's StderrToStdout step, stock nbgrader scores a correct solution that
    warns 0 on the tests cell where the warning appears: the preprocessor is what saves it."""
    course = tmp_path / "stock"
    master = read(source_path(ROOT, A))
    scores, _ = grade_class(course, A, {"warns": _warning_student(master)})
    # turn the hardening off for a second run in the same scratch course
    cfg = course / "nbgrader_config.py"
    cfg.write_text(cfg.read_text() + (
        "from nbgrader.converters.autograde import Autograde\n"
        "c.Autograde.autograde_preprocessors = "
        "Autograde.class_traits()['autograde_preprocessors'].default()\n"))
    from nncourse.grading import autograde, scores as read_scores
    autograde(course, A)
    stock = read_scores(course, A)
    got, out_of = total(scores["warns"])
    assert got == out_of
    stock_got, _ = total(stock["warns"])
    assert stock_got < out_of, "stock nbgrader should have failed the warning tests cell"
