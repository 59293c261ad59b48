"""Preprocessors the course plugs into stock nbgrader through nbgrader_config.py.

- ``DropForgedMetadata`` (first sanitize step): a cell the student added with nbgrader metadata
  the master does not have becomes an ordinary cell, instead of failing the student (KeyError).
- ``GuardedExecute`` replaces nbgrader's ``Execute``: every kernel runs in the sandbox
  (``nncourse/sandbox.py``); cells get a CPU-time budget (not wall time, so a busy machine never
  costs a correct student points) and the notebook a CPU and a wall budget; outputs are capped
  while they arrive; the test machinery is restored before every tests cell and a canary (the
  tests cell itself, run with the student's names made unusable) proves that failing checks
  still fail; a static scan and the restores are reported as plain-words *flags for review*.
- ``StderrToStdout``: a warning on stderr is no failure (nbgrader would score the cell 0).
- ``CapOutput``: outputs cut to a byte budget per cell and per notebook, across every type.
- ``HideHiddenTests`` (feedback): hidden tests' source never reaches a student, not even when
  the student's own code printed it.
- ``FlagInGradebook``: a flagged submission is ``flagged`` in nbgrader's gradebook.
"""
import ast
import json
import os
import signal
import threading
import time
from pathlib import Path

from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Float, Integer, Unicode

from . import sandbox
from .scan import flag_lines

STDERR_PREFIX = "[stderr] "
FLAGS_KEY = "nncourse"    # nb.metadata[FLAGS_KEY]: {"flags": [str], "timed_out": bool, ...}
GUARD_SOURCE = (Path(__file__).parent / "guard_kernel.py").read_text()

FAMILY_TEXT = {
    "machinery": "changed how IPython runs cells or reports errors",
    "testing": "changed numpy or another function the tests use",
    "interpreter": "changed the interpreter's hooks or import system",
    "course": "rebound a name the course defines",
}


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _is_tests(cell):
    m = _nbgrader(cell)
    return cell.cell_type == "code" and m.get("grade") and not m.get("solution")


def _is_readonly(cell):
    m = _nbgrader(cell)
    return cell.cell_type == "code" and m.get("locked") and not m.get("grade") \
        and not m.get("solution")


def _label(cell, index):
    gid = _nbgrader(cell).get("grade_id")
    return f"cell {index}" + (f" ({gid})" if gid else "")


def add_flag(nb, text):
    flags = nb.metadata.setdefault(FLAGS_KEY, {}).setdefault("flags", [])
    if text not in flags:
        flags.append(text)


def flags_of(nb):
    return list(nb.get("metadata", {}).get(FLAGS_KEY, {}).get("flags", []))


def grading_info(nb):
    """What the grader recorded about a notebook: flags, timed_out, cpu/wall seconds."""
    return dict(nb.get("metadata", {}).get(FLAGS_KEY, {}))


def _error(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"{ename}: {evalue}"])


def _size(output):
    return len(json.dumps(output, default=str))


