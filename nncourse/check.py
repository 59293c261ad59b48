"""``python -m nncourse check``: is everything generated from source/ in sync, and leak-free?

Fails, naming the file, when
- release/ or solutions/ differ from what source/ generates (stock nbgrader in a scratch course);
- a release or solution file holds a solution or hidden-test marker, a hidden-test line, or (in
  release/) a solution line;
- an image link in a notebook does not resolve to a file of the repository;
- a master notebook breaks the course's conventions (headings with points that add up, the
  %load line, one-line docstrings and hidden blocks in tests cells).
"""
import re
import tempfile
from pathlib import Path

import nbformat

from . import ROOT, assignments as all_assignments
from .grading import generate, scratch_course
from .notebooks import (BEGIN_HIDDEN, BEGIN_SOLUTION, END_HIDDEN, END_SOLUTION, MARKERS,
                        exercises, load_line, nbmeta, outside, read, regions, solution_files,
                        source_path)

IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|<img[^>]*\ssrc=\"([^\"]+)\"")
MIN_SECRET = 6  # shorter lines ("pass", "else:") say nothing about the answer


def _norm(line):
    return line.strip()


def secret_lines(nb):
    """(solution lines, hidden-test lines) of a master notebook that appear nowhere in its public
    text, so finding one in a student-facing file means it leaked."""
    public, sol, hidden = set(), set(), set()
    for cell in nb.cells:
        src = cell.source
        for block in regions(src, BEGIN_SOLUTION, END_SOLUTION):
            sol.update(map(_norm, block))
        for block in regions(src, BEGIN_HIDDEN, END_HIDDEN):
            hidden.update(map(_norm, block))
        pub = outside("\n".join(outside(src, BEGIN_SOLUTION, END_SOLUTION)), BEGIN_HIDDEN,
                      END_HIDDEN)
        public.update(map(_norm, pub))
    keep = lambda s: {ln for ln in s - public if len(ln) >= MIN_SECRET}  # noqa: E731
    return keep(sol), keep(hidden)


def structure_problems(root, assignment):
    rel = f"source/{assignment}/{assignment}.ipynb"
    nb = read(source_path(root, assignment))
    problems = []
    exs = exercises(nb)
    if not exs:
        problems.append(f"{rel}: no '## Exercise N.M — title (P points)' heading")
    ids = [nbmeta(c).get("grade_id") for c in nb.cells if nbmeta(c)]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"{rel}: grade_id {dup!r} is used twice")
    for ex in exs:
        got = sum(nbmeta(c).get("points", 0) for c in ex.tests)
        if got != ex.points:
            problems.append(f"{rel}: Exercise {ex.number} says {ex.points} points but its tests "
                            f"cells are worth {got}")
        if not ex.solutions or not ex.tests:
            problems.append(f"{rel}: Exercise {ex.number} needs a solution cell and a tests cell")
        for cell in ex.solutions:
            gid = nbmeta(cell)["grade_id"]
            if cell.source.splitlines()[:1] != [load_line(assignment, gid)]:
                problems.append(f"{rel}: solution cell {gid!r} must start with "
                                f"'{load_line(assignment, gid)}'")
            if BEGIN_SOLUTION not in cell.source:
                problems.append(f"{rel}: solution cell {gid!r} has no {BEGIN_SOLUTION} region")
        for cell in ex.tests:
            gid = nbmeta(cell)["grade_id"]
            first = cell.source.splitlines()[0] if cell.source else ""
            if not re.fullmatch(r'""".+"""', first):
                problems.append(f"{rel}: tests cell {gid!r} must open with a one-line docstring")
            if BEGIN_HIDDEN not in cell.source:
                problems.append(f"{rel}: tests cell {gid!r} has no hidden block")
            if not nbmeta(cell).get("locked"):
                problems.append(f"{rel}: tests cell {gid!r} must be locked (read-only)")
    return problems


def _first_difference(a, b):
    na, nb_ = nbformat.reads(a, as_version=4), nbformat.reads(b, as_version=4)
    if len(na.cells) != len(nb_.cells):
        return f"{len(na.cells)} cells instead of {len(nb_.cells)}"
    for i, (ca, cb) in enumerate(zip(na.cells, nb_.cells)):
        if ca != cb:
            return f"cell {i} ({nbmeta(cb).get('grade_id') or cb.get('id')}) differs"
    return "notebook metadata or formatting differs"


