"""The in-kernel half of the grader's guard. GuardedExecute sends this file's source into each
fresh kernel *before any student code runs*, where it becomes the module ``_nncourse_guard``.

``setup`` records the pristine test machinery; ``restore`` (before every tests cell) finds what
changed since, puts the pristine objects back and returns what it found; ``poison``/``cure``
serve the canary (a tests cell run once with the student's names replaced by objects that fail on
any use: its checks must fail). The file is plain Python, run with nothing but the standard
library and what is already imported; it never raises for an honest notebook.

What it protects:
- in numpy, builtins, math, every module the tests import, and the machinery that runs cells
  (IPython, ipykernel, traitlets, zmq, jupyter_client, json, importlib, warnings, os...): the
  callables, classes and modules bound in their namespaces, the attributes of the classes they
  define, and their functions' ``__code__``, ``__defaults__``, ``__kwdefaults__`` and
  ``__wrapped__`` — numpy's dispatchers (``np.array_equal``) with their ``_implementation``;
- the shell, the kernel and their parts (instance attributes that override methods, traits),
  input transformers, AST transformers, event callbacks, custom exception handlers, sys hooks
  (excepthook, displayhook, trace, profile, stdout/stderr), the import system (sys.modules
  entries, sys.path, meta_path, path_hooks), and the names the course's read-only cells define.
"""
import builtins
import sys
import types

_MACHINERY = ("IPython", "ipykernel", "traitlets", "zmq", "jupyter_client", "jupyter_core",
              "comm", "json", "importlib", "warnings", "contextlib", "functools", "os",
              "posixpath", "io", "threading", "types")
_TESTED = ("builtins", "math", "numpy")
_ROUTINE = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type,
            types.ModuleType, staticmethod, classmethod, property, types.MethodDescriptorType,
            types.WrapperDescriptorType, types.MethodWrapperType)

S = {}          # the snapshot (module state of _nncourse_guard)
_MISSING = object()


def _under(name, prefixes):
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _is_routine(v):
    return isinstance(v, _ROUTINE) or type(v).__name__ in (
        "_ArrayFunctionDispatcher", "ufunc", "cython_function_or_method", "fused_cython_function")


def _fn_state(f):
    # of a function's __dict__ only __wrapped__ matters (inspect and numpy's dispatchers follow
    # it); libraries cache other attributes on their functions at run time
    wrapped = (getattr(f, "__dict__", None) or {}).get("__wrapped__", _MISSING)
    return (getattr(f, "__code__", None), getattr(f, "__defaults__", None),
            getattr(f, "__kwdefaults__", None), wrapped)


def _same_state(a, b):
    return all(x is y for x, y in zip(a, b))


def _record_function(f, label):
    if isinstance(f, (staticmethod, classmethod)):
        f = f.__func__
    if isinstance(f, property):
        for part in (f.fget, f.fset, f.fdel):
            if part is not None:
                _record_function(part, label)
        return
    impl = getattr(f, "_implementation", None) if type(f).__name__ == \
        "_ArrayFunctionDispatcher" else None
    if impl is not None:
        _record_function(impl, label + "._implementation")
    if isinstance(f, types.FunctionType) or type(f).__name__ == "_ArrayFunctionDispatcher":
        known = S["functions"].get(id(f))
        if known is None or len(label) < len(known[1]):     # the shortest public name
            S["functions"][id(f)] = (f, label, known[2] if known else _fn_state(f))


