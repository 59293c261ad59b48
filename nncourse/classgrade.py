"""``python -m nncourse grade``: grade a whole class in parallel with stock nbgrader, in a way no
single submission can break.

1. Every submission in ``submitted/<student>/<assignment>/`` is inspected without trusting it:
   folders and files are read with ``lstat`` (a symlink, FIFO or device is never followed or
   opened), only the notebook (and nbgrader's ``timestamp.txt``) is taken, a renamed notebook is
   taken under its proper name and flagged, a notebook above the size limit or that is not
   valid JSON is refused with the reason.
2. The class is split into one shard per worker: a scratch course with a copy of the gradebook
   (nbgrader's sqlite is not safe under concurrent writers). Stock ``nbgrader autograde`` and
   ``generate_feedback`` run there, side by side, each with a time limit, writing their output to
   files (never a pipe a child could hold open). Every kernel runs in the sandbox
   (``nncourse/sandbox.py``).
3. A notebook that ran out of time, or whose shard crashed, is graded again alone, with twice the
   time budget. What still fails is listed with the reason; what still runs out of time is
   graded on what it finished, flagged and listed.
4. The main process alone writes the results into the course's gradebook, one transaction per
   student, and only then: a crash, a kill or a timeout leaves every other student's grade, and
   that student's previous grade, in place. Like stock ``nbgrader autograde``, a re-grade keeps
   manual grades, comments and extra credit. Only the autograded notebook and the feedback page
   are copied back. Then ``grades.csv`` is exported and a summary printed; the exit status is 1
   when a submission failed or ran out of time.
"""
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import ROOT
from .grading import generate, scratch_course
from .nbgrader_ext import flags_of, grading_info

MAX_NOTEBOOK_BYTES = 20 * 2 ** 20     # a notebook's cells (outputs cleared) may hold this much
MAX_FILE_BYTES = 200 * 2 ** 20        # a file this large is not even read
SHARD_SECONDS_PER_NOTEBOOK = 45 * 60  # the wall budget of a notebook (40 min) and some slack


@dataclass
class Outcome:
    student: str
    assignment: str
    score: float = None
    max_score: float = None
    flags: list = field(default_factory=list)
    error: str = None
    timed_out: bool = False
    retried: bool = False
    cpu_seconds: float = None
    submitted_as: str = None           # a renamed notebook's own name (graded as <assignment>)
    pending: float = 0.0        # points of written answers that wait for a grader


def _gradebook(course):
    from nbgrader.api import Gradebook
    return Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}")


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


def _ensure_assignment(course, assignment):
    from nbgrader.api import MissingEntry
    with _gradebook(course) as gb:
        try:
            gb.find_assignment(assignment)
            return
        except MissingEntry:
            pass
    generate(course, assignment)


def _die_with_parent():
    """In the child: SIGKILL when the class grader dies (a killed grader leaves no orphans)."""
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


