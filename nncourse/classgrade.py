"""``python -m nncourse grade``: grade a whole class in parallel with stock nbgrader, on one
machine or on a Dask cluster, in a way no single submission, and no lost worker, can break.

1. Every submission in ``submitted/<student>/<assignment>/`` is inspected without trusting it:
   folders and files are read with ``lstat`` (a symlink, FIFO or device is never followed or
   opened), only the notebook (and nbgrader's ``timestamp.txt``) is taken, a renamed notebook is
   taken under its proper name and flagged, a notebook above the size limit or that is not
   valid JSON is refused with the reason.
2. The class is split into shards (about 25 notebooks, at least one per worker slot), each a task
   of a Dask cluster: by default a local one sized to the machine; with ``--scheduler
   tcp://HOST:PORT`` the cluster of a scheduler started with ``dask scheduler`` / ``dask
   worker``. A task carries what it needs as data (the course's configuration, the assignment's
   source folder and gradebook definition, the shard's submissions) and returns its results as
   data (autograded notebooks, feedback pages, grade rows): no filesystem is shared. On its
   worker it runs stock ``nbgrader autograde`` and ``generate_feedback`` in a scratch course,
   each with a time limit and a log file; every kernel runs in the sandbox
   (``nncourse/sandbox.py``). See ``nncourse/shard.py``.
3. A notebook that ran out of time, or whose task failed, is graded again alone, with twice the
   time budget. What still fails is listed with the reason; what still runs out of time is
   graded on what it finished, flagged and listed. A worker lost mid-run: Dask runs its task
   again on another worker; the summary says which.
4. The driver alone writes the results into the course's gradebook (sqlite by default, or any
   SQLAlchemy URL nbgrader accepts: ``--db postgresql://...`` or the course's
   ``CourseDirectory.db_url``), one transaction per student, as each shard comes back: a crash,
   a kill, a lost task or a timeout leaves every other student's grade, and that student's
   previous grade, in place, and no student half-written. Like stock ``nbgrader autograde``, a
   re-grade keeps manual grades, comments and extra credit. Only the autograded notebook and
   the feedback page are copied back. Then ``grades.csv`` is exported and a summary printed;
   the exit status is 1 when a submission failed or ran out of time, 2 when the cluster, the
   gradebook or the sandbox cannot be used (nothing is graded, deleted or written then).
"""
import json
import math
import os
import pickle
import shutil
import stat
import sys
import tempfile
import time
import uuid
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import ROOT
from .grading import nbgrader
from .nbgrader_ext import flags_of, grading_info
from .shard import nbgrader_cmd, run_logged

MAX_NOTEBOOK_BYTES = 20 * 2 ** 20     # a notebook's cells (outputs cleared) may hold this much
MAX_FILE_BYTES = 200 * 2 ** 20        # a file this large is not even read
SHARD_SECONDS_PER_NOTEBOOK = 45 * 60  # the wall budget of a notebook (40 min) and some slack
SHARD_SIZE = 25                       # notebooks per task (nbgrader's start-up is paid per task)
TASK_RETRIES = 2                      # a task that raised is run again (Dask's retries)
CONNECT_SECONDS = 20                  # to reach a scheduler
WORKER_WAIT_SECONDS = 60              # for a scheduler's first worker


@dataclass
class Outcome:
    student: str
    assignment: str
    score: float = None
    max_score: float = None
    flags: list = field(default_factory=list)
    error: str = None
    timed_out: bool = False
    retried: bool = False         # graded again alone (out of time, or its task failed)
    cpu_seconds: float = None
    reruns: list = field(default_factory=list)  # Dask ran its task again: what happened
    writes: int = 0               # transactions that wrote its grade into the gradebook
    submitted_as: str = None      # a renamed notebook's own name (graded as <assignment>)
    pending: float = 0.0          # points of written answers that wait for a grader


