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
caller's source at the instruction that made the call), with the literal values
(``str``, ``int``, ``float``, ``bool``, ``None``) it passed by keyword or position, the
parameters of the called function that hold something other than their default (what
``**kwargs`` at the call passed), and for a method the literal constructor parameters of its
instance that differ from their defaults (``KMeans(algorithm="auto").fit(X)``).
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
        keywords, positionals, values = _call_at(entry.f_back)
        warned = f"{innermost.f_globals.get('__name__')}.{innermost.f_code.co_qualname}"
        key = (function, str(message.message)[:300], tuple(keywords or ()))
        if key not in self.records:
            self.records[key] = {
                "function": function, "message": str(message.message)[:300],
                "category": message.category.__name__, "keywords": keywords,
                "positionals": positionals, "warned_in": warned, "test": self.test,
                "receiver": receiver, "origin": origin, "values": values,
                "passed": _passed(entry), "constructed": _constructed(entry, self.top)}


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


_NOTHING: tuple = (None, None, [])


def _call_at(frame) -> tuple[list[str] | None, int | None, list]:
    """The keyword names, the number of positional arguments and the literal values
    (``[keyword or position, value]``) of the call the frame is making (None, None, [] where
    the instruction is not a call written in the source)."""
    if frame is None:
        return _NOTHING
    code = frame.f_code
    try:
        positions = list(code.co_positions())[frame.f_lasti // 2]
    except (IndexError, ValueError):
        return _NOTHING
    line, end_line, col, end_col = positions
    if None in positions:
        return _NOTHING
    lines = [linecache.getline(code.co_filename, n) for n in range(line, end_line + 1)]
    if len(lines) == 1:
        text = lines[0][col:end_col]
    else:
        text = "".join([lines[0][col:], *lines[1:-1], lines[-1][:end_col]])
    try:
        node = ast.parse("(" + text + ")", mode="eval").body
    except SyntaxError:
        return _NOTHING
    if not isinstance(node, ast.Call):
        return _NOTHING
    values = [[k.arg, _literal(k.value)] for k in node.keywords
              if k.arg and _literal(k.value) is not _NOT_LITERAL]
    values += [[i, _literal(a)] for i, a in enumerate(node.args)
               if _literal(a) is not _NOT_LITERAL]
    return [k.arg for k in node.keywords if k.arg], len(node.args), values


_NOT_LITERAL = object()
LITERALS = (str, int, float, bool, type(None))


def _literal(node: ast.expr):
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _NOT_LITERAL
    return value if isinstance(value, LITERALS) else _NOT_LITERAL


def _shown(value):
    """A JSON-able view of an argument: a literal as it is, anything else as ``<type>``."""
    return value if isinstance(value, LITERALS) else f"<{type(value).__name__}>"


def _passed(frame) -> dict:
    """Parameters of the frame's function that hold something other than their default when
    the warning is raised, and the keys its ``**kwargs`` holds: what the call passed (a call
    through ``**options`` shows no keywords in its source)."""
    code = frame.f_code
    if "<locals>" in code.co_qualname:
        return {}  # a decorator's wrapper: its own arguments say nothing of the names
    function = _defined(frame)
    defaults = _defaults(function) if function is not None else {}
    count = code.co_argcount + code.co_kwonlyargcount
    names = list(code.co_varnames[:count])
    flags = code.co_flags
    star = count + bool(flags & inspect.CO_VARARGS)
    passed = {}
    for name in names[1:] if names[:1] in (["self"], ["cls"]) else names:
        value = frame.f_locals.get(name, defaults.get(name))
        if name not in defaults or value is not defaults[name]:
            passed[name] = _shown(value)
    if flags & inspect.CO_VARARGS and frame.f_locals.get(code.co_varnames[count]):
        passed[code.co_varnames[count]] = "<args>"
    if flags & inspect.CO_VARKEYWORDS:
        extra = frame.f_locals.get(code.co_varnames[star])
        if isinstance(extra, dict):
            passed.update({str(k): _shown(v) for k, v in extra.items()})
    return passed


def _defined(frame):
    """The function object a frame runs, looked up by its qualified name in its module."""
    value = sys.modules.get(frame.f_globals.get("__name__", ""))
    for part in frame.f_code.co_qualname.split("."):
        value = inspect.getattr_static(value, part, None) if value is not None else None
    value = getattr(value, "__func__", value)
    return value if getattr(value, "__code__", None) is frame.f_code else None


def _defaults(function) -> dict:
    code = function.__code__
    positional = code.co_varnames[:code.co_argcount]
    given = function.__defaults__ or ()
    found = dict(zip(positional[len(positional) - len(given):], given))
    found.update(function.__kwdefaults__ or {})
    return found


def _constructed(frame, top: tuple[str, ...]) -> dict:
    """For a method: the literal constructor parameters its instance holds (as attributes of
    the same name) that differ from the constructor's defaults."""
    code = frame.f_code
    if not code.co_argcount:
        return {}
    instance = frame.f_locals.get(code.co_varnames[0])
    cls = type(instance)
    if inspect.isclass(instance) or not cls.__module__.startswith(top):
        return {}
    try:
        parameters = inspect.signature(cls.__init__).parameters.values()
        held = vars(instance)
    except (TypeError, ValueError):
        return {}
    return {p.name: held[p.name] for p in parameters
            if p.name in held and isinstance(held[p.name], LITERALS)
            and p.default is not inspect.Parameter.empty and _differs(held[p.name], p.default)}


def _differs(value, default) -> bool:
    try:
        return bool(value != default) or type(value) is not type(default)
    except Exception:  # an array default compares element by element
        return True


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
