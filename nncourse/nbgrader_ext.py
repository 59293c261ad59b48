"""Preprocessors the course plugs into stock nbgrader through nbgrader_config.py.

- ``GuardedExecute`` replaces nbgrader's ``Execute``: it runs the notebook the same way, but
  restores the test machinery before every tests cell, proves with a canary that failing asserts
  still fail, survives a kernel that dies or ignores interrupts, notices files the notebook
  overwrote, and records every finding as a *flag for review* in the notebook's metadata.
- ``StderrToStdout``: a warning on stderr is no failure (nbgrader would score the cell 0).
- ``CapOutput``: no output may bloat the autograded notebook or the feedback.
- ``HideHiddenTests`` (feedback): the student sees which checks failed and their messages, never
  the hidden tests' source (nbgrader #917).
"""
import ast
import hashlib
import json
import os
import re
import secrets
import time

from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Float, Integer, List, Unicode

STDERR_PREFIX = "[stderr] "
FLAGS_KEY = "nncourse"  # nb.metadata[FLAGS_KEY]["flags"]: list of str

# Run inside the kernel through user_expressions, which IPython evaluates without its input
# transformers, so a notebook that rewrites cells cannot rewrite these.
_GUARD_SETUP = r'''
import builtins, sys, types
import numpy, numpy.testing
ip = get_ipython()
g = types.ModuleType("_nncourse_guard")
g.modules = {name: dict(vars(sys.modules[name])) for name in ("builtins", "numpy", "numpy.testing")}
g.post = list(ip.input_transformers_post)
g.cleanup = list(ip.input_transformer_manager.cleanup_transforms)
g.line = list(ip.input_transformer_manager.line_transforms)
g.ast = list(ip.ast_transformers)
g.path = list(sys.path)
g.protected = {}
g.before = {}
g.pre_run = list(ip.events.callbacks.get("pre_run_cell", []))
g.pre_exec = list(ip.events.callbacks.get("pre_execute", []))
g.trace = sys.gettrace()
sys.modules["_nncourse_guard"] = g
'''

_GUARD_BEFORE_READONLY = r'''
import sys
g = sys.modules["_nncourse_guard"]
g.before = {k: id(v) for k, v in get_ipython().user_ns.items()}
'''

_GUARD_AFTER_READONLY = r'''
import sys
g = sys.modules["_nncourse_guard"]
for k, v in get_ipython().user_ns.items():
    if not k.startswith("_") and g.before.get(k) != id(v):
        g.protected[k] = v
'''

_GUARD_RESTORE = r'''
import sys
g = sys.modules["_nncourse_guard"]
ip = get_ipython()
found = []
for name, pristine in g.modules.items():
    space = vars(sys.modules[name]) if sys.modules.get(name) is not None else None
    if space is None:
        found.append(f"module {name} was removed from sys.modules")
        continue
    for key, value in pristine.items():
        if not key.startswith("_") and space.get(key, object()) is not value:
            found.append(f"{name}.{key} was replaced")
            setattr(sys.modules[name], key, value)
for key, value in g.protected.items():
    if ip.user_ns.get(key, object()) is not value:
        found.append(f"the course's name {key!r} was rebound")
        ip.user_ns[key] = value
if list(ip.input_transformers_post) != g.post:
    found.append("IPython input_transformers_post was modified")
    ip.input_transformers_post[:] = g.post
if list(ip.input_transformer_manager.cleanup_transforms) != g.cleanup:
    found.append("IPython cleanup transforms were modified")
    ip.input_transformer_manager.cleanup_transforms[:] = g.cleanup
if list(ip.input_transformer_manager.line_transforms) != g.line:
    found.append("IPython line transforms were modified")
    ip.input_transformer_manager.line_transforms[:] = g.line
if list(ip.ast_transformers) != g.ast:
    found.append("IPython ast_transformers were modified")
    ip.ast_transformers[:] = g.ast
if ip.custom_exceptions:
    found.append("IPython set_custom_exc was used")
    ip.set_custom_exc((), None)
for event, saved in (("pre_run_cell", g.pre_run), ("pre_execute", g.pre_exec)):
    if list(ip.events.callbacks.get(event, [])) != saved:
        found.append(f"IPython {event} callbacks were modified")
        ip.events.callbacks[event][:] = saved
if sys.gettrace() is not g.trace:
    found.append("a trace function was installed")
    sys.settrace(g.trace)
sys.modules["_nncourse_guard"].found = found
'''