def _is_dir(path):
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def strays(course, assignments):
    """Folders of submitted/<student>/ that are no assignment of the course (a typo), each
    with a guess: [(path relative to the course, closest assignment or None)]."""
    import difflib
    sub, found = Path(course) / "submitted", []
    if not _is_dir(sub):
        return found
    for sdir in sorted(Path(e.path) for e in os.scandir(sub) if _is_dir(e.path)):
        for adir in sorted(Path(e.path) for e in os.scandir(sdir) if _is_dir(e.path)):
            if adir.name not in assignments and not adir.name.startswith("."):
                guess = difflib.get_close_matches(adir.name, assignments, n=1, cutoff=0.5)
                found.append((str(adir.relative_to(course)), guess[0] if guess else None))
    return found


def discover(course, assignments):
    """[(student, assignment, folder)] for every real submission folder (symlinks ignored)."""
    found = []
    sub = Path(course) / "submitted"
    if not _is_dir(sub):
        return found
    for sdir in sorted(Path(e.path) for e in os.scandir(sub) if _is_dir(e.path)):
        for adir in sorted(Path(e.path) for e in os.scandir(sdir) if _is_dir(e.path)):
            if adir.name in assignments:
                found.append((sdir.name, adir.name, adir))
    return found


def _read_regular(path, limit):
    """Bytes of a regular file, never following a symlink nor opening a FIFO or device."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError("not a regular file")
        if st.st_size > limit:
            raise ValueError(f"{st.st_size / 2 ** 20:.0f} MB")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(limit + 1)
    finally:
        os.close(fd)


def _regular(path):
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def inspect(student, assignment, folder):
    """(notebook or None, flags, error, timestamp text or None) for one submission folder."""
    want = folder / f"{assignment}.ipynb"
    flags = []
    if not _regular(want):
        others = sorted(e.name for e in os.scandir(folder)
                        if e.name.endswith(".ipynb") and _regular(e.path))
        if len(others) != 1:
            return None, flags, (f"no {want.name} in the submission (found "
                                 f"{others or 'no notebook'})"), None
        flags.append(f"the notebook was submitted as {others[0]!r}; graded as {want.name}")
        want = folder / others[0]
    try:
        raw = _read_regular(want, MAX_FILE_BYTES)
    except ValueError as e:
        return None, flags, (f"{want.name} was refused: {e}, above the limit of "
                             f"{MAX_FILE_BYTES // 2 ** 20} MB"), None
    except OSError as e:
        return None, flags, f"{want.name} could not be read: {e}", None
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    except Exception as e:  # nbformat raises several types for broken JSON
        return None, flags, f"{want.name} is not a readable notebook: {type(e).__name__}: " \
                            f"{str(e).splitlines()[0][:200] if str(e) else ''}", None
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None   # nbgrader clears them anyway
    size = len(nbformat.writes(nb).encode())
    if size > MAX_NOTEBOOK_BYTES:
        return None, flags, (f"{want.name} was refused: its cells hold {size / 2 ** 20:.0f} MB "
                             f"of text, above the limit of {MAX_NOTEBOOK_BYTES // 2 ** 20} MB"), None
    stamp = None
    if _regular(folder / "timestamp.txt"):
        try:
            stamp = _read_regular(folder / "timestamp.txt", 200).decode("utf-8", "replace")
        except (OSError, ValueError):
            stamp = None
    return nb, flags, None, stamp


class GradingUnavailable(RuntimeError):
    """The cluster or the gradebook cannot be used: nothing was graded, deleted or written."""


def course_config(course):
    """The course's nbgrader configuration, loaded here as stock nbgrader loads it when run in
    ``course``: nbgrader_config.py from Jupyter's config folders, then the course's own."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader
    config = Config()
    for folder in [*reversed(jupyter_config_path()), str(course)]:
        try:
            config.merge(PyFileConfigLoader("nbgrader_config.py", path=folder).load_config())
        except ConfigFileNotFound:
            pass
    return config


def gradebook_url(course, config, db=None):
    """``db`` (``--db``), else the course's ``CourseDirectory.db_url``, else its gradebook.db."""
    return db or config.get("CourseDirectory", {}).get("db_url") or \
        f"sqlite:///{Path(course) / 'gradebook.db'}"


def _shown(url):
    from sqlalchemy.engine import make_url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "the gradebook"


