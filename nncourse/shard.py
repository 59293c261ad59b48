"""One shard of the class grader, run as a Dask task on a worker (``python -m nncourse grade``).

Everything the task needs comes in as data and everything it produces goes back as data, so no
filesystem is shared between the driver and the workers: in, the course's nbgrader configuration
(resolved by the driver), the assignment's source folder (master notebook and given files), its
definition from the course's gradebook (cells, points, checksums) and the shard's submissions;
out, per student, the autograded notebook, the feedback page and the rows of grades and comments.

On the worker the task builds a scratch course in the worker's own directory, with its own sqlite
gradebook, and runs stock ``nbgrader autograde`` and ``generate_feedback`` there in a subprocess
with a time limit and a log file; every kernel runs in the sandbox (``nncourse/sandbox.py``).
The task never touches the course's gradebook: only the driver writes it.

It logs a Dask event when it starts and when it ends, so the driver can tell a task that Dask
re-ran after its worker was lost.
"""
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EVENT = "nncourse-grade"

SCRATCH_CONFIG = '''\
"""A scratch course of the class grader on a Dask worker: the course's nbgrader configuration,
resolved by the driver and sent as data, with this folder as root and its own sqlite gradebook
(the course's gradebook is written by the driver only)."""
import os
import pickle

from traitlets.config import Config

c = get_config()  # noqa: F821
HERE = os.path.dirname(os.path.abspath(__file__))
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")    # one BLAS thread per kernel, as the course's config sets
with open(os.path.join(HERE, "course_config.pickle"), "rb") as f:
    c.merge(Config(pickle.load(f)))
c.CourseDirectory.root = HERE
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(HERE, "gradebook.db")
'''