def setup(course_imports=(), protect_names=()):
    """Record the pristine state. ``course_imports``: modules the tests import (imported now,
    so a notebook cannot plant a fake one before the tests import it)."""
    import importlib
    for name in course_imports:
        try:
            importlib.import_module(name)
        except Exception:
            pass
    ip = get_ipython()  # noqa: F821 (the kernel's)
    S.clear()
    S["functions"] = {}
    S["modules"] = {n: m for n, m in sys.modules.items() if isinstance(m, types.ModuleType)}
    S["namespaces"] = {}
    S["classes"] = {}
    watched = _TESTED + _MACHINERY + tuple(course_imports)
    for name, mod in S["modules"].items():
        if not _under(name, watched):
            continue     # modules the tests do not use cannot change their outcome
        try:
            ns = vars(mod)
        except TypeError:
            continue
        S["namespaces"][name] = {k: v for k, v in ns.items() if _is_routine(v)}
        for k, v in list(ns.items()):
            if _is_routine(v):
                _record_function(v, f"{name}.{k}")
            if isinstance(v, type) and getattr(v, "__module__", None) == name:
                attrs = {a: w for a, w in vars(v).items() if _is_routine(w) or
                         isinstance(w, (staticmethod, classmethod, property))}
                for a, w in attrs.items():
                    _record_function(w, f"{name}.{k}.{a}")
                S["classes"][id(v)] = (v, f"{name}.{k}", attrs, set(vars(v)))
    S["instances"] = []
    for label, obj in (("the shell", ip), ("the kernel", getattr(ip, "kernel", None)),
                       ("the kernel session", getattr(getattr(ip, "kernel", None), "session",
                                                      None)),
                       ("the display publisher", getattr(ip, "display_pub", None)),
                       ("the display hook", getattr(ip, "displayhook", None)),
                       ("the compiler", getattr(ip, "compile", None)),
                       ("the input transformer", getattr(ip, "input_transformer_manager", None)),
                       ("the event manager", getattr(ip, "events", None)),
                       ("stdout", sys.stdout), ("stderr", sys.stderr)):
        if obj is not None:
            S["instances"].append((label, obj, dict(vars(obj)),
                                   dict(getattr(obj, "_trait_values", {}) or {})))
    itm = ip.input_transformer_manager
    S["lists"] = [(label, lst, list(lst)) for label, lst in (
        ("input_transformers_post", ip.input_transformers_post),
        ("input_transformers_cleanup", itm.cleanup_transforms),
        ("input line transforms", itm.line_transforms),
        ("input token transformers", itm.token_transformers),
        ("ast_transformers", ip.ast_transformers),
        ("sys.meta_path", sys.meta_path), ("sys.path_hooks", sys.path_hooks),
        ("sys.path", sys.path))]
    S["events"] = {e: list(cbs) for e, cbs in ip.events.callbacks.items()}
    S["sys"] = {k: getattr(sys, k) for k in ("excepthook", "displayhook", "breakpointhook",
                                             "unraisablehook", "stdout", "stderr", "stdin")}
    S["trace"], S["profile"] = sys.gettrace(), sys.getprofile()
    import threading
    S["threading"] = (threading._trace_hook, threading._profile_hook)
    S["custom_exc"] = (ip.custom_exceptions, ip.CustomTB)
    S["protected"] = {}
    S["course_names"] = set(protect_names)
    S["before"] = {}
    S["poisoned"] = {}


def before_course_cell():
    S["before"] = {k: id(v) for k, v in get_ipython().user_ns.items()}  # noqa: F821


def after_course_cell():
    for k, v in get_ipython().user_ns.items():  # noqa: F821
        if not k.startswith("_") and S["before"].get(k) != id(v):
            S["protected"][k] = v