def drift_problems(root, assignment, scratch):
    problems = []
    generate(scratch, assignment)
    fresh_dir, repo_dir = Path(scratch) / "release" / assignment, Path(root) / "release" / assignment
    fresh = {p.relative_to(fresh_dir): p for p in fresh_dir.rglob("*") if p.is_file()}
    repo = {p.relative_to(repo_dir): p for p in repo_dir.rglob("*") if p.is_file()} \
        if repo_dir.exists() else {}
    for rel in sorted(set(fresh) | set(repo), key=str):
        name = f"release/{assignment}/{rel}"
        if rel not in repo:
            problems.append(f"{name}: missing (run `python -m nncourse build`)")
        elif rel not in fresh:
            problems.append(f"{name}: not generated from source/ (stale file)")
        elif fresh[rel].read_bytes() != repo[rel].read_bytes():
            why = (_first_difference(repo[rel].read_text(), fresh[rel].read_text())
                   if rel.suffix == ".ipynb" else "contents differ")
            problems.append(f"{name}: differs from what source/ generates: {why}")
    want = solution_files(root, assignment)
    sol_dir = Path(root) / "solutions" / assignment
    have = {f"{assignment}/{p.name}": p for p in sol_dir.glob("*")} if sol_dir.exists() else {}
    for rel in sorted(set(want) | set(have)):
        name = f"solutions/{rel}"
        if rel not in have:
            problems.append(f"{name}: missing (run `python -m nncourse build`)")
        elif rel not in want:
            problems.append(f"{name}: no solution cell generates it (stale file)")
        elif have[rel].read_text() != want[rel]:
            problems.append(f"{name}: differs from what source/ generates")
    return problems


def leak_problems(root, assignment):
    problems = []
    sol, hidden = secret_lines(read(source_path(root, assignment)))
    facing = [(p, sol | hidden) for p in (Path(root) / "release" / assignment).rglob("*")
              if p.is_file()]
    facing += [(p, hidden) for p in (Path(root) / "solutions" / assignment).glob("*")]
    for path, secrets in facing:
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        if path.suffix == ".ipynb":
            lines = [ln for c in nbformat.reads(text, as_version=4).cells
                     for ln in c.source.splitlines()]
        else:
            lines = text.splitlines()
        name = path.relative_to(root)
        for marker in MARKERS:
            if any(marker in ln for ln in lines):
                problems.append(f"{name}: holds the marker {marker!r}")
        for ln in lines:
            if _norm(ln) in secrets:
                kind = "hidden-test" if _norm(ln) in hidden else "solution"
                problems.append(f"{name}: holds a {kind} line: {_norm(ln)!r}")
    return problems


def image_problems(root, notebook):
    problems = []
    nb = read(notebook)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for m in IMAGE_LINK.finditer(cell.source):
            link = m[1] or m[2]
            target = (notebook.parent / link).resolve()
            if "://" in link or link.startswith("attachment:"):
                problems.append(f"{notebook.relative_to(root)}: image {link!r} is not a file of "
                                "the course (images must be drawn into images/)")
            elif not target.is_file():
                problems.append(f"{notebook.relative_to(root)}: image link {link!r} does not "
                                "resolve")
            elif Path(root).resolve() not in target.parents:
                problems.append(f"{notebook.relative_to(root)}: image {link!r} lies outside "
                                "the repository")
    return problems


def check(root=ROOT, assignments=None):
    """All problems found, as a list of messages that each start with the file at fault."""
    root = Path(root).resolve()
    assignments = assignments or all_assignments(root)
    problems = []
    with tempfile.TemporaryDirectory(prefix="nncourse-check-") as tmp:
        scratch = scratch_course(tmp, assignments, root)
        for a in assignments:
            problems += structure_problems(root, a)
            problems += drift_problems(root, a, scratch)
            problems += leak_problems(root, a)
            for nb in (source_path(root, a), Path(root) / "release" / a / f"{a}.ipynb"):
                if nb.exists():
                    problems += image_problems(root, nb)
    if (root / "tests" / "zoo").is_dir():
        from .zoo import table
        readme = root / "tests" / "zoo" / "README.md"
        if not readme.exists() or readme.read_text() != table(root):
            problems.append("tests/zoo/README.md: differs from the zoo (run `python -m nncourse "
                            "build`)")
    return problems