def _names_bound(source):
    """Top-level names a cell binds (assignments, defs, classes, imports)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        else:
            for n in ast.walk(node):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                    names.add(n.id)
    return names


def _names_used(source):
    try:
        return {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}
    except SyntaxError:
        return set()


def _imports(source):
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    mods = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Import):
            mods |= {a.name for a in n.names}
        elif isinstance(n, ast.ImportFrom) and n.module and not n.level:
            mods.add(n.module)
    return mods


class _Watchdog(threading.Thread):
    """Interrupts a cell that uses more than ``budget`` CPU seconds, and stops the kernel (the
    whole sandbox) when it goes on computing after the interrupt."""

    def __init__(self, execute, budget):
        super().__init__(daemon=True)
        self.ex, self.budget = execute, budget
        self.stop = threading.Event()
        self.interrupted = self.killed = False

    def run(self):
        clock = self.ex.clock
        start = clock.update()
        since = None
        while not self.stop.wait(0.25):
            used = clock.update() - start
            if not self.interrupted and used > self.budget:
                self.interrupted, since = True, (time.monotonic(), used)
                self.ex._signal_kernel(signal.SIGINT)
            elif self.interrupted and (used - since[1] > self.ex.probe_timeout
                                       or time.monotonic() - since[0] > 3 * self.ex.probe_timeout):
                self.killed = True
                self.ex._signal_kernel(signal.SIGKILL, tree=True)
                return


class GuardedExecute(Execute):
    """nbgrader's Execute, sandboxed, budgeted in CPU time, and hardened against notebooks
    that fool or break the grader."""

    cpu_timeout = Float(60.0, help="CPU seconds one cell may use (the student's processes "
                                   "only, so a busy machine costs nothing)").tag(config=True)
    cpu_budget = Float(900.0, help="CPU seconds of the whole notebook").tag(config=True)
    wall_budget = Float(2400.0, help="wall-clock seconds of the whole notebook").tag(config=True)
    budget_scale = Float(1.0, help="multiplies every time limit (the class grader re-runs a "
                                   "notebook that ran out of time alone, with 2)").tag(config=True)
    probe_timeout = Float(5.0, help="seconds a kernel gets to answer after an interrupt before "
                                    "it is stopped and restarted").tag(config=True)
    max_cell_output = Integer(512_000, help="bytes of output one cell may keep").tag(config=True)
    max_notebook_output = Integer(5_000_000, help="bytes of output the notebook may keep"
                                  ).tag(config=True)

    def _shutdown_kernel_default(self):
        # the sandbox is thrown away whole: nothing to wait for (nbclient waits up to 5 s)
        return "immediate"

    # --- kernel -----------------------------------------------------------------------------

    def create_kernel_manager(self):
        if self._sandboxed:
            self.kernel_manager_class = sandbox.SandboxedKernelManager
        km = super().create_kernel_manager()
        if self._sandboxed:
            km.sandbox = {"source_dir": self._master_dir, "limits": sandbox.Limits(
                cpu_seconds=int(self.cpu_budget * self.budget_scale) + 60)}
        return km

    def _kernel_pid(self):
        p = getattr(getattr(self.km, "provisioner", None), "process", None)
        return p.pid if p is not None else None

    def _signal_kernel(self, sig, tree=False):
        """SIGINT to the kernel's Python process, or SIGKILL to the whole sandbox."""
        root = self._kernel_pid()
        if root is None:
            return
        target = root
        if not tree:    # the Python process (bwrap, prlimit and setpriv exec into it)
            for pid in _descendants(root):
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as f:
                        argv = f.read().split(b"\0")
                except OSError:
                    continue
                if b"ipykernel_launcher" in argv and not argv[0].endswith(b"bwrap"):
                    target = pid
                    break
        try:
            os.kill(target, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def _guard(self, call, timeout=None):
        """Run ``_nncourse_guard.<call>`` in the kernel; its decoded result, None when the kernel
        did not answer, or [["broken", message]] when the call failed."""
        from nbclient.util import run_sync
        expr = call if call.startswith("(") else \
            f"__import__('json').dumps(__import__('sys').modules['_nncourse_guard'].{call})"
        msg_id = self.kc.execute("", silent=True, store_history=False,
                                 user_expressions={"r": expr})
        deadline = time.monotonic() + (timeout or self.probe_timeout)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                msg = run_sync(self.kc.get_shell_msg)(timeout=left)
            except Exception:
                return None
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                r = msg["content"].get("user_expressions", {}).get("r", {})
                try:
                    if r.get("status") != "ok":
                        raise ValueError(f"{r.get('ename')}: {r.get('evalue')}")
                    return json.loads(ast.literal_eval(r["data"]["text/plain"]))
                except Exception as e:
                    return [["broken", f"the grader's integrity check could not run ({e})"]]

    def _setup_guard(self):
        expr = ("(lambda m: (m.__dict__.update(get_ipython=__import__('IPython').get_ipython), "
                f"exec(compile({GUARD_SOURCE!r}, '<nncourse-guard>', 'exec'), m.__dict__), "
                "__import__('sys').modules.__setitem__('_nncourse_guard', m), "
                f"m.setup({sorted(self._tests_imports)!r}, {sorted(self._course_names)!r}), "
                "'[]')[-1])(__import__('types').ModuleType('_nncourse_guard'))")
        got = self._guard(expr, timeout=120)
        if got:
            raise RuntimeError(f"the grader's guard did not start in the kernel: {got}")
        self.clock.follow(self._kernel_pid())

    def _restart(self, why, index):
        """A fresh kernel (a fresh sandbox) in which the course's read-only cells before
        ``index`` have run again, so later exercises are graded on their own merit."""
        from nbclient.util import run_sync
        self.log.warning("Restarting the kernel: %s", why)
        run_sync(self.km.restart_kernel)(now=True)
        run_sync(self.kc.wait_for_ready)(timeout=120)
        self._setup_guard()
        for k, cell in enumerate(self.nb.cells[:index]):
            if _is_readonly(cell):
                self._guard("before_course_cell()")
                replay = from_dict({"cell_type": "code", "metadata": {}, "outputs": [],
                                    "source": cell.source})
                self._execute_aside(replay, k)
                self._guard("after_course_cell()")

    def _execute_aside(self, cell, index):
        """Run a cell that is not part of the notebook (a canary, a replay) at ``index``.

        nbclient stores the cell it executes into ``nb.cells[index]``; the notebook's own cell
        must stay there (display updates of the real cell, metadata of a replayed cell)."""
        original = self.nb.cells[index]
        try:
            self.execute_cell(cell, index, store_history=False)
        finally:
            self.nb.cells[index] = original
            self.clear_display_id_mapping(index)

    # --- outputs capped while they arrive -----------------------------------------------------

    def output(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, display_id, cell_index)
        if out is None or not outs or outs[-1] is not out:
            return out
        size = _size(out)
        over_cell = self._cell_bytes + size > self.max_cell_output
        over_nb = self._nb_bytes + size > self.max_notebook_output
        if out.output_type == "error":
            if size > 20_000:
                outs[-1] = out = _error(out.ename, str(out.evalue)[:2_000])
        elif over_cell or over_nb:
            outs.pop()
            if not self._cut_noted:
                self._cut_noted = True
                outs.append(NotebookNode(output_type="stream", name="stdout", text=(
                    f"[output cut: more than {self.max_cell_output // 1000} kB in this cell]\n"
                    if over_cell else f"[output cut: more than "
                                      f"{self.max_notebook_output // 1_000_000} MB in this "
                                      f"notebook]\n")))
            return None
        self._cell_bytes += size
        self._nb_bytes += size
        return out

    # --- the notebook ---------------------------------------------------------------------

    def _read_master(self, resources):
        from nbgrader.coursedir import CourseDirectory
        import nbformat
        info = (resources or {}).get("nbgrader", {})
        cd = CourseDirectory(config=self.config)
        folder = Path(cd.format_path(cd.source_directory, ".", info.get("assignment", "")))
        self._master_dir = str(folder) if folder.is_dir() else None
        path = folder / f"{info.get('notebook', '')}.ipynb"
        # numpy, and what the tests import, are imported (and protected) before any student
        # code runs
        self._course_names, self._master_cells = set(), []
        self._tests_imports = {"numpy", "numpy.testing", "numpy.linalg", "numpy.random"}
        if not path.is_file():
            return
        master = nbformat.read(str(path), as_version=4)
        for i, c in enumerate(master.cells):
            if c.cell_type != "code":
                continue
            if _is_readonly(c):
                self._course_names |= _names_bound(c.source)
            elif _is_tests(c):
                self._tests_imports |= _imports(c.source)
            else:
                self._master_cells.append((_label(c, i), c.source))

    def preprocess(self, nb, resources=None, km=None):
        from nbclient.client import NotebookClient
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        self._read_master(resources)
        self._sandboxed = sandbox.require_sandbox()
        if not hasattr(self, "_base_timeout"):      # one instance grades many notebooks
            self._base_timeout = self.timeout or 600
        self.timeout = int(self._base_timeout * self.budget_scale)
        self.clock = sandbox.Clock()
        self._nb_bytes = self._cell_bytes = 0
        self._cut_noted = False
        findings, canary_failed, notes = {}, [], []
        info = nb.metadata.setdefault(FLAGS_KEY, {})
        info.update(timed_out=False, sandboxed=bool(self._sandboxed))
        if not self._sandboxed:
            notes.append("graded WITHOUT the sandbox (the instructor chose to): the notebook "
                         "could read and change the course's files")

        student_cells = [(_label(c, i), c.source) for i, c in enumerate(nb.cells)
                         if c.cell_type == "code" and not _nbgrader(c).get("locked")]
        for line in flag_lines(student_cells, self._master_cells, self._course_names,
                               cache=self.__dict__.setdefault("_scan_cache", {})):
            add_flag(nb, line)

        cpu_cell = self.cpu_timeout * self.budget_scale
        cpu_nb, wall_nb = self.cpu_budget * self.budget_scale, self.wall_budget * self.budget_scale
        stopped = None
        with self.setup_kernel():
            reply = self.wait_for_reply(self.kc.kernel_info())
            self.nb.metadata["language_info"] = reply["content"]["language_info"]
            self._setup_guard()
            for index, cell in enumerate(self.nb.cells):
                if cell.cell_type != "code":
                    continue
                tests = _is_tests(cell)
                self.clock.update()
                if stopped is None and (self.clock.cpu > cpu_nb or self.clock.wall > wall_nb):
                    stopped = index
                    info["timed_out"] = True
                    notes.append(
                        f"the notebook used its time budget ({cpu_nb:.0f} s of CPU, "
                        f"{wall_nb / 60:.0f} min in all) before {_label(cell, index)}: the "
                        "cells from there on were not run")
                if stopped is not None:
                    if tests:
                        cell.outputs = [_error("TimeoutError", "not run: the notebook used "
                                               "its time budget before this cell")]
                    continue
                if tests:
                    found = self._guard("restore()")
                    if found is None or any(f[0] == "broken" for f in found):
                        why = "stopped answering" if found is None else found[0][1]
                        notes.append(f"before {_label(cell, index)} the kernel {why}: it "
                                     "was restarted, later cells ran in a fresh kernel")
                        self._restart(why, index)
                    else:
                        for family, what in found:
                            findings.setdefault(family, []).append(what)
                    if not self._canary(cell, index, cpu_cell):
                        canary_failed.append(_label(cell, index))
                        cell.outputs = [_error(
                            "IntegrityError", "this notebook changes how cells run, so its "
                            "tests cannot be trusted; flagged for review")]
                        continue
                elif _is_readonly(cell):
                    self._guard("before_course_cell()")
                outcome = self._run(cell, index, cpu_cell)
                if outcome == "dead":
                    cell.outputs.append(_error("DeadKernelError", "the kernel died while "
                                               "running this cell; it was restarted"))
                    notes.append(f"the kernel died in {_label(cell, index)} (os._exit, a "
                                 "crash, or out of memory): later cells ran in a fresh kernel")
                    self._restart("the kernel died", index)
                    continue
                if outcome in ("cpu", "killed"):
                    info["timed_out"] = True
                    cell.outputs.append(_error("CellTimeoutError", f"this cell used its "
                                               f"{cpu_cell:.0f} s of CPU time and was stopped"))
                    notes.append(f"{_label(cell, index)} used its {cpu_cell:.0f} s of CPU time"
                                 + (" and ignored the interrupt: the kernel was restarted, later "
                                    "cells ran in a fresh kernel" if outcome == "killed" else
                                    ": it was interrupted"))
                    if outcome == "killed":
                        self._restart("the kernel ignored the interrupt", index)
                        continue
                if outcome == "wall":
                    info["timed_out"] = True
                    cell.outputs.append(_error("CellTimeoutError", "this cell ran past the "
                                               f"wall-clock limit ({self.timeout} s)"))
                    notes.append(f"{_label(cell, index)} ran past the wall-clock limit "
                                 f"({self.timeout} s; sleeping or waiting, not computing)")
                    if self._guard("cure()") is None:
                        self._restart("the kernel ignored the interrupt", index)
                        notes.append("the kernel ignored the interrupt: it was restarted, "
                                     "later cells ran in a fresh kernel")
                        continue
                if _is_readonly(cell):
                    self._guard("after_course_cell()")
            self.clock.update()
        self.set_widgets_metadata()

        for family, whats in findings.items():
            if family in FAMILY_TEXT:
                unique = list(dict.fromkeys(whats))
                add_flag(nb, f"tampering: the notebook {FAMILY_TEXT[family]} ("
                             + "; ".join(unique[:4]) + (f"; {len(unique) - 4} more"
                                                        if len(unique) > 4 else "")
                             + "): undone before every tests cell")
        if canary_failed:
            add_flag(nb, "tampering: a check that must fail did not fail before "
                         + ", ".join(canary_failed) + ": the notebook changes how cells run, "
                         "so those cells score 0")
        for note in notes:
            add_flag(nb, note)
        info.update(cpu_seconds=round(self.clock.cpu, 2), wall_seconds=round(self.clock.wall, 2))
        if flags_of(nb):
            student = (resources or {}).get("nbgrader", {}).get("student", "?")
            self.log.warning("Student %s flagged for review: %s", student,
                             "; ".join(flags_of(nb)))
            nb.cells.insert(0, from_dict({
                "cell_type": "markdown", "metadata": {}, "source":
                "**Flagged for review by the course's grader:**\n\n" +
                "\n".join(f"- {f}" for f in flags_of(nb))}))
        return self.nb, self.resources

    def _run(self, cell, index, budget, aside=False):
        """Execute one cell under the CPU watchdog: "ok", "cpu" (interrupted), "killed" (the
        kernel ignored the interrupt and was stopped), "wall" or "dead"."""
        from nbclient.exceptions import CellTimeoutError, DeadKernelError
        dog = _Watchdog(self, budget)
        dog.start()
        self._cell_bytes, self._cut_noted, nb_bytes = 0, False, self._nb_bytes
        try:
            if aside:
                self._execute_aside(cell, index)
            else:
                self.preprocess_cell(cell, self.resources, index)
        except DeadKernelError:
            return "killed" if dog.killed else "dead"
        except CellTimeoutError:
            return "wall"
        finally:
            dog.stop.set()
            dog.join()
            if aside:
                self._nb_bytes = nb_bytes       # a canary's outputs are not kept
        if dog.killed:
            return "killed"
        if dog.interrupted:
            return "cpu"
        if any(o.output_type == "error" and o.get("ename") == "CellTimeoutError"
               for o in cell.outputs):
            return "wall"
        return "ok"

    def _canary(self, cell, index, budget):
        """Run the tests cell itself with every name the student could have defined replaced
        by an object that fails on any use: True when its checks failed, as they must (or when
        the cell names none of them, so that the canary could prove nothing)."""
        poisoned = self._guard("poison()")
        if poisoned is None:
            return True     # handled as an unresponsive kernel by the real run
        if not set(map(str, poisoned)) & _names_used(cell.source):
            self._guard("cure()")
            return True
        probe = from_dict({"cell_type": "code", "metadata": {}, "outputs": [],
                           "source": cell.source})
        outcome = self._run(probe, index, budget, aside=True)
        cured = self._guard("cure()")
        if outcome in ("dead", "killed") or cured is None:
            self._restart("the canary stopped the kernel", index)
            return True
        return any(o.output_type == "error" for o in probe.outputs)


def _descendants(root):
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    data = f.read().decode(errors="replace")
                parents.setdefault(int(data[data.rindex(")") + 2:].split()[1]), []).append(
                    int(name))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [root]
    while todo:
        pid = todo.pop(0)
        out.append(pid)
        todo += sorted(parents.get(pid, []))
    return out


class DropForgedMetadata(NbGraderPreprocessor):
    """First sanitize step: nbgrader metadata on a cell whose grade_id the master does not
    have (a cell the student added and labelled) is removed, so the cell is an ordinary one."""

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook, MissingEntry
        info = resources.get("nbgrader", {})
        try:
            with Gradebook(info["db_url"]) as gb:
                master = gb.find_notebook(info["notebook"], info["assignment"])
                known = {c.name for c in master.source_cells}
        except (KeyError, MissingEntry):
            return nb, resources
        for cell in nb.cells:
            gid = _nbgrader(cell).get("grade_id")
            if "nbgrader" in cell.get("metadata", {}) and gid not in known:
                del cell.metadata["nbgrader"]
        return nb, resources


class StderrToStdout(NbGraderPreprocessor):
    """Relabel stderr stream outputs as stdout so a warning cannot cost a correct answer its points.

    nbgrader scores a tests cell 0 when any stderr output is present. In this course a failed
    check is an exception (an ``error`` output), never text on stderr, so a warning printed by a
    correct solution (a numpy RuntimeWarning, a deprecation notice) must not change the grade.
    Each stderr line stays visible in the autograded notebook and the feedback, prefixed with
    ``[stderr] ``.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code":
            for output in cell.outputs:
                if output.output_type == "stream" and output.name == "stderr":
                    output.name = "stdout"
                    output.text = "".join(
                        STDERR_PREFIX + line for line in output.text.splitlines(keepends=True)
                    )
        return cell, resources


class CapOutput(NbGraderPreprocessor):
    """Cut outputs to ``max_cell_bytes`` per cell and ``max_notebook_bytes`` per notebook,
    counting every output's bytes whatever its type (text, HTML, images, JSON). Error outputs
    are kept, shortened, since they decide the score."""

    max_cell_bytes = Integer(512_000).tag(config=True)
    max_notebook_bytes = Integer(5_000_000).tag(config=True)
    max_text = Integer(20_000).tag(config=True)

    def _cut(self, text):
        if isinstance(text, list):
            text = "".join(text)
        if not isinstance(text, str) or len(text) <= self.max_text:
            return text
        return text[: self.max_text] + f"\n... output cut at {self.max_text} characters " \
                                       f"({len(text)} in all) ...\n"

    def preprocess(self, nb, resources):
        left = self.max_notebook_bytes
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            kept, used = [], 0
            for out in cell.outputs:
                if out.output_type == "stream":
                    out.text = self._cut(out.text)
                elif out.output_type == "error":
                    out.evalue = self._cut(str(out.evalue))[:2_000]
                    out.traceback = [self._cut(t) for t in out.traceback][:50]
                elif "data" in out:
                    for mime in list(out.data):
                        if not mime.startswith("image/"):
                            out.data[mime] = self._cut(out.data[mime]) if isinstance(
                                out.data[mime], (str, list)) else out.data[mime]
                size = _size(out)
                if out.output_type == "error" or (used + size <= self.max_cell_bytes
                                                  and size <= left):
                    kept.append(out)
                    used += size
                    left -= size
                elif not kept or kept[-1].get("text", "") != "[output removed: over the limit]\n":
                    kept.append(NotebookNode(output_type="stream", name="stdout",
                                             text="[output removed: over the limit]\n"))
            cell.outputs = kept
        return nb, resources


class HideHiddenTests(NbGraderPreprocessor):
    """For feedback: drop hidden-test blocks from tests cells, reduce errors to the exception
    and its message, and remove from every output of every cell each line that quotes a hidden
    test (a notebook can print the tests cells' source, which it receives to run them)."""

    begin = Unicode("### BEGIN HIDDEN TESTS").tag(config=True)
    end = Unicode("### END HIDDEN TESTS").tag(config=True)
    note = Unicode("# (hidden tests ran here; their messages are shown below)").tag(config=True)
    removed = Unicode("[a line of the hidden tests was removed here]").tag(config=True)
    min_length = Integer(6).tag(config=True)

    def preprocess(self, nb, resources):
        hidden = set()
        for cell in nb.cells:
            inside = False
            for line in cell.source.splitlines() if cell.cell_type == "code" else []:
                if self.begin in line:
                    inside = True
                elif self.end in line:
                    inside = False
                elif inside and len(line.strip()) >= self.min_length:
                    hidden.add(line.strip())
        self._hidden = hidden
        return super().preprocess(nb, resources)

    def _scrub(self, text):
        if isinstance(text, list):
            text = "".join(text)
        if not isinstance(text, str) or not self._hidden:
            return text
        lines = text.splitlines(keepends=True)
        return "".join(self.removed + "\n" if any(h in ln for h in self._hidden) else ln
                       for ln in lines)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and (_nbgrader(cell).get("grade") or self.begin in cell.source):
            kept, inside = [], False
            for line in cell.source.splitlines():
                if self.begin in line:
                    inside = True
                    kept.append(self.note)
                elif self.end in line:
                    inside = False
                elif not inside:
                    kept.append(line)
            cell.source = "\n".join(kept)
            for output in cell.outputs:
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        if cell.cell_type == "code":
            for output in cell.outputs:
                if output.output_type == "stream":
                    output.text = self._scrub(output.text)
                elif output.output_type == "error":
                    output.evalue = self._scrub(str(output.evalue))
                    output.traceback = [self._scrub(t) for t in output.traceback]
                elif "data" in output:
                    for mime, value in list(output.data.items()):
                        if isinstance(value, (str, list)) and not mime.startswith("image/"):
                            output.data[mime] = self._scrub(value)
                        elif not isinstance(value, (str, list)):
                            scrubbed = self._scrub(json.dumps(value))
                            if scrubbed != json.dumps(value):
                                del output.data[mime]
        elif cell.cell_type != "code" and not _nbgrader(cell):
            cell.source = self._scrub(cell.source)
        return cell, resources


class FlagInGradebook(NbGraderPreprocessor):
    """After SaveAutoGrades: mark a submission flagged by GuardedExecute as *flagged* in
    nbgrader's gradebook too, so the formgrader and `nbgrader export` users see it."""

    def preprocess(self, nb, resources):
        if flags_of(nb):
            from nbgrader.api import Gradebook
            info = resources["nbgrader"]
            with Gradebook(info["db_url"]) as gb:
                sub = gb.find_submission_notebook(info["notebook"], info["assignment"],
                                                  info["student"])
                sub.flagged = True
                gb.db.commit()
        return nb, resources
