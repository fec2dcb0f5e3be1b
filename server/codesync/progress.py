"""Progress on the terminal for work that takes seconds: a bar on a TTY, lines otherwise."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int, stream=sys.stderr) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self.tty = stream.isatty()
        self.started = time.perf_counter()

    def line(self, text: str) -> None:
        if self.tty:
            self.stream.write("\r\033[K")
        self.stream.write(text + "\n")
        self.bar()

    def bar(self) -> None:
        if not self.tty or not self.total:
            return
        width = 30
        filled = int(width * self.done / self.total)
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                          f"{elapsed:.0f}s")
        self.stream.flush()


class BuildProgress:
    """Reports building the knowledge database (``database.Progress``): one line to say why
    the wait, a bar while it lasts, and the time it took."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self.bar: Progress | None = None

    def __call__(self, done: int, total: int, what: str) -> None:
        if self.bar is None:
            self.stream.write(f"codesync: building the knowledge database from the text form "
                              f"({total} distributions; once per change of the knowledge)\n")
            self.bar = Progress(total, self.stream)
        self.bar.done = done
        if done >= total:
            if self.bar.tty:
                self.stream.write("\n")
            elapsed = time.perf_counter() - self.bar.started
            self.stream.write(f"codesync: knowledge database ready in {elapsed:.1f}s\n")
        else:
            self.bar.bar()