def restore():
    """Undo every change to the recorded machinery; returns [[family, what], ...]."""
    found = []

    def note(family, what):
        found.append([family, what])

    ip = get_ipython()  # noqa: F821
    for name, mod in S["modules"].items():
        if sys.modules.get(name) is not mod and name in S["namespaces"]:
            note("interpreter", f"sys.modules[{name!r}] was replaced or removed")
            sys.modules[name] = mod
    for name, pristine in S["namespaces"].items():
        ns = vars(S["modules"][name])
        for k, v in pristine.items():
            if ns.get(k, _MISSING) is not v:
                note("testing" if _under(name, _TESTED) else "machinery", f"{name}.{k} was replaced")
                ns[k] = v
        for k in [k for k, v in ns.items() if k not in pristine and _is_routine(v)
                  and not isinstance(v, types.ModuleType)]:
            if _under(name, _TESTED + ("IPython", "ipykernel")):
                note("testing" if _under(name, _TESTED) else "machinery",
                     f"{name}.{k} was added")
                del ns[k]
    for f, label, state in S["functions"].values():
        if not _same_state(_fn_state(f), state):
            note("testing" if label.split(".")[0] in _TESTED else "machinery",
                 f"the code or defaults of {label} were swapped")
            code, defaults, kwdefaults, wrapped = state
            if code is not None and type(f).__name__ != "_ArrayFunctionDispatcher":
                f.__code__, f.__defaults__, f.__kwdefaults__ = code, defaults, kwdefaults
            if hasattr(f, "__dict__"):
                if wrapped is _MISSING:
                    f.__dict__.pop("__wrapped__", None)
                else:
                    f.__dict__["__wrapped__"] = wrapped
    for cls, label, attrs, names in S["classes"].values():
        now = vars(cls)
        for a, w in attrs.items():
            if now.get(a, _MISSING) is not w:
                note("machinery" if not label.startswith(_TESTED) else "testing",
                     f"{label}.{a} was replaced")
                setattr(cls, a, w)
        for a in [a for a, w in now.items() if a not in names and callable(w)
                  and not a.startswith("_abc_")]:
            note("machinery", f"{label}.{a} was added")
            try:
                delattr(cls, a)
            except (AttributeError, TypeError):
                pass
    for label, obj, attrs, traits in S["instances"]:
        now = vars(obj)
        for k, v in list(now.items()):
            old = attrs.get(k, _MISSING)
            if old is v:
                continue
            if old is _MISSING and callable(v) and hasattr(type(obj), k):
                note("machinery", f"{label}'s method {k} was overridden")
                del now[k]
            elif old is not _MISSING and (callable(old) or callable(v)) \
                    and not isinstance(old, (list, dict, set)):
                note("machinery", f"{label}'s {k} was replaced")
                now[k] = old
        tv = getattr(obj, "_trait_values", None)
        if isinstance(tv, dict):
            for k, old in traits.items():
                v = tv.get(k, _MISSING)
                if v is not old and (callable(old) or isinstance(old, (list, dict))
                                     or callable(v)):
                    if isinstance(old, (list, dict)) and type(v) is type(old):
                        continue   # same container type re-bound (e.g. a reset history)
                    note("machinery", f"{label}'s {k} was replaced")
                    tv[k] = old
    for label, lst, items in S["lists"]:
        if list(lst) != items:
            if label != "sys.path":
                note("machinery" if "transform" in label else "interpreter",
                     f"{label} was modified")
            else:
                note("interpreter", "sys.path was modified")
            lst[:] = items
    cbs = ip.events.callbacks
    for e, saved in S["events"].items():
        now = list(cbs.get(e, []))
        if now != saved:
            # callbacks the installed packages register (matplotlib's inline backend) are kept
            new = [f for f in now if f not in saved and _system_code(f)]
            if [f for f in now if f not in new] != saved:
                note("machinery", f"IPython {e} callbacks were modified")
            saved[:] = saved + new
            cbs[e] = list(saved)
    for k, v in S["sys"].items():
        if getattr(sys, k) is not v:
            note("interpreter", f"sys.{k} was replaced")
            setattr(sys, k, v)
    if sys.gettrace() is not S["trace"]:
        note("interpreter", "a trace function was installed (sys.settrace)")
        sys.settrace(S["trace"])
    if sys.getprofile() is not S["profile"]:
        note("interpreter", "a profile function was installed (sys.setprofile)")
        sys.setprofile(S["profile"])
    import threading
    if (threading._trace_hook, threading._profile_hook) != S["threading"]:
        note("interpreter", "a thread trace or profile hook was installed")
        threading._trace_hook, threading._profile_hook = S["threading"]
    if (ip.custom_exceptions, ip.CustomTB) != S["custom_exc"]:
        note("machinery", "IPython's exception handler was replaced (set_custom_exc)")
        ip.custom_exceptions, ip.CustomTB = S["custom_exc"]
    for k, v in S["protected"].items():
        if ip.user_ns.get(k, _MISSING) is not v:
            note("course", f"the course's name {k!r} was rebound")
            ip.user_ns[k] = v
    return found


def _system_code(f):
    """True for a function defined in a file of the Python installation (not a notebook's)."""
    f = getattr(f, "__func__", f)
    code = getattr(f, "__code__", None)
    path = getattr(code, "co_filename", "")
    return bool(path) and any(path.startswith(p + "/") for p in
                              {sys.prefix, sys.base_prefix, sys.exec_prefix, "/usr"})


class CanaryError(BaseException):
    """Raised by a poisoned name; a BaseException, so no ``except Exception`` swallows it."""


def _fail(*_a, **_k):
    raise CanaryError("the grader's check: this name is unavailable here")


class _Poison:
    __slots__ = ()
    __call__ = __getattr__ = __getitem__ = __setitem__ = __iter__ = __len__ = _fail
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __bool__ = __hash__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = _fail
    __rtruediv__ = __matmul__ = __rmatmul__ = __neg__ = __pow__ = __contains__ = _fail
    __array__ = __index__ = __int__ = __float__ = __format__ = __enter__ = _fail
    __array_function__ = __array_ufunc__ = _fail


def poison():
    """Replace every name the student could have defined (not the course's, not private) by
    an object that fails on any use."""
    ip = get_ipython()  # noqa: F821
    keep = set(S["protected"]) | S["course_names"] | {"In", "Out", "get_ipython", "exit", "quit",
                                                      "open"}
    S["poisoned"] = {k: v for k, v in ip.user_ns.items()
                     if not k.startswith("_") and k not in keep
                     and not isinstance(v, types.ModuleType)}
    for k in S["poisoned"]:
        ip.user_ns[k] = _Poison()
    return sorted(S["poisoned"])


def cure():
    ip = get_ipython()  # noqa: F821
    for k, v in S["poisoned"].items():
        ip.user_ns[k] = v
    S["poisoned"] = {}
    return []

