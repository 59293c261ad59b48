"""A progress bar for long commands on the terminal (stderr): ``[#####.....] 12/40 graded, 1:05``.

On a terminal the bar redraws in place; in a log (CI) one line is printed per step done.
``count`` is polled from a thread, so work done by other processes can be followed.
"""
import contextlib
import sys
import threading
import time


def null():
    return contextlib.nullcontext()


def _clock(seconds):
    m, s = divmod(int(seconds), 60)
    return f"{m}:{s:02d}"


class Progress:
    def __init__(self, total, label, count=None, stream=None, every=0.5):
        self.total, self.label, self.count = total, label, count
        self.stream = stream or sys.stderr
        self.done, self.every = 0, every
        self._stop = threading.Event()
        self._shown = None
        self._t0 = time.monotonic()

    def line(self):
        width = 30
        fill = int(width * self.done / self.total) if self.total else width
        return (f"[{'#' * fill}{'.' * (width - fill)}] {self.done}/{self.total} {self.label}, "
                f"{_clock(time.monotonic() - self._t0)}")

    def show(self, final=False):
        tty = getattr(self.stream, "isatty", lambda: False)()
        if tty:
            self.stream.write("\r" + self.line() + ("\n" if final else ""))
        elif self.done != self._shown:
            self.stream.write(self.line() + "\n")
        self._shown = self.done
        self.stream.flush()

    def step(self, n=1):
        self.done += n
        self.show()

    def _poll(self):
        while not self._stop.wait(self.every):
            self.done = self.count()
            self.show()

    def __enter__(self):
        self.show()
        if self.count is not None:
            self._thread = threading.Thread(target=self._poll, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self.count is not None:
            self._thread.join()
            self.done = self.count()
        self.show(final=True)
