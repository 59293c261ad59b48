"""Every release notebook in a real kernel, cell by cell, as JupyterLab runs it.

- Untouched, it runs top to bottom: no cell but a tests cell raises, and a tests cell fails only
  with the stub's NotImplementedError or an assert (never a NameError, KeyError or TypeError).
- The self-learner's path: in every solution cell whose ``# %load`` line is uncommented, the
  kernel replies ``ok`` (JupyterLab and Notebook 7 apply the payload only then) with one
  set_next_input payload that replaces the cell by the solution file; the replaced cell then
  runs, and so does every tests cell after it.
"""
import re
import shutil

import pytest

from nncourse import ROOT
from nncourse.kernel import Kernel
from nncourse.notebooks import is_solution, is_tests, read, release_path

from conftest import ASSIGNMENTS

LOAD = re.compile(r"# (%load (\S+))")


def _course_copy(tmp_path, assignment):
    for part in ("release", "solutions"):
        shutil.copytree(ROOT / part / assignment, tmp_path / part / assignment)
    return tmp_path / "release" / assignment


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_runs_top_to_bottom(tmp_path, assignment):
    nb = read(release_path(ROOT, assignment))
    problems = []
    with Kernel(_course_copy(tmp_path, assignment)) as k:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            reply = k.run(cell.source)
            if reply.status == "ok":
                continue
            if is_tests(cell) and reply.ename in ("NotImplementedError", "AssertionError"):
                continue
            problems.append(f"cell {i} ({cell.metadata.get('nbgrader', {}).get('grade_id', '')}"
                            f"): {reply}")
    assert not problems, f"the untouched release of {assignment} breaks in: {problems}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_load_replaces_every_solution_cell_in_a_real_kernel(tmp_path, assignment):
    nb = read(release_path(ROOT, assignment))
    folder = _course_copy(tmp_path, assignment)
    problems, loaded = [], 0
    with Kernel(folder) as k:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            source = cell.source
            if is_solution(cell):
                first, _, rest = source.partition("\n")
                m = LOAD.fullmatch(first)
                assert m, f"{assignment} cell {i}: a solution cell must start with '# %load'"
                reply = k.run(m[1] + "\n" + rest)        # the student uncomments the line
                if reply.status != "ok":
                    problems.append(f"cell {i}: with %load uncommented the kernel replies "
                                    f"{reply}, so JupyterLab does not replace the cell")
                    continue
                want = f"# {m[1]}\n" + (folder / m[2]).read_text()
                sets = [p for p in reply.payload if p.get("source") == "set_next_input"]
                if len(sets) != 1 or not sets[0].get("replace") or sets[0]["text"] != want:
                    problems.append(f"cell {i}: expected one replacing set_next_input payload "
                                    f"with the file {m[2]}, got {reply.payload}")
                    continue
                source = sets[0]["text"]                 # the cell as the frontend shows it
                loaded += 1
            reply = k.run(source)                        # run it (again, after a %load)
            if reply.status != "ok":
                problems.append(f"cell {i} ({cell.metadata.get('nbgrader', {}).get('grade_id', '')}"
                                f"): {reply}")
    assert loaded == sum(map(is_solution, nb.cells))
    assert not problems, f"{assignment}: {problems}"