def _as_expression(code):
    """One Python expression that runs ``code`` (statements) in a private namespace and
    returns JSON of the namespace's ``found`` list."""
    return (f"(lambda ns: (exec({code!r}, ns), __import__('json').dumps(ns.get('found', [])))[1])"
            "({'get_ipython': __import__('IPython').get_ipython})")


# Patterns in a student's cells that have no business in an exercise: flagged for review.
SUSPICIOUS = [
    (r"input_transformers|input_transformer_manager|ast_transformers", "rewrites IPython input"),
    (r"set_custom_exc|custom_exceptions|showtraceback", "changes IPython's error handling"),
    (r"\bnumpy\.testing\.\w+\s*=|\bnp\.testing\.\w+\s*=|setattr\(\s*(np|numpy)\b",
     "patches numpy"),
    (r"^\s*(assert_\w+|np|numpy)\s*=", "rebinds a name the tests use"),
    (r"def\s+__eq__", "defines __eq__"),
    (r"os\._exit|sys\.exit|\bexit\(\)|\bquit\(\)", "exits the kernel"),
    (r"sys\.modules|importlib|__builtins__|\bbuiltins\b", "tampers with imports or builtins"),
    (r"settrace|setprofile|events\.register", "hooks into execution"),
    (r"\bexec\(|\beval\(|\bcompile\(|__import__", "runs generated code"),
    (r"open\([^)]*['\"][wa]|write_text|write_bytes|shutil\.|os\.(remove|rename|replace)",
     "writes files"),
]


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _is_tests(cell):
    m = _nbgrader(cell)
    return cell.cell_type == "code" and m.get("grade") and not m.get("solution")


def _is_readonly(cell):
    m = _nbgrader(cell)
    return cell.cell_type == "code" and m.get("locked") and not m.get("grade") \
        and not m.get("solution")


def add_flag(nb, text):
    flags = nb.metadata.setdefault(FLAGS_KEY, {}).setdefault("flags", [])
    if text not in flags:
        flags.append(text)


def flags_of(nb):
    return list(nb.get("metadata", {}).get(FLAGS_KEY, {}).get("flags", []))


def _error(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"{ename}: {evalue}"])


def _snapshot(path, skip):
    """{relative path: sha256} of the files next to the notebook (bytecode caches and hidden
    folders aside: importing a course module legitimately writes __pycache__/)."""
    found = {}
    for dirpath, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
        for f in files:
            full = os.path.join(dirpath, f)
            if f == skip or f.startswith("."):
                continue
            with open(full, "rb") as fh:
                found[os.path.relpath(full, path)] = hashlib.sha256(fh.read()).hexdigest()
    return found


