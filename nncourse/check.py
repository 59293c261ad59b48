"""``python -m nncourse check``: is everything generated from source/ in sync, and leak-free?

Fails, naming the file, when
- release/ or solutions/ differ from what source/ generates (stock nbgrader in a scratch course);
- a release or solution file holds a solution or hidden-test marker, a hidden-test line, or (in
  release/) a solution line;
- an image link in a notebook does not resolve to a file of the repository;
- a master notebook breaks the course's conventions (headings with points that add up, the
  %load line, one-line docstrings and hidden blocks in tests cells, written answers with a model
  answer and a rubric in a solution region);
- a release or solution file holds a line of a written answer's model answer or rubric.
"""
import re
import tempfile
from pathlib import Path

import nbformat

from . import ROOT, assignments as all_assignments
from .grading import generate, scratch_course
from .notebooks import (BEGIN_HIDDEN, BEGIN_SOLUTION, END_HIDDEN, END_SOLUTION, MARKERS,
                        is_answer, items, load_line, nbmeta, outside, read, regions,
                        solution_files, source_path)

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


def answer_lines(nb):
    """The lines of the written answers' model answers and rubrics (the solution regions of
    markdown answer cells) that appear nowhere in the master's public text: none may reach
    release/, solutions/ or a feedback file."""
    sol, _ = secret_lines(nb)
    mine = {_norm(ln) for cell in nb.cells if is_answer(cell)
            for block in regions(cell.source, BEGIN_SOLUTION, END_SOLUTION) for ln in block}
    return sol & mine


MODEL, RUBRIC = "**Model answer.**", "**Rubric"


def _question_problems(rel, q):
    problems = []
    if q.solutions or q.tests:
        problems.append(f"{rel}: Question {q.number} is answered in words: it takes a markdown "
                        "answer cell (authoring.question), not solution or tests cells")
    if not q.answers:
        problems.append(f"{rel}: Question {q.number} needs a markdown answer cell "
                        "(authoring.question) under its heading")
    got = sum(nbmeta(c).get("points", 0) for c in q.answers)
    if got != q.points:
        problems.append(f"{rel}: Question {q.number} says {q.points} points but its answer "
                        f"cells are worth {got}")
    for cell in q.answers:
        gid = nbmeta(cell).get("grade_id", "")
        if not gid.startswith("q_"):
            problems.append(f"{rel}: answer cell {gid!r} of Question {q.number}: its grade_id "
                            "must start with 'q_'")
        blocks = regions(cell.source, BEGIN_SOLUTION, END_SOLUTION)
        text = "\n".join("\n".join(b) for b in blocks)
        if not blocks:
            problems.append(f"{rel}: answer cell {gid!r} has no {BEGIN_SOLUTION} region")
        for what, mark in (("a model answer", MODEL), ("a rubric", RUBRIC)):
            if blocks and mark not in text:
                problems.append(f"{rel}: answer cell {gid!r} needs {what} ({mark}...) inside "
                                "its solution region")
    return problems


def structure_problems(root, assignment):
    rel = f"source/{assignment}/{assignment}.ipynb"
    nb = read(source_path(root, assignment))
    problems = []
    try:
        found = items(nb)
    except ValueError as e:
        return [f"{rel}: {e}"]
    exs = [it for it in found if it.kind == "Exercise"]
    if not exs:
        problems.append(f"{rel}: no '## Exercise N.M — title (P points)' heading")
    ids = [nbmeta(c).get("grade_id") for c in nb.cells if nbmeta(c)]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"{rel}: grade_id {dup!r} is used twice")
    numbers = [it.number for it in found]
    for dup in sorted({n for n in numbers if numbers.count(n) > 1}):
        problems.append(f"{rel}: number {dup} is used by two headings (exercises and questions "
                        "share one numbering)")
    for it in found:
        if it.kind == "Question":
            problems += _question_problems(rel, it)
    for ex in exs:
        if ex.answers:
            problems.append(f"{rel}: Exercise {ex.number} holds a written-answer cell: give it "
                            "a '## Question N.M — title (P points)' heading of its own")
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


def _text_lines(path):
    try:
        return path.read_text().splitlines()
    except (UnicodeDecodeError, OSError):
        return []


def leak_problems(root, assignment):
    problems = []
    master = read(source_path(root, assignment))
    sol, hidden = secret_lines(master)
    answers = answer_lines(master)
    # lines of the files the assignment gives students (nn.py: Assignment 4's answers, given
    # from Assignment 5 on) are public, wherever else they appear
    given = {_norm(ln) for p in (Path(root) / "source" / assignment).rglob("*")
             if p.is_file() and p.suffix != ".ipynb" and "__pycache__" not in p.parts
             for ln in _text_lines(p)}
    sol, hidden = sol - given, hidden - given
    facing = [(p, sol | hidden) for p in (Path(root) / "release" / assignment).rglob("*")
              if p.is_file()]
    facing += [(p, hidden | answers) for p in (Path(root) / "solutions" / assignment).glob("*")]
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
            quoted = [a for a in answers if len(a) >= 20 and a in ln]  # prose, in a comment too
            if quoted and _norm(ln) not in secrets:
                problems.append(f"{name}: holds a written-answer (model answer or rubric) "
                                f"line: {quoted[0]!r}")
            if _norm(ln) in secrets:
                kind = "hidden-test" if _norm(ln) in hidden else \
                    "written-answer (model answer or rubric)" if _norm(ln) in answers else \
                    "solution"
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
