"""The sandbox every student kernel runs in: Debian's bubblewrap (``bwrap``), not a home-made jail.

A sandboxed kernel sees

- the system read-only: /usr (and the /bin, /lib... links into it), the Python installation and
  its packages, a few files of /etc; nothing else of the machine (no /work, /home, /root, /srv);
- its working folder, where the notebook "lives": a private, size-limited tmpfs at the same path
  as the folder nbgrader runs it in, holding read-only copies of the files the assignment gives
  students (``course_data.py``, ``nn.py``); the student's own files and the notebook file are not
  there, and nothing written there survives the kernel;
- a private, size-limited /tmp (also its HOME), its own /proc and a minimal /dev;
- its own PID namespace (nothing it starts outlives it, and it cannot see or signal the grader),
  no network (its own empty network namespace; the grader talks to it over Unix sockets in a
  private folder), its own IPC and host name, no capabilities, no new privileges;
- when the grader runs as root, a dedicated unprivileged uid, so limits on processes bind;
- limits: address space (memory), file size, open files, processes, and CPU time (a hard limit
  per kernel; the per-cell and per-notebook budgets are enforced by GuardedExecute).

Nothing of the course is visible: not source/, solutions/, the gradebook, nbgrader_config.py,
nncourse/, nor other students' work.
"""
import functools
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Any

DEBIAN_PACKAGE = "bubblewrap"
UNSAFE_ENV = "NNCOURSE_UNSAFE_NO_SANDBOX"   # "1": run kernels without the sandbox (trusted work)
SANDBOX_UID_BASE = 200_000                   # uids 200000..249999: not used by any account


@dataclass
class Limits:
    memory: int = 3 * 2 ** 30        # bytes of address space per process (RLIMIT_AS)
    file_size: int = 256 * 2 ** 20   # bytes per file written (RLIMIT_FSIZE)
    tmp_size: int = 512 * 2 ** 20    # bytes of /tmp
    work_size: int = 256 * 2 ** 20   # bytes of the working folder
    processes: int = 64              # tasks (processes and threads) of the sandbox uid
    open_files: int = 1024
    cpu_seconds: int = 3600          # CPU time of one process, after which it is killed


class SandboxUnavailable(RuntimeError):
    pass


def unsafe_requested():
    return os.environ.get(UNSAFE_ENV, "") == "1"


@functools.lru_cache(maxsize=None)
def check_available():
    """None when sandboxed kernels can start here, else the reason (one paragraph)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return (f"bubblewrap is not installed: install the Debian package '{DEBIAN_PACKAGE}' "
                f"(sudo apt-get install {DEBIAN_PACKAGE}; `python -m nncourse setup` does it as "
                "root)")
    argv = command(["/bin/true"], workdir=tempfile.gettempdir(), private=None, given={},
                   limits=Limits())
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"bubblewrap could not start a sandbox: {e}"
    if proc.returncode != 0:
        return ("bubblewrap is installed but cannot create a sandbox on this machine (user "
                "namespaces disabled, or running inside a container that forbids them): "
                + (proc.stderr.strip().splitlines() or ["no message"])[-1])
    return None


def require_sandbox():
    """Raise SandboxUnavailable with a clear message unless kernels can be sandboxed here or the
    instructor explicitly chose to run without it."""
    if unsafe_requested():
        return False
    why = check_available()
    if why:
        raise SandboxUnavailable(
            f"Refusing to run untrusted notebooks without the sandbox: {why}. To grade trusted "
            f"notebooks anyway, pass --unsafe-no-sandbox to `python -m nncourse grade` or set "
            f"{UNSAFE_ENV}=1 for `nbgrader autograde`.")
    return True


@functools.lru_cache(maxsize=None)
def python_paths():
    """The folders a kernel's Python needs, read-only: the installation and every package
    folder of a clean interpreter's sys.path (no PYTHONPATH, no current folder)."""
    out = subprocess.run([sys.executable, "-I", "-c", "import sys, json; print(json.dumps("
                          "[sys.prefix, sys.base_prefix, sys.exec_prefix] + sys.path))"],
                         capture_output=True, text=True, cwd="/", check=True)
    paths = []
    for p in json.loads(out.stdout):
        p = os.path.realpath(p)
        if p and os.path.isdir(p) and p != "/" and not any(
                p == q or p.startswith(q + os.sep) for q in paths):
            paths = [q for q in paths if not q.startswith(p + os.sep)] + [p]
    exe = os.path.realpath(sys.executable)
    if not any(exe.startswith(q + os.sep) for q in paths):
        paths.append(os.path.dirname(exe))
    return tuple(paths)


SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/localtime", "/etc/nsswitch.conf", "/etc/hosts")


def command(inner, *, workdir, private, given, limits, uid=None):
    """The bwrap argv that runs ``inner`` (a list) in the sandbox.

    workdir: the folder the kernel starts in (same path inside, on a private tmpfs);
    private: a host folder bound read-write at the same path (Unix sockets, connection file),
    or None; given: {relative path: host path} copied read-only into workdir.
    """
    root = os.geteuid() == 0
    a = ["bwrap", "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net",
         "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "sandbox",
         "--clearenv"]
    if root:
        # No user namespace: capabilities are dropped for real (setuid/setgid/setpcap are kept
        # only for setpriv, which drops them with the change to the sandbox uid).
        a += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
              "--cap-add", "CAP_SETPCAP"]
    else:
        a += ["--unshare-user"]
    a += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib64", "lib32", "libx32"):
        p = f"/{name}"
        if os.path.islink(p):
            a += ["--symlink", os.readlink(p), p]
        elif os.path.isdir(p):
            a += ["--ro-bind", p, p]
    for f in SYSTEM_FILES:
        if os.path.isfile(f):
            a += ["--ro-bind", f, f]
    made = set()

    def bind(how, src, dst):
        # parents are created 0755, whatever the host's mode (/root is 0700)
        for parent in reversed(Path(dst).parents[:-1]):
            if parent not in made:
                made.add(parent)
                a.extend(["--perms", "0755", "--dir", str(parent)])
        a.extend([how, str(src), str(dst)])

    for p in python_paths():
        if not p.startswith("/usr/"):
            bind("--ro-bind", p, p)
    a += ["--proc", "/proc", "--dev", "/dev",
          "--perms", "1777", "--size", str(limits.tmp_size), "--tmpfs", "/tmp",
          "--perms", "1777", "--size", str(limits.work_size), "--tmpfs", str(workdir)]
    for rel, host in sorted(given.items()):
        a += ["--ro-bind", str(host), str(Path(workdir) / rel)]
    if private is not None:
        bind("--bind", private, private)
    env = {"HOME": "/tmp", "TMPDIR": "/tmp", "PATH": "/usr/local/bin:/usr/bin:/bin",
           "LANG": "C.UTF-8", "USER": "student", "LOGNAME": "student", "MPLCONFIGDIR": "/tmp/mpl",
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    for k, v in sorted(env.items()):
        a += ["--setenv", k, v]
    a += ["--chdir", str(workdir), "--"]
    a += ["prlimit", f"--as={limits.memory}", f"--fsize={limits.file_size}",
          f"--nofile={limits.open_files}", f"--nproc={limits.processes}",
          f"--cpu={limits.cpu_seconds}", f"--core=0", "--"]
    if root:
        u = uid if uid is not None else SANDBOX_UID_BASE + os.getpid() % 50_000
        a += ["setpriv", f"--reuid={u}", f"--regid={u}", "--clear-groups", "--inh-caps=-all",
              "--bounding-set=-all", "--"]
    return a + list(inner)


def copy_given(source_dir, notebook_name, into):
    """Copy the files an assignment gives students (everything in ``source_dir`` but its
    notebooks and caches) into ``into``, readable by the sandbox; returns {relative: copy}."""
    given = {}
    if not source_dir or not Path(source_dir).is_dir():
        return given
    for path in sorted(Path(source_dir).rglob("*")):
        rel = path.relative_to(source_dir)
        if path.suffix == ".ipynb" or any(part.startswith(".") or part == "__pycache__"
                                          for part in rel.parts) or not path.is_file():
            continue
        dst = Path(into) / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dst)          # follows the course's own symlinks (nn.py)
        os.chmod(dst, 0o444)
        given[str(rel)] = dst
    for d in [Path(into), *{p.parent for p in given.values()}]:
        os.chmod(d, 0o755)
    return given


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels run in the sandbox, reached over Unix sockets.

    ``sandbox`` is a dict: {"source_dir": the assignment's folder in source/ (its given files),
    "limits": Limits}. Interrupts are sent as messages (a signal cannot reach into the PID
    namespace)."""

    sandbox = Any(None, allow_none=True)

    def __init__(self, **kw):
        super().__init__(**kw)
        self._private = Path(tempfile.mkdtemp(prefix="nncourse-sbx-"))
        os.chmod(self._private, 0o711)
        (self._private / "ipc").mkdir(mode=0o777)
        os.chmod(self._private / "ipc", 0o777)
        self.transport = "ipc"
        self.ip = str(self._private / "ipc" / "k")
        self.connection_file = str(self._private / "ipc" / "kernel.json")

    def format_kernel_cmd(self, extra_arguments=None):
        self.kernel_spec.interrupt_mode = "message"
        inner = super().format_kernel_cmd(extra_arguments)
        os.chmod(self.connection_file, 0o644)
        spec = self.sandbox or {}
        cwd = self._launch_args.get("cwd") or os.getcwd()
        given_dir = self._private / "given"
        if not given_dir.exists():
            given_dir.mkdir()
            self._given = copy_given(spec.get("source_dir"), None, given_dir)
        return command(inner, workdir=os.path.realpath(cwd), private=self._private / "ipc",
                       given=self._given, limits=spec.get("limits") or Limits())

    async def _async_pre_start_kernel(self, **kw):
        # the kernel's environment is set by bwrap (--clearenv), not inherited
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        kw.pop("env", None)
        kw["env"] = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        return cmd, kw

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._private, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources

    def kernel_pid(self):
        p = getattr(self.provisioner, "process", None)
        return p.pid if p is not None else None


# ------------------------------------------------------------------------------------------
# CPU time of a kernel and everything it started


def _proc_stat(pid):
    with open(f"/proc/{pid}/stat", "rb") as f:
        data = f.read().decode(errors="replace")
    rest = data[data.rindex(")") + 2:].split()
    # fields after the command: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17)
    return int(rest[1]), sum(int(x) for x in rest[11:15])


_TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(root_pid):
    """CPU seconds (user + system) used by ``root_pid`` and all its descendants, including
    children they have already waited for; None when the process is gone."""
    if root_pid is None:
        return None
    parents, ticks = {}, {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                parents[int(name)], ticks[int(name)] = _proc_stat(name)
            except (OSError, ValueError, IndexError):
                pass
    if root_pid not in ticks:
        return None
    children = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += ticks.get(pid, 0)
        todo += children.get(pid, [])
    return total / _TICK


@dataclass
class Clock:
    """Wall and CPU time of one notebook across kernel restarts."""
    cpu: float = 0.0
    wall: float = 0.0
    _base: float = 0.0
    _pid: int = None
    _t0: float = field(default_factory=time.monotonic)

    def follow(self, pid):
        """Start counting a (new) kernel process tree."""
        if self._pid is not None:
            self.update()
        self._base, self._pid = self.cpu, pid

    def update(self):
        used = tree_cpu_seconds(self._pid)
        if used is not None:
            self.cpu = max(self.cpu, self._base + used)
        self.wall = time.monotonic() - self._t0
        return self.cpu


def is_regular_file(path):
    """True for a regular file that is not a symlink (never opens FIFOs or devices)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