def _nbgrader_cmd(*args):
    return [sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"]


@dataclass
class Shard:
    path: Path
    assignment: str
    members: list                      # [(Outcome, notebook, timestamp)]
    scale: float = 1.0
    env: dict = None
    code: int = 0
    log: str = ""


def _make_shard(course, tmp, name, assignment, members, env, scale=1.0):
    shard = Path(tmp) / name
    scratch_course(shard, [assignment], course)
    shutil.copy(course / "gradebook.db", shard / "gradebook.db")
    for out, nb, stamp in members:
        d = shard / "submitted" / out.student / assignment
        d.mkdir(parents=True)
        nbformat.write(nb, str(d / f"{assignment}.ipynb"))
        if out.submitted_as:    # the grader's kernel flags the renamed notebook (submission.py)
            shutil.copyfile(d / f"{assignment}.ipynb", d / out.submitted_as)
        if stamp is not None:
            (d / "timestamp.txt").write_text(stamp)
    return Shard(shard, assignment, members, scale, env)


def _run_shard(s):
    extra = [f"--GuardedExecute.budget_scale={s.scale}"] if s.scale != 1 else []
    limit = SHARD_SECONDS_PER_NOTEBOOK * s.scale * len(s.members) + 300
    code, log = run_logged(_nbgrader_cmd("autograde", s.assignment, "--force", "--create",
                                         *extra), s.path, s.path / "nbgrader.log", limit, s.env)
    s.code = code
    if code is not None:
        fcode, log = run_logged(_nbgrader_cmd("generate_feedback", s.assignment, "--force"),
                                s.path, s.path / "nbgrader.log", 60 * len(s.members) + 300,
                                s.env)
    s.log = log
    return s


def _graded(s, out):
    """The autograded notebook of ``out`` in shard ``s``, or None."""
    path = s.path / "autograded" / out.student / s.assignment / f"{s.assignment}.ipynb"
    if not _regular(path):
        return None
    try:
        return nbformat.read(str(path), as_version=4)
    except Exception:
        return None


def _why_failed(s, student):
    if s.code is None:
        return "the grader ran past its time limit and was stopped"
    lines = [ln for ln in s.log.splitlines() if "ERROR" in ln or "Error" in ln]
    mine = [ln for ln in lines if student in ln]
    return "nbgrader autograde failed: " + (mine or lines or [
        f"it exited with status {s.code}"])[-1].strip()[:300]


def _merge(course, s, out):
    """Write one student's results from shard ``s`` into the course's gradebook in one
    transaction: automatic scores and comments from the shard, manual grades, comments and extra
    credit kept from the course (as stock `nbgrader autograde` keeps them)."""
    import warnings
    from nbgrader.api import Gradebook, MissingEntry
    a = s.assignment
    with Gradebook(f"sqlite:///{s.path / 'gradebook.db'}") as src, _gradebook(course) as gb, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's autoflush notes inside add_submission
        got = src.find_submission(a, out.student)
        try:
            gb.update_or_create_student(out.student)
            try:
                sub = gb.find_submission(a, out.student)
                sub.timestamp = got.timestamp
            except MissingEntry:
                sub = gb.add_submission(a, out.student, timestamp=got.timestamp)
            for nb in got.notebooks:
                dst_nb = gb.find_submission_notebook(nb.name, a, out.student)
                dst_nb.flagged = bool(out.flags)
                for g in nb.grades:
                    d = gb.find_grade(g.name, nb.name, a, out.student)
                    d.auto_score = g.auto_score
                    d.needs_manual_grade = d.manual_score is not None or g.auto_score is None
                for c in nb.comments:
                    d = gb.find_comment(c.name, nb.name, a, out.student)
                    d.auto_comment = c.auto_comment
            gb.db.commit()
        except Exception:
            gb.db.rollback()
            raise
        out.pending = sum(g.max_score for nb in sub.notebooks for g in nb.grades
                          if g.needs_manual_grade and g.manual_score is None)
        return sub.score, sub.max_score


def _copy_back(course, s, out):
    """Only the autograded notebook and the feedback page, regular files, replaced whole."""
    a = s.assignment
    for step, name in (("autograded", f"{a}.ipynb"), ("feedback", f"{a}.html")):
        src = s.path / step / out.student / a / name
        dst_dir = course / step / out.student / a
        if not _regular(src):
            continue
        tmp = course / step / out.student / f".{a}.new"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        shutil.copyfile(src, tmp / name, follow_symlinks=False)
        shutil.rmtree(dst_dir, ignore_errors=True)
        tmp.rename(dst_dir)


def grade(course=ROOT, assignments=None, jobs=None, log=print, export=True, unsafe=False,
          progress=False):
    """Grade every submission; returns the list of Outcomes."""
    from . import assignments as all_assignments
    from .sandbox import UNSAFE_ENV, require_sandbox
    from .submission import renamed_from
    course = Path(course).resolve()
    env = dict(os.environ, **({UNSAFE_ENV: "1"} if unsafe else {}))
    if not unsafe:
        require_sandbox()
    assignments = assignments or all_assignments(course)
    jobs = jobs or os.cpu_count() or 1
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
            todo.setdefault(assignment, []).append((out, nb, stamp))
    graded_assignments = [a for a in assignments if a in todo]
    with tempfile.TemporaryDirectory(prefix="nncourse-grade-") as tmp:
        shards = []
        for assignment in assignments:
            entries = todo.get(assignment, [])
            if not entries:
                continue
            _ensure_assignment(course, assignment)
            n = min(jobs, len(entries))
            shards += [_make_shard(course, tmp, f"{assignment}-{k}", assignment, entries[k::n],
                                   env) for k in range(n)]
        with ThreadPoolExecutor(max_workers=jobs) as pool, \
                _progress_of(shards, sum(map(len, todo.values())), progress):
            done = list(pool.map(_run_shard, shards))
        again = []
        for s in done:
            for member in s.members:
                out = member[0]
                graded = _graded(s, out)
                if graded is None or grading_info(graded).get("timed_out"):
                    again.append((s, member))
                else:
                    _record(course, s, out, graded)
        for k, (first, member) in enumerate(again):     # alone, with twice the time
            out = member[0]
            out.retried = True
            s = _run_shard(_make_shard(course, tmp, f"{first.assignment}-alone-{k}",
                                       first.assignment, [member], env, scale=2.0))
            graded = _graded(s, out)
            if graded is None:
                out.error = _why_failed(s, out.student) + " (also when graded alone)"
            else:
                out.timed_out = bool(grading_info(graded).get("timed_out"))
                _record(course, s, out, graded)
    if export and graded_assignments:      # only what was graded: no 0.0 for unregistered work
        only = [f"--ExportPlugin.assignment={a}" for a in graded_assignments]
        code, text = run_logged(_nbgrader_cmd("export", "--to", str(course / "grades.csv"), *only),
                                course, Path(tempfile.gettempdir()) / f"nncourse-export-{os.getpid()}.log",
                                600)
        if code != 0:
            log(f"nbgrader export failed: {text[-500:]}")
    log(summary(outcomes, graded_assignments or assignments, strays(course, assignments)))
    return outcomes


def _progress_of(shards, total, show):
    """A context manager showing, on the terminal, how many notebooks the shards autograded."""
    from .progress import Progress, null

    def count():
        return sum(1 for s in shards for out, _, _ in s.members
                   if (s.path / "autograded" / out.student / s.assignment).is_dir())
    return Progress(total, "graded", count) if show else null()


def _record(course, s, out, graded):
    out.flags = list(dict.fromkeys(out.flags + flags_of(graded)))
    info = grading_info(graded)
    out.cpu_seconds = info.get("cpu_seconds")
    try:
        out.score, out.max_score = _merge(course, s, out)
    except Exception as e:
        out.error = f"its grades could not be written to the gradebook: {type(e).__name__}: {e}"
        return
    _copy_back(course, s, out)


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
    if flagged:
        lines += ["", "Flagged for review (!):"]
        lines += [f"  {o.student} / {o.assignment}: {'; '.join(o.flags)}" for o in flagged]
    if late:
        lines += ["", "Ran out of time, also when graded alone with twice the time (graded on "
                      "the cells that finished; review):"]
        lines += [f"  {o.student} / {o.assignment}" for o in late]
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
                  + (f"; {len(retried)} graded again alone" if retried else "")]
    return "\n".join(lines)