class GuardedExecute(Execute):
    """nbgrader's Execute, hardened against notebooks that fool or break the grader."""

    probe_timeout = Float(5.0, help="seconds a kernel gets to answer after an interrupt "
                                    "before it is restarted").tag(config=True)

    def _expression(self, code, timeout=None):
        """Evaluate guard ``code`` in the kernel; returns the decoded ``found`` list, or None
        when the kernel did not answer in time."""
        from nbclient.util import run_sync
        msg_id = self.kc.execute("", silent=True, store_history=False,
                                 user_expressions={"r": _as_expression(code)})
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
                if r.get("status") != "ok":
                    return [f"the course's integrity check could not run: {r.get('ename')}: "
                            f"{r.get('evalue')}"]
                return json.loads(ast.literal_eval(r["data"]["text/plain"]))  # a repr'd str

    def _restart(self, why, index):
        """A fresh kernel in which the course's read-only cells before ``index`` (imports,
        given helpers) have run again, so later exercises are graded on their own merit."""
        from nbclient.util import run_sync
        self.log.warning("Restarting the kernel: %s", why)
        run_sync(self.km.restart_kernel)(now=True)
        run_sync(self.kc.wait_for_ready)(timeout=60)
        self._expression(_GUARD_SETUP, timeout=30)
        for k, cell in enumerate(self.nb.cells[:index]):
            if _is_readonly(cell):
                self._expression(_GUARD_BEFORE_READONLY)
                replay = from_dict({"cell_type": "code", "metadata": {}, "outputs": [],
                                    "source": cell.source})
                self._execute_aside(replay, k)
                self._expression(_GUARD_AFTER_READONLY)

    def _execute_aside(self, cell, index):
        """Run a cell that is not part of the notebook (a canary, a replay) at ``index``.

        nbclient stores the cell it executes into ``nb.cells[index]``; the notebook's own cell
        must stay there, or display updates (fastprogress bars) of the real cell would be written
        into the stand-in's outputs, and a replayed read-only cell would lose its metadata."""
        original = self.nb.cells[index]
        try:
            self.execute_cell(cell, index, store_history=False)
        finally:
            self.nb.cells[index] = original
            self.clear_display_id_mapping(index)

    def _canary(self, index):
        """Run a cell shaped like a tests cell whose assert must fail; True when it did."""
        nonce = secrets.token_hex(8)
        cell = from_dict({"cell_type": "code", "metadata": {}, "outputs": [], "source":
                          '"""Check the values against the expected ones."""\n'
                          "__import__('numpy').testing.assert_allclose("
                          f"1.0, 2.0, err_msg='canary-{nonce}')\n"
                          f"assert 1 == 2, 'canary-{nonce}'\n"})
        self._execute_aside(cell, index)
        return any(o.output_type == "error" and f"canary-{nonce}" in str(o.get("evalue", ""))
                   for o in cell.outputs)

    def preprocess(self, nb, resources=None, km=None):
        from nbclient.client import NotebookClient
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        path = (resources or {}).get("metadata", {}).get("path") or os.getcwd()
        name = (resources or {}).get("unique_key", "") + ".ipynb"
        before = _snapshot(path, name)
        student = (resources or {}).get("nbgrader", {}).get("student", "?")

        for cell in nb.cells:
            if cell.cell_type == "code" and not _nbgrader(cell).get("locked"):
                for pattern, what in SUSPICIOUS:
                    if re.search(pattern, cell.source, re.M):
                        add_flag(nb, f"a cell of the student's {what} "
                                     f"(matched {pattern!r}): review it")

        with self.setup_kernel():
            info = self.wait_for_reply(self.kc.kernel_info())
            self.nb.metadata["language_info"] = info["content"]["language_info"]
            self._expression(_GUARD_SETUP, timeout=30)
            for index, cell in enumerate(self.nb.cells):
                if cell.cell_type != "code":
                    continue
                tests = _is_tests(cell)
                if tests:
                    found = self._expression(_GUARD_RESTORE)
                    if found is None:
                        self._restart("the kernel did not answer before a tests cell", index)
                        add_flag(nb, "the kernel stopped answering (an endless loop that "
                                     "ignores interrupts?): it was restarted")
                    else:
                        for f in found:
                            add_flag(nb, f"tampering: {f} (restored before the tests ran)")
                    if not self._canary(index):
                        add_flag(nb, f"tampering: a failing check did not fail before tests "
                                     f"cell {_nbgrader(cell).get('grade_id')!r}: that cell "
                                     "scores 0")
                        cell.outputs = [_error(
                            "IntegrityError", "this notebook changes how cells run, so its "
                            "tests cannot be trusted; flagged for review")]
                        continue
                elif _is_readonly(cell):
                    self._expression(_GUARD_BEFORE_READONLY)
                try:
                    self.preprocess_cell(cell, resources, index)
                except DeadKernelError:
                    cell.outputs.append(_error("DeadKernelError", "the kernel died while "
                                               "running this cell; it was restarted"))
                    add_flag(nb, f"the kernel died in cell {index} (os._exit, a crash or out "
                                 "of memory): later cells ran in a fresh kernel")
                    self._restart("the kernel died", index)
                    continue
                except CellTimeoutError:
                    cell.outputs.append(_error("CellTimeoutError", "the cell ran past the time "
                                               f"limit ({self.timeout} s)"))
                if _is_readonly(cell):
                    self._expression(_GUARD_AFTER_READONLY)
                if any(o.output_type == "error" and o.get("ename") == "CellTimeoutError"
                       for o in cell.outputs):
                    add_flag(nb, f"cell {index} ran past the time limit ({self.timeout} s)")
                    if self._expression("found = []") is None:
                        self._restart("the kernel ignored the interrupt", index)
                        add_flag(nb, f"the kernel ignored the interrupt after cell {index} "
                                     "timed out: it was restarted, later cells ran in a fresh "
                                     "kernel")
        self.set_widgets_metadata()

        after = _snapshot(path, name)
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        for rel in changed:
            what = "created" if rel not in before else "deleted" if rel not in after else \
                "overwritten"
            add_flag(nb, f"the notebook {what} the file {rel!r} next to it: review it")
        if flags_of(nb):
            self.log.warning("Student %s flagged for review: %s", student,
                             "; ".join(flags_of(nb)))
            nb.cells.insert(0, from_dict({
                "cell_type": "markdown", "metadata": {}, "source":
                "**Flagged for review by the course's grader:**\n\n" +
                "\n".join(f"- {f}" for f in flags_of(nb))}))
        return self.nb, self.resources


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
    """Cut every output to ``max_chars`` characters (nbgrader's LimitOutput counts lines only,
    so one 50 MB line would go through) and drop images larger than ``max_image_bytes``."""

    max_chars = Integer(20_000).tag(config=True)
    max_image_bytes = Integer(2_000_000).tag(config=True)

    def _cut(self, text):
        if isinstance(text, list):
            text = "".join(text)
        if len(text) <= self.max_chars:
            return text
        return text[: self.max_chars] + f"\n... output cut at {self.max_chars} characters " \
                                         f"({len(text)} in all) ...\n"

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code":
            return cell, resources
        total = 0
        for output in cell.outputs:
            if output.output_type == "stream":
                output.text = self._cut(output.text)
            elif output.output_type == "error":
                output.evalue = self._cut(output.evalue)
                output.traceback = [self._cut(t) for t in output.traceback][:200]
            elif "data" in output:
                for mime in list(output.data):
                    value = output.data[mime]
                    if mime.startswith("image/"):
                        size = len(value) if isinstance(value, str) else 0
                        total += size
                        if size > self.max_image_bytes or total > 5 * self.max_image_bytes:
                            del output.data[mime]
                            output.data.setdefault("text/plain", "[image removed: too large]")
                    else:
                        output.data[mime] = self._cut(value)
        return cell, resources


class HideHiddenTests(NbGraderPreprocessor):
    """For feedback: drop hidden-test blocks from tests cells and reduce their errors to the
    exception and its message (a traceback would quote the hidden lines)."""

    begin = Unicode("### BEGIN HIDDEN TESTS").tag(config=True)
    end = Unicode("### END HIDDEN TESTS").tag(config=True)
    note = Unicode("# (hidden tests ran here; their messages are shown below)").tag(config=True)
    names = List([]).tag(config=True)

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
