"""``python -m nncourse build``: regenerate release/, solutions/ and images/ from source/,
register the assignments in the course's gradebook (so the formgrader can autograde them), then
run each master notebook top to bottom in a real kernel: a tests cell that fails on the master
(a wrong visible test, an answer that no longer passes) fails the build, naming the cell."""
import contextlib
import fcntl
import os
import shutil
import sys
import tempfile
from pathlib import Path

from . import ROOT, assignments as all_assignments
from .figures import all_figures, draw_all
from .grading import generate
from .notebooks import nbmeta, read, solution_files, source_path
from .zoo import table as zoo_table


def write_solutions(root, assignment):
    """Write solutions/<assignment>/<grade_id>.py, removing files no solution cell makes any more."""
    out = Path(root) / "solutions" / assignment
    files = solution_files(root, assignment)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for rel, text in files.items():
        (Path(root) / "solutions" / rel).write_text(text)
    return sorted(files)


@contextlib.contextmanager
def gradebook_lock(root):
    """Builds of several assignments may run side by side: one writes the gradebook at a time."""
    with open(Path(root) / ".nncourse-build.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def run_master(root, assignment, progress=True):
    """Run the master notebook top to bottom in a fresh kernel, in a scratch copy of its folder
    (it writes nothing into source/); returns one message per cell that raised."""
    from nbclient import NotebookClient
    from .progress import Progress, null
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    nb = read(source_path(root, assignment))
    rel = f"source/{assignment}/{assignment}.ipynb"
    code = sum(c.cell_type == "code" for c in nb.cells)
    with tempfile.TemporaryDirectory(prefix="nncourse-master-") as tmp:
        work = Path(tmp) / assignment
        shutil.copytree(Path(root) / "source" / assignment, work,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        bar = Progress(code, f"cells of {rel} run") if progress else null()
        with bar:
            client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                                    resources={"metadata": {"path": str(work)}},
                                    on_cell_executed=lambda **_: progress and bar.step())
            client.execute()
    problems = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                gid = nbmeta(cell).get("grade_id")
                first = (str(out.evalue).strip().splitlines() or [""])[0][:300]
                problems.append(f"{rel}: cell {i}" + (f" ({gid})" if gid else "")
                                + f" fails on the master: {out.ename}: {first}")
    return problems


def build(root=ROOT, assignments=None, log=print, run=True, gradebook=True):
    """Regenerate, register in the course's gradebook.db (``gradebook=False``: a throw-away
    one), draw the figures, and (``run``) run the masters. True when every master ran clean."""
    root = Path(root)
    assignments = assignments or all_assignments(root)
    # the figures first: generate embeds them into the releases
    numbers = {a.split("_")[0] for a in assignments}
    images = draw_all(root / "images", [n for n in all_figures() if n.split("_")[0] in numbers])
    log(f"images/: {len(images)} figure(s) redrawn, the others unchanged")
    with tempfile.TemporaryDirectory(prefix="nncourse-build-") as tmp:
        for a in assignments:
            # stock `nbgrader generate_assignment <a> --force`, which also registers it
            if gradebook:
                with gradebook_lock(root):
                    generate(root, a)
            else:
                generate(root, a, db=Path(tmp) / "gradebook.db")
            made = write_solutions(root, a)
            log(f"built {a}: release/{a}/, {len(made)} solution files"
                + (", registered in gradebook.db" if gradebook else ""))
    if (root / "tests" / "zoo").is_dir():
        (root / "tests" / "zoo" / "README.md").write_text(zoo_table(root))
    if not run:
        return True
    problems = []
    for a in assignments:
        found = run_master(root, a, progress=sys.stderr.isatty())
        log(f"ran source/{a}/{a}.ipynb top to bottom: "
            + (f"{len(found)} cell(s) FAILED" if found else "every cell ran"))
        problems += found
    for p in problems:
        log(p)
    return not problems
