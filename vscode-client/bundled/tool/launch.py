"""Start the codesync server for the VS Code extension.

Usage: python launch.py serve    (any `codesync` command line works: `explain NAME`, `check ...`)

CODESYNC_IMPORT_STRATEGY=useBundled (default) puts the extension's bundled/libs first on
sys.path, so the server and its pure-Python dependencies come from the extension and nothing
has to be installed in the user's interpreter. If that copy cannot be imported here (say a
future server needs a compiled module this interpreter lacks), the launcher runs itself again
with the strategy fromEnvironment: the codesync installed in the interpreter, if any.

Only stderr is written to: stdout carries the language server protocol.
"""

from __future__ import annotations

import os
import subprocess
import sys

MINIMUM = (3, 10)
HERE = os.path.dirname(os.path.abspath(__file__))
LIBS = os.path.normpath(os.path.join(HERE, "..", "libs"))
EXIT_CANNOT_START = 3


def log(message: str) -> None:
    sys.stderr.write(f"[codesync launcher] {message}\n")
    sys.stderr.flush()


def _interpreter_flags() -> list[str]:
    """The flags this interpreter was started with (-S, -I, -E ...), for running it again."""
    flags = getattr(subprocess, "_args_from_interpreter_flags", None)
    try:
        return list(flags()) if flags else []
    except Exception:  # noqa: BLE001 - a private helper; run without flags rather than fail
        return []


def main(argv: list[str]) -> int:
    if sys.version_info < MINIMUM:
        log(f"Python {sys.version.split()[0]} at {sys.executable} is too old: codesync needs "
            f"{MINIMUM[0]}.{MINIMUM[1]} or newer. Pick another interpreter (codesync.interpreter).")
        return EXIT_CANNOT_START
    strategy = os.environ.get("CODESYNC_IMPORT_STRATEGY", "useBundled")
    bundled = strategy != "fromEnvironment" and os.path.isdir(LIBS)
    if bundled:
        sys.path.insert(0, LIBS)
    try:
        import codesync
        from codesync import cli

        if argv[:1] == ["serve"]:
            import codesync.lsp.server  # noqa: F401  (fail here, not after the client waits)
    except ImportError as exc:
        if bundled and not os.environ.get("CODESYNC_LAUNCHER_RETRY"):
            log(f"the bundled server cannot be imported with {sys.executable} ({exc}); "
                "trying the codesync installed in this interpreter")
            env = dict(os.environ, CODESYNC_IMPORT_STRATEGY="fromEnvironment",
                       CODESYNC_LAUNCHER_RETRY="1")
            return subprocess.call([sys.executable, *_interpreter_flags(), os.path.abspath(__file__), *argv],
                                   env=env)
        log(f"codesync cannot start with {sys.executable}: {exc}. Either pick an interpreter "
            f"where it can (codesync.interpreter), or install it there: "
            f"{sys.executable} -m pip install codesync-lsp")
        return EXIT_CANNOT_START
    if argv[:1] != ["serve"]:
        return cli.main(argv) or 0
    source = "bundled" if bundled and os.path.abspath(codesync.__file__).startswith(LIBS) else "environment"
    log(f"codesync {getattr(codesync, '__version__', '?')} ({source}, {os.path.dirname(codesync.__file__)}) "
        f"on Python {sys.version.split()[0]} ({sys.executable}); "
        f"knowledge: {os.environ.get('CODESYNC_KNOWLEDGE') or 'default'}")
    return cli.main(argv) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
