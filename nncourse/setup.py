"""``python -m nncourse setup``: install the system parts the course's tools need (Debian).

- ``bubblewrap``: the sandbox every student kernel runs in when notebooks are graded;
- ``chromium``: the browser the test suite drives (tests/test_browser.py, through Playwright:
  Playwright's own browser download is never used).
- ``postgresql``: the database server the tests (and a large class's gradebook) use.

As root on Debian or Ubuntu it installs what is missing with apt-get; otherwise it prints the
command to run. Then it checks that a sandbox can really start here and says so. Exit status 1
when a part is missing or the sandbox cannot start.
"""
import os
import shutil
import subprocess
import sys

PACKAGES = {"bwrap": "bubblewrap", "chromium": "chromium", "initdb": "postgresql"}  # command: Debian package


def missing():
    from .servers import pg_bin     # Debian keeps PostgreSQL's programs off the PATH
    return {cmd: pkg for cmd, pkg in PACKAGES.items()
            if shutil.which(cmd) is None and (pkg != "postgresql" or pg_bin(cmd) is None)}


def install(packages, log=print):
    """apt-get install ``packages`` when running as root with apt-get; True on success."""
    if not packages:
        return True
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        log(f"missing: {', '.join(packages)}; install with: sudo apt-get install -y "
            f"{' '.join(packages)}")
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if subprocess.run(cmd, env=env).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env)
        if subprocess.run(cmd, env=env).returncode != 0:
            log(f"apt-get could not install {' '.join(packages)}")
            return False
    return True


def main(argv=None):
    from .sandbox import check_available
    ok = install(sorted(set(missing().values())))
    still = missing()
    why = check_available() if "bwrap" not in still else "bubblewrap is missing"
    if "chromium" in still:
        print("setup: chromium is missing: the browser tests (tests/test_browser.py) will fail "
              "until it is installed (sudo apt-get install chromium)", file=sys.stderr)
    if why or not ok:
        if why:
            print(f"setup: the grading sandbox cannot start: {why}", file=sys.stderr)
        return 1
    print("setup: OK (bubblewrap, chromium and postgresql installed; a sandbox starts here)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
