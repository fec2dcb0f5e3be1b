"""Run inside a throwaway environment by bench_fidelity.py --calls: deprecation warnings that
CALLS raise, found by running the distribution's own shipped tests that expect them.

Standard library and pytest only; the benchmark's one place, with fidelity_probe.py, where a
library is imported (never the product). Reads a JSON request (argv[1]: ``top`` import
names, ``limit`` test functions, ``items_per_function``) and writes a JSON answer (argv[2]).

Tests are chosen by reading the test files (``*/tests/test_*.py`` under the installed
package): functions whose body names ``FutureWarning``, ``DeprecationWarning``,
``PendingDeprecationWarning`` or ``deprecated_call``, or whose name says ``deprecat``. While
they run, every deprecation warning shown or recorded (``warnings._showwarnmsg``, which the
C implementation of ``warn`` calls too) is traced to the outermost function of the
distribution on the stack below the test (the wrapped function, where that frame is a
decorator's wrapper) and to the call the test made there (its keyword names, read from the
caller's source at the instruction that made the call).
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import json
import linecache
import os
import sys
import warnings
from pathlib import Path

DEPRECATIONS = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
MARKERS = ("FutureWarning", "DeprecationWarning", "PendingDeprecationWarning", "deprecated_call")
TEST_PARTS = {"tests", "testing", "_testing", "conftest", "tests_utils"}


def _is_test_module(name: str) -> bool:
    return any(part in TEST_PARTS or part.startswith("test_") for part in name.split("."))


def chosen_tests(roots: list[Path], limit: int) -> list[str]:
    """Node ids (``pkg/tests/file.py::Class::function``, from the folder above the package)
    of the test functions that expect a deprecation."""
    found: list[str] = []
    for root in roots:
        for path in sorted(root.rglob("test_*.py")):
            if "tests" not in path.parts:
                continue
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError, OSError, ValueError):
                continue
            relative = path.relative_to(root.parent).as_posix()
            found += [f"{relative}::{name}" for name in _expecting(tree)]
    found.sort(key=lambda n: hashlib.sha1(n.encode()).hexdigest())
    return sorted(found[:limit])


def _expecting(tree: ast.Module) -> list[str]:
    names: list[str] = []
    for node in tree.body:
        members = [(node.name + "::", m) for m in node.body] if isinstance(node, ast.ClassDef) \
            else [("", node)]
        for prefix, func in members:
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or \
                    not func.name.startswith("test"):
                continue
            named = {getattr(n, "id", None) or getattr(n, "attr", None) for n in ast.walk(func)}
            if "deprecat" in func.name.lower() or named & set(MARKERS):
                names.append(prefix + func.name)
    return names


class Recorder:
    """A pytest plugin: the test being run, and the deprecations raised in it."""

    def __init__(self, top: tuple[str, ...]) -> None:
        self.top = top
        self.test = ""
        self.records: dict[tuple, dict] = {}
        self.outcomes: dict[str, int] = {}
        self._shown = warnings._showwarnmsg  # type: ignore[attr-defined]

    def install(self) -> None:
        def showing(message):  # the C ``warn`` looks this name up on each warning
            try:
                if issubclass(message.category, DEPRECATIONS) and self.test:
                    self.record(message)
            except Exception:  # never let the benchmark change what a test sees
                pass
            return self._shown(message)

        warnings._showwarnmsg = showing  # type: ignore[attr-defined]

    def pytest_runtest_setup(self, item) -> None:
        self.test = item.nodeid

    def pytest_runtest_logreport(self, report) -> None:
        if report.when == "call":
            self.outcomes[report.outcome] = self.outcomes.get(report.outcome, 0) + 1

    def pytest_runtest_teardown(self, item) -> None:
        self.test = ""

    def record(self, message) -> None:
        frame = sys._getframe(2)  # the code that called ``warn`` (or the C function that did)
        origin = frame.f_globals.get("__name__", "")
        entry, innermost = None, None
        while frame is not None:
            name = frame.f_globals.get("__name__", "")
            if _is_test_module(name) or name.startswith(("_pytest", "pluggy", "pytest")):
                break
            if name.startswith(self.top):
                entry = frame
                innermost = innermost or frame
            frame = frame.f_back
        if entry is None:
            return
        function = _function_of(entry, self.top)
        receiver = _receiver(entry) if "<locals>" not in entry.f_code.co_qualname else ""
        keywords, positionals = _call_at(entry.f_back)
        warned = f"{innermost.f_globals.get('__name__')}.{innermost.f_code.co_qualname}"
        key = (function, str(message.message)[:300], tuple(keywords or ()))
        if key not in self.records:
            self.records[key] = {
                "function": function, "message": str(message.message)[:300],
                "category": message.category.__name__, "keywords": keywords,
                "positionals": positionals, "warned_in": warned, "test": self.test,
                "receiver": receiver, "origin": origin}


def _function_of(frame, top: tuple[str, ...]) -> str:
    """``module:qualname`` of the frame's function, or of what a decorator's wrapper closes
    over (the wrapper's own code names only the decorator): a function, a property's getter,
    a class (its constructor)."""
    code = frame.f_code
    module = frame.f_globals.get("__name__", "")
    if "<locals>" not in code.co_qualname:
        return f"{module}:{code.co_qualname}"
    for name in code.co_freevars:
        value = frame.f_locals.get(name)
        if isinstance(value, property):
            value = value.fget
        value = getattr(value, "__func__", value)
        qualname = getattr(value, "__qualname__", "")
        owner = getattr(value, "__module__", "") or ""
        if not (isinstance(qualname, str) and isinstance(owner, str) and owner.startswith(top)) \
                or ("<locals>" in qualname and not _is_test_module(owner)):
            continue
        if inspect.isclass(value):
            return f"{owner}:{qualname}.__init__"
        if hasattr(value, "__code__"):
            return f"{owner}:{qualname}"
    return f"{module}:{code.co_qualname}"


def _receiver(frame) -> str:
    """The class of the instance a method was called on (``KMeans`` for ``_BaseKMeans.fit``):
    the public class the user's code named."""
    code = frame.f_code
    if not code.co_argcount or code.co_varnames[0] not in ("self", "cls"):
        return ""
    value = frame.f_locals.get(code.co_varnames[0])
    cls = value if inspect.isclass(value) else type(value)
    return f"{getattr(cls, '__module__', '')}:{getattr(cls, '__qualname__', '')}"


def _call_at(frame) -> tuple[list[str] | None, int | None]:
    """The keyword names and the number of positional arguments of the call the frame is
    making (None where the instruction is not a call written in the source)."""
    if frame is None:
        return None, None
    code = frame.f_code
    try:
        positions = list(code.co_positions())[frame.f_lasti // 2]
    except (IndexError, ValueError):
        return None, None
    line, end_line, col, end_col = positions
    if None in positions:
        return None, None
    lines = [linecache.getline(code.co_filename, n) for n in range(line, end_line + 1)]
    if len(lines) == 1:
        text = lines[0][col:end_col]
    else:
        text = "".join([lines[0][col:], *lines[1:-1], lines[-1][:end_col]])
    try:
        node = ast.parse("(" + text + ")", mode="eval").body
    except SyntaxError:
        return None, None
    if not isinstance(node, ast.Call):
        return None, None
    return [k.arg for k in node.keywords if k.arg], len(node.args)


def main() -> int:
    request = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    answer_path = Path(sys.argv[2]).resolve()  # the tests run from the package's folder
    top = tuple(request["top"])
    import importlib

    import pytest

    roots = []
    for name in top:
        try:
            module = importlib.import_module(name)
        except Exception:
            continue
        roots.append(Path(module.__file__).parent)
    tests = chosen_tests(roots, request.get("limit", 400))
    recorder = Recorder(top)
    recorder.install()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    files = sorted({t.split("::")[0] for t in tests})
    os.chdir(roots[0].parent)
    args = ["-q", "-p", "no:cacheprovider", "-o", "addopts=", "-W", "default",
            "--rootdir", str(roots[0].parent), "--continue-on-collection-errors", *files]
    chosen = _Limit(set(tests), request.get("items_per_function", 3))
    code = pytest.main(args, plugins=[recorder, chosen])
    answer = {"tests": len(tests), "exit": int(code), "outcomes": recorder.outcomes,
              "warnings": list(recorder.records.values())}
    answer_path.write_text(json.dumps(answer), encoding="utf-8")
    return 0


class _Limit:
    """Keeps the chosen test functions, and of each the first few parametrizations (pandas
    multiplies its tests by fixtures into tens of thousands of items)."""

    def __init__(self, chosen: set[str], per_function: int) -> None:
        self.chosen = chosen
        self.per_function = per_function

    def pytest_collection_modifyitems(self, items) -> None:
        seen: dict[str, int] = {}
        kept = []
        for item in items:
            base = item.nodeid.split("[")[0]
            if base not in self.chosen:
                continue
            seen[base] = seen.get(base, 0) + 1
            if seen[base] <= self.per_function:
                kept.append(item)
        items[:] = kept


if __name__ == "__main__":
    sys.exit(main())