def _config_data(config):
    """The resolved configuration, pickled for the workers (classes travel by reference)."""
    def plain(v):
        return {k: plain(x) for k, x in v.items()} if isinstance(v, dict) else v
    try:
        return pickle.dumps(plain(config))
    except Exception as e:
        raise GradingUnavailable(
            f"the course's nbgrader configuration cannot be sent to the workers ({type(e).__name__}: "
            f"{e}): it may hold only plain values and importable classes") from None


def _source_files(course, assignment):
    """The assignment's source folder as data: {relative path: bytes} (symlinks followed)."""
    folder = Path(course) / "source" / assignment
    files = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            files[str(rel)] = path.read_bytes()
    return files


@contextmanager
def _cluster(scheduler, jobs, client):
    """A Dask client: ``client`` as given; a local in-process cluster of ``jobs`` threads when
    ``scheduler`` is None; else the cluster of the scheduler at ``scheduler``."""
    if client is not None:
        yield client
        return
    import logging
    from distributed import Client, LocalCluster
    if scheduler is None:
        # the work happens in nbgrader subprocesses: the local workers need no process of their own
        with LocalCluster(n_workers=1, threads_per_worker=jobs, processes=False,
                          dashboard_address="127.0.0.1:0", worker_dashboard_address="127.0.0.1:0",
                          silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as c:
            yield c
        return
    logging.getLogger("distributed").setLevel(logging.ERROR)
    try:
        c = Client(scheduler, timeout=CONNECT_SECONDS)
    except Exception as e:
        raise GradingUnavailable(
            f"cannot reach the Dask scheduler at {scheduler} ({type(e).__name__}: "
            f"{str(e).splitlines()[0] if str(e) else 'no answer'}). Start one with `dask "
            f"scheduler` and workers with `dask worker {scheduler}`, or leave out --scheduler to "
            "grade on this machine. Nothing was graded, deleted or written.") from None
    with c:
        yield c


def _check_workers(client, unsafe):
    """Every worker runs this grader's code and can start the sandbox; returns the number of
    tasks the cluster runs at once."""
    from .shard import code_version, worker_check
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except TimeoutError:
        raise GradingUnavailable(
            f"the Dask scheduler at {client.scheduler.address} has no worker (waited "
            f"{WORKER_WAIT_SECONDS} s): start some with `dask worker {client.scheduler.address}`. "
            "Nothing was graded, deleted or written.") from None
    version = code_version()
    found = {f"worker {w}": p for w, p in
             client.run(worker_check, version, unsafe, on_error="return").items()}
    try:    # the scheduler unpickles the tasks: it needs the same code
        theirs = client.run_on_scheduler(code_version)
        if theirs != version:
            found["the scheduler"] = (f"it runs another version of the course's code (nncourse "
                                      f"{theirs}, the driver runs {version})")
    except Exception as e:
        found["the scheduler"] = e
    bad = {w: (f"it cannot run the course's code (install it there, the same commit): "
               f"{type(p).__name__}: {p}" if isinstance(p, BaseException) else p)
           for w, p in found.items() if p}
    if bad:
        raise GradingUnavailable(
            "cannot grade on this cluster (nothing was graded, deleted or written):\n" +
            "\n".join(f"  {w}: {why}" for w, why in sorted(bad.items())))
    return max(1, sum(client.nthreads().values()))


def _open_gradebook(url, config):
    from nbgrader.api import Gradebook
    course_id = config.get("CourseDirectory", {}).get("course_id") or "default_course"
    try:
        gb = Gradebook(url, course_id=course_id)
    except Exception as e:
        raise GradingUnavailable(
            f"cannot open the gradebook {_shown(url)} ({type(e).__name__}: "
            f"{(str(e).splitlines() or [''])[0][:300]}). Nothing was graded, deleted or "
            "written.") from None
    gb.db.rollback()
    return gb


def _common(course, assignment, gb, url, run, config_data, unsafe):
    """What every shard of ``assignment`` carries; registers the assignment in the gradebook
    first (stock ``nbgrader generate_assignment``) if it is not there."""
    from nbgrader.api import MissingEntry
    from .shard import definition
    try:
        gb.find_assignment(assignment)
    except MissingEntry:
        gb.db.rollback()    # no transaction left open on the gradebook while nbgrader writes it
        nbgrader(course, "generate_assignment", assignment, "--force", f"--db={url}")
    d = definition(gb, assignment)
    gb.db.rollback()
    return {"run": run, "assignment": assignment, "config": config_data,
            "source": _source_files(course, assignment), "definition": d, "unsafe": unsafe,
            "seconds_per_notebook": SHARD_SECONDS_PER_NOTEBOOK, "scale": 1.0}


def grade(course=ROOT, assignments=None, jobs=None, log=print, export=True, unsafe=False,
          scheduler=None, db=None, shard_size=SHARD_SIZE, client=None, stats=None, progress=False):
    """Grade every submission; returns the list of Outcomes.

    scheduler: the address of a Dask scheduler (``tcp://HOST:PORT``) to grade on its cluster;
    None: a local cluster of ``jobs`` tasks at once (default: one per CPU); client: an existing
    ``distributed.Client`` instead. db: the gradebook's SQLAlchemy URL (default: the course's
    nbgrader config, else its gradebook.db). stats: a dict filled with counts and timings."""
    from . import assignments as all_assignments
    from .sandbox import require_sandbox
    from .submission import renamed_from
    course = Path(course).resolve()
    if scheduler is None and client is None and not unsafe:
        require_sandbox()           # the local cluster's workers are this machine
    assignments = assignments or all_assignments(course)
    jobs = jobs or os.cpu_count() or 1
    config = course_config(course)
    url = gradebook_url(course, config, db)
    config_data = _config_data(config)
    outcomes, todo = [], {}
    for student, assignment, folder in discover(course, assignments):
        nb, flags, error, stamp = inspect(student, assignment, folder)
        out = Outcome(student, assignment, flags=flags, error=error)
        outcomes.append(out)
        if nb is not None:
            out.submitted_as = renamed_from(folder, assignment)
            proper = folder / f"{assignment}.ipynb"
            if out.submitted_as and not _regular(proper) and not os.path.lexists(proper):
                # graded under its proper name, for stock nbgrader and the formgrader too
                shutil.copyfile(folder / out.submitted_as, proper, follow_symlinks=False)
            todo.setdefault(assignment, []).append((out, nbformat.writes(nb), stamp))
    run = uuid.uuid4().hex[:12]
    stats = {} if stats is None else stats
    with _cluster(scheduler, jobs, client) as c:
        slots = _check_workers(c, unsafe)
        gb = _open_gradebook(url, config)
        try:
            tasks, members = [], {}
            for assignment in assignments:
                entries = todo.get(assignment, [])
                if not entries:
                    continue
                common = _common(course, assignment, gb, url, run, config_data, unsafe)
                n = max(min(slots, len(entries)), math.ceil(len(entries) / shard_size))
                if n > slots:   # whole rounds: no slot waits alone for a last shard
                    n = min(len(entries), slots * math.ceil(n / slots))
                for k in range(n):
                    key = f"nncourse-grade-{run}-{assignment}-{k}"
                    members[key] = entries[k::n]
                    tasks.append(dict(common, key=key, members=[
                        (o.student, text, stamp) for o, text, stamp in entries[k::n]],
                        renamed={o.student: o.submitted_as for o, _, _ in entries[k::n]
                                 if o.submitted_as}))
            stats.update(slots=slots, shards=len(tasks))
            with _progress_of(stats, sum(map(len, todo.values())), progress):
                _run_tasks(c, tasks, members, gb, course, slots, stats)
            for key, why in _reruns(c, run).items():
                for out, _, _ in members.get(key, []):
                    out.reruns.append(why)
        finally:
            gb.close()
    graded_assignments = [a for a in assignments if a in todo]
    if export and graded_assignments:      # only what was graded: no 0.0 for unregistered work
        only = [f"--ExportPlugin.assignment={a}" for a in graded_assignments]
        code, text = run_logged(nbgrader_cmd("export", "--to", str(course / "grades.csv"),
                                             f"--db={url}", *only),
                                course, Path(tempfile.gettempdir()) / f"nncourse-export-{os.getpid()}.log",
                                600)
        if code != 0:
            log(f"nbgrader export failed: {text[-500:]}")
    log(summary(outcomes, graded_assignments or assignments, strays(course, assignments)))
    return outcomes


def _progress_of(stats, total, show):
    """A context manager showing, on the terminal, how many notebooks have been graded."""
    from .progress import Progress, null
    return Progress(total, "graded", lambda: stats.get("notebooks", 0)) if show else null()


def _run_tasks(client, tasks, members, gb, course, slots, stats):
    """Submit the shards to the cluster, at most two per slot in flight (the scheduler holds
    what it has not run yet), and record each student as its shard comes back. A notebook that
    ran out of time, or whose task failed, is graded again alone with twice the time budget."""
    from distributed import as_completed
    from .shard import grade_shard
    queue, running, done = deque(tasks), {}, as_completed()
    for k in ("record_seconds", "task_seconds", "bytes_in", "bytes_out", "notebooks"):
        stats.setdefault(k, 0)

    def submit():
        while queue and len(running) < 2 * slots:
            t = queue.popleft()
            stats["bytes_in"] += sum(len(x) for _, x, _ in t["members"]) + len(t["config"]) + \
                sum(len(x) for x in t["source"].values())
            f = client.submit(grade_shard, t, key=t["key"], pure=False, retries=TASK_RETRIES)
            running[f] = t
            done.add(f)

    submit()
    alone = 0
    for f in done:
        t = running.pop(f)
        try:
            result, why = f.result(), None
        except Exception as e:
            result = None
            why = f"its grading task failed: {type(e).__name__}: {str(e)[:300]}"
        f.release()
        stats["task_seconds"] += (result or {}).get("seconds", 0)
        t0 = time.perf_counter()
        for entry in members[t["key"]]:
            out = entry[0]
            got = ((result or {}).get("students") or {}).get(out.student) or {}
            stats["bytes_out"] += len(got.get("notebook") or b"") + len(got.get("feedback") or b"")
            graded = _parse(got.get("notebook"))
            timed_out = graded is not None and bool(grading_info(graded).get("timed_out"))
            if graded is not None and (t["scale"] != 1 or not timed_out):
                out.timed_out = timed_out
                _record(gb, course, t["assignment"], out, graded, got)
                stats["notebooks"] += 1
            elif t["scale"] == 1:                          # alone, with twice the time
                out.retried = True
                key = f"{t['key']}-alone-{alone}"
                alone += 1
                members[key] = [entry]
                queue.appendleft(dict(t, key=key, scale=2.0, members=[
                    (out.student, entry[1], entry[2])]))
            else:
                out.error = (why or _why_failed(result, out.student)) + " (also when graded alone)"
        stats["record_seconds"] += time.perf_counter() - t0
        submit()


def _parse(data):
    """The autograded notebook's JSON (the worker validated it as a notebook)."""
    if data is None:
        return None
    try:
        nb = json.loads(data)
    except ValueError:
        return None
    return nb if isinstance(nb, dict) else None


def _why_failed(result, student):
    if result["code"] is None:
        return "the grader ran past its time limit and was stopped"
    lines = result["errors"]
    mine = [ln for ln in lines if student in ln]
    return "nbgrader autograde failed: " + (mine or lines or [
        f"it exited with status {result['code']}"])[-1].strip()[:300]


def _reruns(client, run):
    """{task key: what happened} for every task Dask started more than once (its worker was
    lost mid-run, or it raised and was retried), from the events the tasks logged."""
    from .shard import EVENT
    by_key = {}
    for _, msg in client.get_events(EVENT):
        if isinstance(msg, dict) and msg.get("run") == run:
            by_key.setdefault(msg["key"], []).append(msg)
    found = {}
    for key, msgs in by_key.items():
        starts = [i for i, m in enumerate(msgs) if m["what"] == "start"]
        if len(starts) < 2:
            continue
        said = []
        for i, j in zip(starts, starts[1:] + [len(msgs)]):
            w = msgs[i]["worker"]
            ended = [m for m in msgs[i + 1:j] if m["worker"] == w and m["what"] != "start"]
            if j == len(msgs):
                said.append(f"graded on {w}" if ended and ended[-1]["what"] == "end" else
                            f"started on {w}")
            elif ended and ended[-1]["what"] == "error":
                said.append(f"failed on {w} ({ended[-1].get('error', '')[:200]})")
            else:
                said.append(f"its worker {w} was lost mid-run")
        found[key] = "; ".join(said)
    return found


def _merge(gb, assignment, out, rows):
    """Write one student's results into the course's gradebook in one transaction: automatic
    scores and comments from the shard, manual grades, comments and extra credit kept (as stock
    `nbgrader autograde` keeps them)."""
    import warnings
    from nbgrader.api import Comment, Grade, MissingEntry
    from sqlalchemy.orm import joinedload
    a = assignment
    # nbgrader's API commits after each step (the student, the submission...): during the merge
    # those commits only flush, so the student's rows are committed once, all or nothing
    gb.db.commit = gb.db.flush
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SQLAlchemy's autoflush notes inside add_submission
            gb.update_or_create_student(out.student)
            try:
                sub = gb.find_submission(a, out.student)
                sub.timestamp = rows["timestamp"]
            except MissingEntry:
                sub = gb.add_submission(a, out.student, timestamp=rows["timestamp"])
            mine, pending = {nb.name: nb for nb in sub.notebooks}, 0.0
            for name, nb in rows["notebooks"].items():
                if name not in mine:
                    raise MissingEntry(f"no notebook {name} in {out.student}'s submission")
                dst_nb = mine[name]
                dst_nb.flagged = bool(out.flags)
                # one query each, with their cells (not one query per grade)
                grades = {g.cell.name: g for g in gb.db.query(Grade).options(
                    joinedload(Grade.cell)).filter(Grade.notebook_id == dst_nb.id)}
                comments = {c.cell.name: c for c in gb.db.query(Comment).options(
                    joinedload(Comment.cell)).filter(Comment.notebook_id == dst_nb.id)}
                for grade_name, score in nb["grades"].items():
                    if grade_name not in grades:
                        raise MissingEntry(f"no grade {grade_name} in {out.student}'s {name}")
                    d = grades[grade_name]
                    d.auto_score = score
                    d.needs_manual_grade = d.manual_score is not None or score is None
                pending += sum(g.max_score for g in grades.values()
                               if g.needs_manual_grade and g.manual_score is None)
                for comment_name, text in nb["comments"].items():
                    if comment_name not in comments:
                        raise MissingEntry(f"no comment {comment_name} in {out.student}'s {name}")
                    comments[comment_name].auto_comment = text
        del gb.db.commit
        gb.db.commit()
        out.pending = pending
        return sub.score, sub.max_score
    except BaseException:
        gb.db.__dict__.pop("commit", None)
        gb.db.rollback()
        raise


def _record(gb, course, assignment, out, graded, got):
    out.flags = list(dict.fromkeys(out.flags + flags_of(graded)))
    out.cpu_seconds = grading_info(graded).get("cpu_seconds")
    try:
        out.score, out.max_score = _merge(gb, assignment, out, got["rows"])
    except Exception as e:
        out.error = f"its grades could not be written to the gradebook: {type(e).__name__}: {e}"
        return
    out.writes += 1
    _copy_back(course, assignment, out, got)


def _copy_back(course, a, out, got):
    """Only the autograded notebook and the feedback page, regular files, replaced whole."""
    for step, name, data in (("autograded", f"{a}.ipynb", got.get("notebook")),
                             ("feedback", f"{a}.html", got.get("feedback"))):
        if data is None:
            continue
        dst_dir = course / step / out.student / a
        tmp = course / step / out.student / f".{a}.new"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        (tmp / name).write_bytes(data)
        shutil.rmtree(dst_dir, ignore_errors=True)
        tmp.rename(dst_dir)


def summary(outcomes, assignments, stray=()):
    students = sorted({o.student for o in outcomes})
    by = {(o.student, o.assignment): o for o in outcomes}
    width = max([len(s) for s in students] + [7])
    head = "student".ljust(width) + "".join(f"{a[:16]:>18}" for a in assignments)
    lines = [head, "-" * len(head)]
    for s in students:
        row = s.ljust(width)
        for a in assignments:
            o = by.get((s, a))
            cell = "-" if o is None else "FAILED" if o.error else \
                f"{o.score:g}/{o.max_score - o.pending:g}" + (
                    f" +{o.pending:g}?" if o.pending else "") + (" !" if o.flags else "")
            row += f"{cell:>18}"
        lines.append(row)
    flagged = [o for o in outcomes if o.flags and not o.error]
    failed = [o for o in outcomes if o.error]
    late = [o for o in outcomes if o.timed_out and not o.error]
    retried = [o for o in outcomes if o.retried]
    rerun = [o for o in outcomes if o.reruns]
    if flagged:
        lines += ["", "Flagged for review (!):"]
        lines += [f"  {o.student} / {o.assignment}: {'; '.join(o.flags)}" for o in flagged]
    if late:
        lines += ["", "Ran out of time, also when graded alone with twice the time (graded on "
                      "the cells that finished; review):"]
        lines += [f"  {o.student} / {o.assignment}" for o in late]
    if rerun:
        lines += ["", "Graded again after a worker was lost (Dask ran the task again elsewhere; "
                      "each grade recorded once):"]
        lines += [f"  {o.student} / {o.assignment}: {'; '.join(o.reruns)}" for o in rerun]
    if failed:
        lines += ["", "Failed (no new grade recorded; a previous grade, if any, is kept):"]
        lines += [f"  {o.student} / {o.assignment}: {o.error}" for o in failed]
    if any((s, a) not in by for s in students for a in assignments):
        lines += ["", "-: not submitted (grades.csv lists it with a score of 0)"]
    if stray:
        lines += ["", "Not graded: folders in submitted/ that are no assignment of the course:"]
        lines += [f"  {p}/" + (f" (did you mean {g}?)" if g else "") for p, g in stray]
    if not outcomes:
        lines = [f"No submissions found: put each notebook at submitted/<student>/<assignment>/"
                 f"<assignment>.ipynb (nbgrader collect, or your LMS export)"] + lines[2:]
        return "\n".join(lines)
    if any(o.pending for o in outcomes):
        lines += ["", "+N?: points of written answers that wait for a grader (the formgrader's "
                      "Manual Grading)"]
    lines += ["", f"{len(outcomes)} submissions: {len(outcomes) - len(failed)} graded, "
                  f"{len(flagged)} flagged, {len(late)} out of time, {len(failed)} failed"
                  + (f"; {len(retried)} graded again alone" if retried else "")
                  + (f"; {len(rerun)} re-run after a lost worker" if rerun else "")]
    return "\n".join(lines)


def main(args):
    """``python -m nncourse grade``, with the arguments its parser (nncourse/__main__.py) read."""
    from .sandbox import SandboxUnavailable
    args.course = args.course or str(ROOT)
    args.shard_size = args.shard_size or SHARD_SIZE
    t0 = time.perf_counter()
    try:
        outcomes = grade(args.course, args.assignments or None, args.jobs,
                         unsafe=args.unsafe_no_sandbox, scheduler=args.scheduler, db=args.db,
                         shard_size=args.shard_size, progress=not args.no_progress)
    except (SandboxUnavailable, GradingUnavailable) as e:
        print(e, file=sys.stderr)
        return 2
    if not outcomes:
        return 1
    print(f"graded in {time.perf_counter() - t0:.1f} s")
    from .report import report
    graded = [a for a in dict.fromkeys(o.assignment for o in outcomes) if
              any(not o.error for o in outcomes if o.assignment == a)]
    if graded:
        path = report(args.course, graded, log=lambda *_: None, outcomes=outcomes, db=args.db)
        print(f"class report: {path} (flagged students, failed checks, item analysis, time; "
              "python -m nncourse report rewrites it)")
    return 1 if any(o.error or o.timed_out for o in outcomes) else 0
