"""Real servers on this machine's loopback, for the tests and the benchmark of the class grader:
a PostgreSQL cluster (Debian's ``postgresql``: ``initdb`` / ``pg_ctl``) in a temporary data
directory, and a Dask cluster started with Dask's own CLI (``dask scheduler``, ``dask worker``),
the scheduler and each worker in its own working directory with its own copy of the course's code
(the ``nncourse`` package only: no course, no repository), so nothing can rely on the driver's
files.

    with PostgresServer() as pg, DaskCLICluster(workers=2) as cluster:
        url = pg.create_database("gradebook")
        grade(course, scheduler=cluster.address, db=url)
"""
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PG_PACKAGE = "postgresql"        # Debian's package with initdb, pg_ctl and the server


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin(name):
    """The path of PostgreSQL's program ``name`` (Debian keeps them in
    /usr/lib/postgresql/<version>/bin, off the PATH), or None."""
    found = shutil.which(name)
    if found:
        return found
    cands = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    cands.sort(key=lambda p: [int(x) if x.isdigit() else 0 for x in p.split("/")[4].split(".")])
    return cands[-1] if cands else None


def _wait(what, ready, proc, log, seconds):
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        if ready():
            return
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.3)
    tail = Path(log).read_text(errors="replace")[-3000:] if Path(log).exists() else ""
    raise RuntimeError(f"{what} did not start within {seconds} s:\n{tail}")


class PostgresServer:
    """A throw-away PostgreSQL cluster on 127.0.0.1 (trust authentication: loopback tests only).
    As root the server runs as the unprivileged ``postgres`` user (``nobody`` if there is none):
    PostgreSQL refuses to run as root."""

    def __init__(self, port=None, user="nncourse"):
        self.port, self.user = port or free_port(), user
        self.dir = None

    def _as_owner(self):
        if os.geteuid() != 0:
            return []
        name = "postgres"
        try:
            pw = pwd.getpwnam(name)
        except KeyError:
            pw = pwd.getpwnam("nobody")
        self._uid, self._gid = pw.pw_uid, pw.pw_gid
        return ["setpriv", f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--clear-groups", "--"]

    def start(self):
        initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError(f"PostgreSQL is not installed: install Debian's '{PG_PACKAGE}' "
                               f"package (`python -m nncourse setup` does it as root)")
        self.dir = Path(tempfile.mkdtemp(prefix="nncourse-pg-"))
        owner = self._as_owner()
        if owner:
            os.chown(self.dir, self._uid, self._gid)
        data, log = self.dir / "data", self.dir / "server.log"
        env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
        subprocess.run(owner + [initdb, "-D", str(data), "-U", self.user, "--auth=trust",
                                "-E", "UTF8", "--no-sync"],
                       cwd=self.dir, env=env, check=True, capture_output=True)
        opts = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                "-c unix_socket_directories='' -c max_connections=50")
        proc = subprocess.run(owner + [pg_ctl, "-D", str(data), "-l", str(log), "-o", opts,
                                       "-w", "-t", "120", "start"],
                              cwd=self.dir, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {proc.stdout}{proc.stderr}{tail}")
        return self

    def url(self, database):
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name):
        import psycopg
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self):
        if self.dir is None:
            return
        subprocess.run(self._as_owner() + [pg_bin("pg_ctl"), "-D", str(self.dir / "data"),
                                           "-m", "immediate", "-w", "stop"],
                       cwd=self.dir, capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def dask_cli():
    """Dask's command line (the ``dask`` script beside this Python)."""
    script = Path(sys.executable).parent / "dask"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dask"]


class DaskCLICluster:
    """``dask scheduler`` and ``workers`` × ``dask worker`` as separate processes on 127.0.0.1.

    Each worker runs in its own folder, with a copy of the ``nncourse`` package on its
    PYTHONPATH (the software a worker machine needs) and nothing else of the course."""

    def __init__(self, workers=2, nthreads=1):
        self.n, self.nthreads = workers, nthreads
        self.dir, self.procs, self.workers = None, {}, {}

    def _spawn(self, name, args, cwd, env=None):
        log = open(self.dir / f"{name}.log", "ab")
        proc = subprocess.Popen(dask_cli() + args, cwd=cwd, env=env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        log.close()
        self.procs[name] = proc
        return proc

    def start(self):
        self.dir = Path(tempfile.mkdtemp(prefix="nncourse-dask-"))
        port = free_port()
        self.address = f"tcp://127.0.0.1:{port}"
        proc = self._spawn("scheduler", ["scheduler", "--host", "127.0.0.1", "--port",
                                         str(port), "--no-dashboard", "--dashboard-address",
                                         "127.0.0.1:0", "--no-show"],
                           self.dir / "scheduler", self._env(self.dir / "scheduler"))
        _wait("the Dask scheduler", lambda: self._listening(port), proc,
              self.dir / "scheduler.log", 120)
        for i in range(self.n):
            self.start_worker(i)
        self.wait_for_workers(self.n)
        return self

    @staticmethod
    def _listening(port):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False

    @staticmethod
    def _env(home):
        """The environment of a process of the cluster running in folder ``home``, with its own
        copy of the course's code (Dask's scheduler, too, unpickles the tasks' functions)."""
        from . import ROOT
        code = home / "code"
        if not code.exists():
            shutil.copytree(Path(ROOT) / "nncourse", code / "nncourse",
                            ignore=shutil.ignore_patterns("__pycache__"))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["PYTHONPATH"] = str(code)
        return env

    def start_worker(self, i):
        """Start worker ``i`` in its own folder (again, after it was killed)."""
        home = self.dir / f"worker{i}"
        (home / "scratch").mkdir(parents=True, exist_ok=True)
        env = self._env(home)
        self.workers[i] = home
        return self._spawn(f"worker{i}", ["worker", self.address, "--host", "127.0.0.1",
                                          "--nthreads", str(self.nthreads), "--nworkers", "1",
                                          "--no-dashboard", "--dashboard-address",
                                          "127.0.0.1:0", "--name", f"worker{i}",
                                          "--local-directory", str(home / "scratch")],
                           home, env)

    def client(self, **kw):
        from distributed import Client
        return Client(self.address, timeout=60, **kw)

    def wait_for_workers(self, n, seconds=180):
        with self.client() as c:
            c.wait_for_workers(n, timeout=seconds)

    def kill_worker(self, i):
        """SIGKILL the whole ``dask worker`` process group of worker ``i`` (nanny and worker:
        as if its machine was lost)."""
        proc = self.procs[f"worker{i}"]
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()

    def stop(self):
        for name, proc in reversed(list(self.procs.items())):
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.procs = {}
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
