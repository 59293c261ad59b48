"""What a student's code does that an exercise never needs: a static scan with ``ast``.

The grader runs it on every cell the student can edit and flags what it finds for review, one
line per family, in plain words. Findings that the master notebook's own cells have as well (a
``Value`` class defining ``__add__`` in the autograd assignment, ``%matplotlib inline``) are not
reported. Names, attributes and calls are read from the syntax tree, so spacing, aliases and
line breaks do not hide them; code built from strings at run time is caught where it is run
(``exec``, ``eval``, ``getattr`` with a computed name, ``__import__``, ``globals()``...), and
string constants that spell the grader's machinery are reported too.
"""
import ast
import re

FAMILIES = {
    "ipython": "reaches into IPython, which runs the cells and the tests",
    "introspection": "swaps code or reaches into the interpreter (code objects, frames, "
                     "sys.modules, builtins, gc, ctypes)",
    "testing": "changes numpy or a name the tests use",
    "dynamic": "runs code built at run time",
    "fake": "defines an object that can fake a comparison or a type check",
    "exit": "exits or kills the kernel",
    "process": "starts processes or threads, or sends signals",
    "files": "writes, moves or deletes files",
    "network": "uses the network",
}

DISPLAY_MODULES = {"IPython.display", "IPython.core.display"}
IPYTHON_NAMES = {"get_ipython", "IPython", "ipykernel", "InteractiveShell", "__IPYTHON__",
                 "_nncourse_guard"}
IPYTHON_ATTRS = {"transform_cell", "run_cell", "run_cell_async", "run_ast_nodes", "run_code",
                 "input_transformers_post", "input_transformers_cleanup", "input_transformer_manager",
                 "ast_transformers", "set_custom_exc", "custom_exceptions", "CustomTB",
                 "showtraceback", "_showtraceback", "user_expressions", "do_execute",
                 "display_pub", "displayhook", "excepthook", "user_ns", "user_global_ns",
                 "shell", "kernel", "events", "session", "iopub_socket", "send_response"}
INTROSPECTION_ATTRS = {"__code__", "__defaults__", "__kwdefaults__", "__wrapped__",
                       "_implementation", "__globals__", "__closure__", "__dict__",
                       "__bases__", "__base__", "__mro__", "__subclasses__", "__builtins__",
                       "f_globals", "f_locals", "f_back", "f_code", "f_builtins", "tb_frame",
                       "gi_frame", "cr_frame", "ag_frame", "CodeType", "FunctionType",
                       "__getattribute__", "__setattr__", "__delattr__", "__import__"}
SYS_ATTRS = {"modules", "meta_path", "path_hooks", "path_importer_cache", "settrace",
             "setprofile", "addaudithook", "_getframe", "excepthook", "displayhook",
             "setrecursionlimit", "setswitchinterval", "stdout", "stderr", "path"}
INTROSPECTION_MODULES = {"gc", "ctypes", "inspect", "importlib", "builtins", "__builtin__",
                         "dis", "codeop", "marshal", "cffi"}
PROCESS_MODULES = {"subprocess", "multiprocessing", "threading", "_thread", "concurrent",
                   "signal", "pty", "asyncio", "sched"}
NETWORK_MODULES = {"socket", "urllib", "urllib3", "requests", "http", "httpx", "ftplib",
                   "smtplib", "ssl", "aiohttp", "websocket", "websockets", "zmq"}
FILE_MODULES = {"shutil", "tempfile", "fileinput", "glob"}
OS_FILES = {"remove", "unlink", "rename", "renames", "replace", "mkdir", "makedirs", "rmdir",
            "removedirs", "symlink", "link", "mkfifo", "mknod", "chmod", "chown", "truncate",
            "utime", "write", "open", "chdir"}
OS_PROCESS = {"system", "popen", "fork", "forkpty", "kill", "killpg", "spawnl", "spawnv",
              "execv", "execve", "execl", "execlp", "execvp", "posix_spawn", "startfile"}
PATH_WRITES = {"write_text", "write_bytes", "touch", "unlink", "symlink_to", "hardlink_to",
               "rmdir"}
NUMPY_WRITES = {"save", "savez", "savez_compressed", "savetxt", "tofile"}
FAKE_DUNDERS = {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__bool__",
                "__len__", "__hash__", "__array__", "__array_function__", "__array_ufunc__",
                "__array_interface__", "__getattr__", "__getattribute__", "__instancecheck__",
                "__subclasscheck__", "__float__", "__int__", "__index__", "__abs__",
                "__class_getitem__", "__init_subclass__", "__set_name__", "__prepare__",
                "__new__", "__del__"}
DYNAMIC_CALLS = {"exec", "eval", "compile", "__import__", "globals", "locals", "vars",
                 "breakpoint"}
