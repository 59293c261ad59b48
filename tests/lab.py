"""Real parts for the browser tests: a fresh copy of the course (what `git clone` gives), a
JupyterLab server on a free loopback port with a token, stopped by its PID, and Debian's
chromium driven by Playwright (never Playwright's own browser download)."""
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from nncourse import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-dev-shm-usage", "--mute-audio"]
ARTIFACTS = ROOT / "test-artifacts" / "browser"     # screenshots and logs of failed tests


def fresh_copy(dst):
    """The files git tracks, as they are in the working tree: a fresh clone of this state
    (no gradebook.db, submitted/, autograded/ content, feedback/, reports/)."""
    dst = Path(dst)
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if not src.exists() and not src.is_symlink():
            continue                      # deleted in the working tree
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(src), target)
        else:
            shutil.copy2(src, target)
    return dst


def browser_missing():
    """Why the browser tests cannot run here, or None."""
    if not Path(CHROMIUM).is_file():
        return (f"Debian's chromium is not installed ({CHROMIUM} is missing): run "
                "`python -m nncourse setup` (it installs it with apt-get as root) or "
                "`sudo apt-get install chromium`")
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -r requirements.txt"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """``with Lab(course) as lab: page.goto(lab.url("lab/tree/..."))``: JupyterLab serving
    ``course`` (its folder as the server root, nbgrader's extensions on), isolated from the
    user's Jupyter settings, news and update checks off."""

    def __init__(self, course, scratch):
        self.course, self.scratch = Path(course).resolve(), Path(scratch).resolve()
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.log = self.scratch / "jupyterlab.log"
        self.proc = None

    def url(self, path=""):
        sep = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}{sep}token={self.token}"

    def start(self, timeout=180):
        cfg = self.scratch / "jupyter-config"
        (cfg / "labconfig").mkdir(parents=True, exist_ok=True)
        (cfg / "labconfig" / "page_config.json").write_text(
            '{"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": true}}')
        # every cell in the page (no windowing), so tests see the whole notebook
        tracker = self.scratch / "lab-settings" / "@jupyterlab" / "notebook-extension"
        tracker.mkdir(parents=True, exist_ok=True)
        (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(cfg),
                   JUPYTERLAB_SETTINGS_DIR=str(self.scratch / "lab-settings"),
                   JUPYTER_RUNTIME_DIR=str(self.scratch / "jupyter-runtime"),
                   IPYTHONDIR=str(self.scratch / "ipython"), PYTHONUNBUFFERED="1")
        cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
               f"--port={self.port}", "--port-retries=0",
               f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.course}",
               f"--LabApp.workspaces_dir={self.scratch / 'workspaces'}",
               "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--ServerApp.disable_check_xsrf=False"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(cmd, cwd=self.course, env=env, stdout=out,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited ({self.proc.returncode}):\n"
                                   + self.log.read_text()[-3000:])
            try:
                with urllib.request.urlopen(self.url("api/status"), timeout=5) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer in {timeout} s:\n"
                           + self.log.read_text()[-3000:])

    def api(self, path, method="GET"):
        import json
        req = urllib.request.Request(self.url(f"api/{path}"), method=method)
        with urllib.request.urlopen(req, timeout=30) as r:
            body = r.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self):
        """Kernels run in sessions of their own: shut each down through the server's API."""
        try:
            for k in self.api("kernels"):
                self.api(f"kernels/{k['id']}", method="DELETE")
        except OSError:
            pass

    def stop(self):
        """Stop the server and all it started (kernels), by its process group."""
        if self.proc is None:
            return
        self.shutdown_kernels()
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)    # kernels left in the group
        except ProcessLookupError:
            pass
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
