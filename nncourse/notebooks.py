"""Reading master notebooks: exercises, solution cells, hidden tests, and the %load files."""
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
# Anything that marks instructor-only text in nbgrader; none may reach a student-facing file.
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
           "BEGIN MARK SCHEME", "END MARK SCHEME")

HEADING = re.compile(
    r"^##\s+(?P<kind>Exercise|Question)\s+(?P<number>\d+\.\d+)\s+—\s+(?P<title>.+?)\s+"
    r"\((?P<points>\d+) points?\)\s*$", re.M)


def load_line(assignment, grade_id):
    return f"# %load ../../solutions/{assignment}/{grade_id}.py"


def nbmeta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def is_solution(cell):
    return cell.cell_type == "code" and nbmeta(cell).get("solution", False)


def is_tests(cell):
    meta = nbmeta(cell)
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution", False)


def is_answer(cell):
    """A written answer graded by hand: a markdown cell that is both solution and grade."""
    meta = nbmeta(cell)
    return cell.cell_type == "markdown" and meta.get("solution", False) and meta.get("grade", False)


@dataclass
class Exercise:
    number: str
    title: str
    points: int
    solutions: list = field(default_factory=list)  # solution cells
    tests: list = field(default_factory=list)      # tests cells
    kind: str = "Exercise"                         # or "Question": a written answer
    answers: list = field(default_factory=list)    # written-answer cells (markdown, by hand)

    @property
    def label(self):
        return f"{self.kind} {self.number} — {self.title} " \
               f"({self.points} point{'s' * (self.points != 1)})"

    @property
    def graded(self):
        """The cells that carry this item's points: tests cells or written-answer cells."""
        return self.tests + self.answers


def items(nb):
    """Exercises and questions of a master notebook in order, each with the graded cells under
    its heading (numbering is shared: Exercise 1.5 may be followed by Question 1.6)."""
    found, current = [], None
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not is_answer(cell):
            m = HEADING.search(cell.source)
            if m:
                current = Exercise(m["number"], m["title"], int(m["points"]), kind=m["kind"])
                found.append(current)
        elif is_solution(cell) or is_tests(cell) or is_answer(cell):
            if current is None:
                raise ValueError(f"cell {nbmeta(cell).get('grade_id')!r} comes before any "
                                 "'## Exercise N.M — title (P points)' heading")
            (current.solutions if is_solution(cell) else current.tests if is_tests(cell)
             else current.answers).append(cell)
    return found


def exercises(nb):
    """The exercises (autograded) of a master notebook in order."""
    return [it for it in items(nb) if it.kind == "Exercise"]


def questions(nb):
    """The written questions (graded by hand) of a master notebook in order."""
    return [it for it in items(nb) if it.kind == "Question"]


def regions(source, begin, end):
    """Lines inside begin/end marker pairs (markers excluded), as a list of lists."""
    out, inside = [], None
    for line in source.splitlines():
        if begin in line:
            inside = []
        elif end in line and inside is not None:
            out.append(inside)
            inside = None
        elif inside is not None:
            inside.append(line)
    return out


def outside(source, begin, end):
    """The lines of ``source`` outside begin/end marker pairs."""
    kept, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif not inside:
            kept.append(line)
    return kept


def solution_file_text(assignment, exercise, cell, source_path):
    """The %load file of a solution cell: the cell with the blanks filled, line for line.

    The first line of the cell (the ``# %load`` line itself) is left out: IPython's %load
    writes it back above the file's contents.
    """
    lines = cell.source.splitlines()
    gid = nbmeta(cell)["grade_id"]
    if not lines or lines[0] != load_line(assignment, gid):
        raise ValueError(f"{source_path}: solution cell {gid!r} must start with "
                         f"'{load_line(assignment, gid)}'")
    body = [ln for ln in lines[1:] if BEGIN_SOLUTION not in ln and END_SOLUTION not in ln]
    head = [f"# {exercise.label}, assignment {assignment}",
            f"# Generated from {source_path} by `python -m nncourse build`: edit the source, "
            "not this file."]
    return "\n".join(head + body) + "\n"


def read(path):
    return nbformat.read(str(path), as_version=4)


def source_path(root, assignment):
    return Path(root) / "source" / assignment / f"{assignment}.ipynb"


def release_path(root, assignment):
    return Path(root) / "release" / assignment / f"{assignment}.ipynb"


def solution_files(root, assignment):
    """{relative path under solutions/: text} for every solution cell of the master notebook."""
    rel = f"source/{assignment}/{assignment}.ipynb"
    nb = read(source_path(root, assignment))
    files = {}
    for ex in exercises(nb):
        for cell in ex.solutions:
            gid = nbmeta(cell)["grade_id"]
            files[f"{assignment}/{gid}.py"] = solution_file_text(assignment, ex, cell, rel)
    return files


def substitute_loads(nb, root):
    """A copy of a release notebook with each ``# %load <file>`` line replaced as IPython's %load
    does it: the line stays, commented, and the file's contents follow it."""
    nb = nbformat.from_dict(nb)
    base = Path(root) / "release" / "x"  # notebooks sit two levels under the root
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        first, _, _ = cell.source.partition("\n")
        m = re.fullmatch(r"# %load (\S+)", first)
        if m:
            path = (base / m[1]).resolve()
            cell.source = first + "\n" + path.read_text()
    return nb
