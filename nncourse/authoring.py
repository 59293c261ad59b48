"""Cell constructors for writing a master notebook with nbgrader metadata from a script.

The notebooks in source/ are the source of truth; these helpers only make writing a new one (or
rewriting one wholesale) less error-prone:

    nb = notebook([md("# Title"), solution("sigmoid", "02_activations", src), tests(...)])
    write(nb, "source/02_activations/02_activations.ipynb")
"""
import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

_counter = {"md": 0, "code": 0}


def _meta(grade_id, *, solution=False, grade=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def md(text, cell_id=None):
    """A plain markdown cell."""
    _counter["md"] += 1
    cell = new_markdown_cell(text.strip("\n"))
    cell.id = cell_id or f"md-{_counter['md']}"
    return cell


def code(src, cell_id=None):
    """A plain code cell the student may run and edit freely (not graded)."""
    _counter["code"] += 1
    cell = new_code_cell(src.strip("\n"))
    cell.id = cell_id or f"code-{_counter['code']}"
    return cell


def readonly(grade_id, src):
    """A locked code cell (setup, imports): restored from the source at autograde time."""
    cell = new_code_cell(src.strip("\n"), metadata=_meta(grade_id, locked=True))
    cell.id = grade_id
    return cell


def solution(grade_id, assignment, src):
    """An autograded-answer cell: ``src`` holds ``### BEGIN SOLUTION``/``### END SOLUTION``.

    The first line ``# %load ../../solutions/<assignment>/<grade_id>.py`` is added here.
    """
    load = f"# %load ../../solutions/{assignment}/{grade_id}.py"
    cell = new_code_cell(load + "\n" + src.strip("\n"), metadata=_meta(grade_id, solution=True))
    cell.id = grade_id
    return cell


def tests(grade_id, points, src):
    """A locked tests cell worth ``points``: a one-line docstring, visible asserts, then a
    ``### BEGIN HIDDEN TESTS``/``### END HIDDEN TESTS`` block on fresh data."""
    cell = new_code_cell(src.strip("\n"),
                         metadata=_meta(grade_id, grade=True, locked=True, points=points))
    cell.id = grade_id
    return cell


def notebook(cells):
    nb = new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


def write(nb, path):
    nbformat.validate(nb)
    ids = [c.id for c in nb.cells]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise ValueError(f"duplicate cell ids: {sorted(dup)}")
    for cell in nb.cells:
        if re.search(r"\s+$", cell.source):
            cell.source = cell.source.rstrip()
    nbformat.write(nb, str(path))


def question(grade_id, points, model, rubric):
    """A written answer graded by hand: a markdown answer cell worth ``points`` whose model
    answer and rubric sit in a solution region (the release shows "YOUR ANSWER HERE")."""
    src = (f"### BEGIN SOLUTION\n**Model answer.** {model.strip()}\n\n"
           f"**Rubric ({points} point{'s' * (points != 1)}).**\n{rubric.strip()}\n### END SOLUTION")
    cell = new_markdown_cell(src, metadata=_meta(grade_id, solution=True, grade=True,
                                                 points=points))
    cell.id = grade_id
    return cell
