"""A real IPython kernel driven as a frontend drives it (jupyter_client), for tests that must
see what JupyterLab sees: a cell's reply status and its payloads (``%load``'s set_next_input)."""
import os
from dataclasses import dataclass, field

from jupyter_client.manager import KernelManager


@dataclass
class Reply:
    status: str                       # "ok" or "error", as in the execute_reply
    ename: str = ""
    evalue: str = ""
    payload: list = field(default_factory=list)
    stdout: str = ""

    def __str__(self):
        return f"{self.status} {self.ename}: {self.evalue}".strip(": ") if self.ename else self.status


class Kernel:
    """``with Kernel(cwd) as k: reply = k.run("1 + 1")``."""

    def __init__(self, cwd, env=None):
        self.km = KernelManager(kernel_name="python3")
        full_env = dict(os.environ, MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1",
                        OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", **(env or {}))
        self.km.start_kernel(cwd=str(cwd), env=full_env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def run(self, code, timeout=300):
        out = []

        def hook(msg):
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])

        msg = self.kc.execute_interactive(code, timeout=timeout, output_hook=hook,
                                          allow_stdin=False, store_history=True)
        c = msg["content"]
        return Reply(c["status"], c.get("ename", ""), c.get("evalue", ""),
                     c.get("payload", []), "".join(out))

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