EXIT_CALLS = {"exit", "quit"}
MAGIC_CALLS = {"run_line_magic", "run_cell_magic", "system", "getoutput"}
SAFE_MAGICS = {"matplotlib", "time", "timeit", "load", "precision", "pprint", "who", "whos",
               "who_ls", "pdef", "pdoc", "psource", "pinfo", "pinfo2", "doctest_mode", "prun",
               "debug", "xmode", "page", "history", "lsmagic", "magic", "quickref"}
SECRET_WORDS = re.compile(r"get_ipython|transform_cell|run_cell|input_transformer|"
                          r"ast_transformers|set_custom_exc|showtraceback|__code__|__globals__|"
                          r"_implementation|sys\.modules|__builtins__|_nncourse|__subclasses__|"
                          r"user_expressions|do_execute|settrace")


def _root_name(node):
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.value if not isinstance(node, ast.Call) else node.func
    return node.id if isinstance(node, ast.Name) else None


class _Scanner(ast.NodeVisitor):
    def __init__(self, course_names):
        self.found = set()               # {(family, detail)}
        self.depth = 0                   # 0 at the top level of the cell
        self.course_names = set(course_names)
        self.numpy_aliases = {"np", "numpy"}

    def add(self, family, detail):
        self.found.add((family, detail))

    # imports -------------------------------------------------------------------------------
    def _module(self, name):
        top = name.split(".")[0]
        if top in INTROSPECTION_MODULES:
            self.add("introspection", f"import {name}")
        elif top in PROCESS_MODULES:
            self.add("process", f"import {name}")
        elif top in NETWORK_MODULES:
            self.add("network", f"import {name}")
        elif top in FILE_MODULES:
            self.add("files", f"import {name}")
        elif top in ("IPython", "ipykernel", "jupyter_client", "nbclient", "nbgrader",
                     "nncourse", "traitlets") and name not in DISPLAY_MODULES:
            self.add("ipython", f"import {name}")

    def visit_Import(self, node):
        for a in node.names:
            self._module(a.name)
            if a.name == "numpy":
                self.numpy_aliases.add(a.asname or "numpy")
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        self._module(node.module or "")
        for a in node.names:
            if (node.module or "").split(".")[0] == "os" and a.name in OS_PROCESS | {"_exit"}:
                self.add("process" if a.name != "_exit" else "exit", f"os.{a.name}")
            if a.name in ("modules", "settrace", "setprofile", "_getframe", "meta_path"):
                self.add("introspection", f"{node.module}.{a.name}")
        self.generic_visit(node)

    # names and attributes ------------------------------------------------------------------
    def visit_Name(self, node):
        if node.id in IPYTHON_NAMES:
            self.add("ipython", node.id)
        elif node.id in ("__builtins__", "__import__", "__loader__", "__spec__"):
            self.add("introspection", node.id)
        self.generic_visit(node)

    def visit_Attribute(self, node):
        root = _root_name(node)
        if node.attr in IPYTHON_ATTRS and (root in IPYTHON_NAMES or node.attr in (
                "transform_cell", "run_cell", "run_cell_async", "input_transformers_post",
                "input_transformer_manager", "ast_transformers", "set_custom_exc",
                "showtraceback", "user_expressions", "do_execute")):
            self.add("ipython", node.attr)
        if node.attr in INTROSPECTION_ATTRS:
            self.add("introspection", node.attr)
        if root in ("sys", "threading") and node.attr in SYS_ATTRS and not (
                node.attr in ("stdout", "stderr") and isinstance(node.ctx, ast.Load)):
            self.add("introspection", f"{root}.{node.attr}")
        if node.attr == "__class__" and isinstance(node.ctx, ast.Store):
            self.add("introspection", "assigns __class__")
        if root == "os" and node.attr in OS_FILES:
            self.add("files", f"os.{node.attr}")
        if root == "os" and node.attr in OS_PROCESS:
            self.add("process", f"os.{node.attr}")
        if root == "os" and node.attr in ("_exit", "abort"):
            self.add("exit", f"os.{node.attr}")
        if root == "sys" and node.attr == "exit":
            self.add("exit", "sys.exit")
        if node.attr in PATH_WRITES and root not in self.numpy_aliases:
            self.add("files", f".{node.attr}()")
        if root in self.numpy_aliases and node.attr in NUMPY_WRITES:
            self.add("files", f"np.{node.attr}")
        if isinstance(node.ctx, (ast.Store, ast.Del)) and (
                root in self.numpy_aliases or root in self.course_names):
            self.add("testing", f"assigns to {ast.unparse(node)}")
        self.generic_visit(node)

    # calls ---------------------------------------------------------------------------------
    def visit_Call(self, node):
        f = node.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Call) \
                and isinstance(f.value.func, ast.Name) and f.value.func.id == "get_ipython" \
                and not f.value.args and f.attr in MAGIC_CALLS:
            # a %magic or !command line, as IPython rewrites it
            what = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) \
                else "?"
            if f.attr in ("system", "getoutput"):
                self.add("process", "a shell command (!...)")
            elif what not in SAFE_MAGICS:
                self.add("ipython", f"the magic %{what}")
            for a in node.args[1:] + [k.value for k in node.keywords]:
                self.visit(a)
            return
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) \
            else None
        if isinstance(f, ast.Name) and f.id in DYNAMIC_CALLS or isinstance(f, ast.Attribute) \
                and f.attr in ("import_module", "reload", "__import__", "run_path", "run_module"):
            self.add("dynamic", f"{name}()")
        if name in ("getattr", "setattr", "delattr", "hasattr") and (
                len(node.args) < 2 or not isinstance(node.args[1], ast.Constant)):
            self.add("dynamic", f"{name}() with a name computed at run time")
        if name in ("setattr", "delattr") and node.args and (
                _root_name(node.args[0]) in self.numpy_aliases | self.course_names):
            self.add("testing", f"{name}({ast.unparse(node.args[0])}, ...)")
        if isinstance(f, ast.Name) and f.id in EXIT_CALLS:
            self.add("exit", f"{f.id}()")
        if name == "open" and isinstance(f, ast.Name):
            mode = node.args[1] if len(node.args) > 1 else next(
                (k.value for k in node.keywords if k.arg == "mode"), None)
            if mode is not None and not (isinstance(mode, ast.Constant)
                                         and not set(str(mode.value)) & set("wax+")):
                self.add("files", "open() for writing")
        self.generic_visit(node)

    # definitions and assignments -----------------------------------------------------------
    def _nested(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_FunctionDef(self, node):
        if node.name in FAKE_DUNDERS:
            self.add("fake", f"defines {node.name}")
        if node.name in self.course_names and self.depth == 0:
            self.add("testing", f"redefines the course's {node.name}")
        self._nested(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self._nested(node)

    def visit_ClassDef(self, node):
        if node.name in self.course_names and self.depth == 0:
            self.add("testing", f"redefines the course's {node.name}")
        self._nested(node)

    def visit_Assign(self, node):
        for t in node.targets:
            self._target(t)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._target(node.target)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        self._target(node.target)
        self.generic_visit(node)

    def _target(self, t):
        for n in ast.walk(t):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                if self.depth == 0 and (n.id in self.course_names or n.id in ("np", "numpy")):
                    self.add("testing", f"rebinds {n.id}")
                if n.id in FAKE_DUNDERS:
                    self.add("fake", f"defines {n.id}")
                if n.id in ("__builtins__", "__import__", "get_ipython"):
                    self.add("introspection", f"rebinds {n.id}")

    def visit_Raise(self, node):
        if node.exc is not None and _root_name(node.exc) in ("SystemExit", "KeyboardInterrupt"):
            self.add("exit", f"raise {_root_name(node.exc)}")
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str):
            for m in set(SECRET_WORDS.findall(node.value)):
                self.add("introspection" if m.startswith("_") or "." in m else "ipython",
                         f"the string {m!r}")


_TRANSFORMER = []


def _python(source):
    """The Python that IPython runs for ``source`` (magics and ! lines become calls)."""
    if not _TRANSFORMER:
        from IPython.core.inputtransformer2 import TransformerManager
        _TRANSFORMER.append(TransformerManager())
    try:
        return _TRANSFORMER[0].transform_cell(source)
    except Exception:
        return source


def scan(source, course_names=()):
    """{(family, detail)} found in one cell's source; empty when it does not parse."""
    try:
        tree = ast.parse(_python(source))
    except (SyntaxError, ValueError):
        return set()
    s = _Scanner(course_names)
    s.visit(tree)
    return s.found


def flag_lines(student_cells, master_cells, course_names=(), cache=None):
    """Plain-words flag lines, one per family, for what the student's cells do and the
    master's cells do not. Cells are (label, source) pairs; ``cache`` (a dict) keeps the
    master's findings between notebooks of one class."""
    key = (tuple(src for _, src in master_cells), tuple(sorted(course_names)))
    baseline = None if cache is None else cache.get(key)
    if baseline is None:
        baseline = set()
        for _, src in master_cells:
            baseline |= scan(src, course_names)
        if cache is not None:
            cache.clear()
            cache[key] = baseline
    per_family = {}
    for label, src in student_cells:
        for family, detail in sorted(scan(src, course_names) - baseline):
            entry = per_family.setdefault(family, {})
            entry.setdefault(detail, []).append(label)
    lines = []
    for family in FAMILIES:
        if family in per_family:
            details = per_family[family]
            cells = sorted({c for labels in details.values() for c in labels})
            shown = ", ".join(sorted(details)[:6]) + (
                f" and {len(details) - 6} more" if len(details) > 6 else "")
            lines.append(f"its code {FAMILIES[family]}: {shown} (in {', '.join(cells[:5])}"
                         f"{' and more' if len(cells) > 5 else ''}): review it")
    return lines
