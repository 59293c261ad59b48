"""``python -m nncourse build``: regenerate release/, solutions/ and images/ from source/."""
import shutil
import tempfile
from pathlib import Path

from . import ROOT, assignments as all_assignments
from .figures import draw_all
from .grading import generate
from .notebooks import solution_files
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


def build(root=ROOT, assignments=None, log=print, gradebook=False):
    """Regenerate; the course's gradebook.db is only written with ``gradebook=True`` (the demo),
    so builds of different assignments can run side by side."""
    root = Path(root)
    with tempfile.TemporaryDirectory(prefix="nncourse-build-") as tmp:
        for a in assignments or all_assignments(root):
            # stock `nbgrader generate_assignment <a> --force`
            generate(root, a, db=None if gradebook else Path(tmp) / "gradebook.db")
            made = write_solutions(root, a)
            log(f"built {a}: release/{a}/, {len(made)} solution files")
    (root / "tests" / "zoo" / "README.md").write_text(zoo_table(root))
    images = draw_all(root / "images")
    log(f"drew {len(images)} images into images/")