def main(argv=None):
    import argparse
    from .sandbox import SandboxUnavailable
    p = argparse.ArgumentParser(prog="python -m nncourse grade",
                                description="Grade every submission in submitted/ (parallel, "
                                            "sandboxed); see the README's grading cycle.")
    p.add_argument("assignments", nargs="*", help="default: every assignment with submissions")
    p.add_argument("--jobs", type=int, default=None, help="parallel workers (default: CPUs)")
    p.add_argument("--course", default=str(ROOT), help="course directory (default: this repo)")
    p.add_argument("--unsafe-no-sandbox", action="store_true",
                   help="run kernels without the sandbox (only notebooks you trust)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    try:
        outcomes = grade(args.course, args.assignments or None, args.jobs,
                         unsafe=args.unsafe_no_sandbox, progress=not args.no_progress)
    except SandboxUnavailable as e:
        print(e, file=sys.stderr)
        return 2
    if not outcomes:
        return 1
    print(f"graded in {time.perf_counter() - t0:.1f} s")
    from .report import report
    graded = [a for a in dict.fromkeys(o.assignment for o in outcomes) if
              any(not o.error for o in outcomes if o.assignment == a)]
    if graded:
        path = report(args.course, graded, log=lambda *_: None, outcomes=outcomes)
        print(f"class report: {path} (flagged students, failed checks, item analysis, time; "
              "python -m nncourse report rewrites it)")
    return 1 if any(o.error or o.timed_out for o in outcomes) else 0