def code_version():
    """A digest of the course's code (every .py file of the nncourse package): the driver and
    every worker must run the same grader."""
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent
    for p in sorted(pkg.rglob("*.py")):
        h.update(str(p.relative_to(pkg)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def worker_check(version, unsafe):
    """Run on every worker before anything is graded: None, or what is wrong with it."""
    if version != code_version():
        return (f"it runs another version of the course's code (nncourse {code_version()}, the "
                f"driver runs {version}): install the same commit on every machine")
    if not unsafe:
        from .sandbox import check_available
        why = check_available()
        if why:
            return f"the grading sandbox cannot start there: {why}"
    return None


# ------------------------------------------------------------------------------------------
# subprocesses with a time limit and a log file


def _die_with_parent():
    """In the child: SIGKILL when the grader dies (a killed grader or worker leaves no orphans)."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def run_logged(cmd, cwd, log, timeout, env=None):
    """Run ``cmd`` with its output in the file ``log`` (no pipe a child could hold open),
    killing its whole process group after ``timeout`` seconds; returns (exit code or None on
    timeout, the log's text)."""
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True, env=env,
                                preexec_fn=_die_with_parent)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = None
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)     # nothing it started survives it
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait()
    return code, Path(log).read_text(errors="replace")


def nbgrader_cmd(*args):
    return [sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"]


# ------------------------------------------------------------------------------------------
# the assignment's definition (what `nbgrader generate_assignment` put in the gradebook)


def definition(gb, assignment):
    """The assignment's definition in gradebook ``gb``, as data."""
    a = gb.find_assignment(assignment)
    return {"name": a.name, "duedate": a.duedate, "course_id": a.course_id, "notebooks": [
        {"name": nb.name, "kernelspec": nb.kernelspec,
         "grade_cells": [{"name": c.name, "max_score": c.max_score, "cell_type": c.cell_type}
                         for c in nb.grade_cells],
         "solution_cells": [c.name for c in nb.solution_cells],
         "task_cells": [{"name": c.name, "max_score": c.max_score, "cell_type": c.cell_type}
                        for c in nb.task_cells],
         "source_cells": [{"name": c.name, "cell_type": c.cell_type, "locked": c.locked,
                           "source": c.source, "checksum": c.checksum}
                          for c in nb.source_cells]}
        for nb in a.notebooks]}


def write_definition(url, d):
    """Put definition ``d`` into the (new) gradebook at ``url`` with nbgrader's API."""
    from nbgrader.api import Gradebook
    a = d["name"]
    with Gradebook(url, course_id=d["course_id"]) as gb:
        gb.add_assignment(a, duedate=d["duedate"], course_id=d["course_id"])
        for nb in d["notebooks"]:
            gb.add_notebook(nb["name"], a, kernelspec=nb["kernelspec"])
            for c in nb["grade_cells"]:
                gb.add_grade_cell(c["name"], nb["name"], a, max_score=c["max_score"],
                                  cell_type=c["cell_type"])
            for name in nb["solution_cells"]:
                gb.add_solution_cell(name, nb["name"], a)
            for c in nb["task_cells"]:
                gb.add_task_cell(c["name"], nb["name"], a, max_score=c["max_score"],
                                 cell_type=c["cell_type"])
            for c in nb["source_cells"]:
                gb.add_source_cell(c["name"], nb["name"], a, cell_type=c["cell_type"],
                                   locked=c["locked"], source=c["source"], checksum=c["checksum"])


def rows(gb, assignment, student):
    """The autograder's rows of one submission: timestamp, and per notebook the automatic score
    of every grade and the automatic comment of every comment."""
    sub = gb.find_submission(assignment, student)
    return {"timestamp": sub.timestamp, "notebooks": {
        nb.name: {"grades": {g.name: g.auto_score for g in nb.grades},
                  "comments": {c.name: c.auto_comment for c in nb.comments}}
        for nb in sub.notebooks}}


# ------------------------------------------------------------------------------------------
# the task


def _log_event(what, task, **extra):
    try:
        from distributed import get_worker
        w = get_worker()
    except (ImportError, ValueError):
        return None
    w.log_event(EVENT, {"run": task["run"], "key": task["key"], "what": what,
                        "worker": w.address, **extra})
    return w


def _regular_text(path):
    import stat
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        return Path(path).read_bytes()
    except OSError:
        return None


def grade_shard(task):
    """Grade one shard; ``task`` is a dict (see ``classgrade``), the result is a dict."""
    worker = _log_event("start", task)
    try:
        result = _grade(task, worker)
    except BaseException as e:
        _log_event("error", task, error=f"{type(e).__name__}: {e}"[:500])
        raise
    _log_event("end", task)
    return result


def _grade(task, worker):
    import nbformat
    from nbgrader.api import Gradebook, MissingEntry
    t0 = time.perf_counter()
    a = task["assignment"]
    base = getattr(worker, "local_directory", None) or tempfile.gettempdir()
    with tempfile.TemporaryDirectory(prefix="nncourse-shard-", dir=base) as tmp:
        root = Path(tmp)
        (root / "course_config.pickle").write_bytes(task["config"])
        (root / "nbgrader_config.py").write_text(SCRATCH_CONFIG)
        src = root / "source" / a
        for rel, data in task["source"].items():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            (src / rel).write_bytes(data)
        db = f"sqlite:///{root / 'gradebook.db'}"
        write_definition(db, task["definition"])
        for student, text, stamp in task["members"]:
            d = root / "submitted" / student / a
            d.mkdir(parents=True)
            (d / f"{a}.ipynb").write_text(text)
            renamed = task.get("renamed", {}).get(student)
            if renamed:     # the grader's kernel flags the renamed notebook (submission.py)
                (d / os.path.basename(renamed)).write_text(text)
            if stamp is not None:
                (d / "timestamp.txt").write_text(stamp)
        env = dict(os.environ)
        code_root = str(Path(__file__).resolve().parent.parent)   # this worker's nncourse
        env["PYTHONPATH"] = os.pathsep.join(
            [code_root] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
        if task["unsafe"]:
            from .sandbox import UNSAFE_ENV
            env[UNSAFE_ENV] = "1"
        scale, n = task["scale"], len(task["members"])
        extra = [f"--GuardedExecute.budget_scale={scale}"] if scale != 1 else []
        log = root / "nbgrader.log"
        code, text = run_logged(nbgrader_cmd("autograde", a, "--force", "--create", *extra),
                                root, log, task["seconds_per_notebook"] * scale * n + 300, env)
        if code is not None:
            _, text = run_logged(nbgrader_cmd("generate_feedback", a, "--force"), root, log,
                                 60 * n + 300, env)
        students = {}
        with Gradebook(db) as gb:
            for student, _, _ in task["members"]:
                nb = _regular_text(root / "autograded" / student / a / f"{a}.ipynb")
                if nb is not None:
                    try:
                        nbformat.reads(nb.decode("utf-8"), as_version=4)
                    except Exception:  # nbformat raises several types for broken JSON
                        nb = None
                got = {"notebook": nb, "feedback": None, "rows": None}
                if nb is not None:
                    try:
                        got["rows"] = rows(gb, a, student)
                    except MissingEntry:
                        got["notebook"] = None
                    got["feedback"] = _regular_text(
                        root / "feedback" / student / a / f"{a}.html")
                students[student] = got
    errors = [ln.strip()[:300] for ln in text.splitlines() if "ERROR" in ln or "Error" in ln]
    return {"key": task["key"], "worker": getattr(worker, "address", "local"), "code": code,
            "errors": errors[-50:], "students": students,
            "seconds": time.perf_counter() - t0}
