"""Run inside a throwaway environment by bench_fidelity.py: what the installed release shows.

Reads a JSON request (argv[1]) and writes a JSON answer (argv[2]). Standard library only: this
is the one place a library is imported, and only by the benchmark, never by the product.

Request: ``top`` (import names), ``exports`` (dotted paths to look up), ``modules`` (module
paths whose public names are listed), ``candidates`` (module -> names to try beyond ``dir``:
names other releases had, names a table serves), ``signatures`` (dotted paths).
"""

from __future__ import annotations

import enum
import importlib
import inspect
import json
import sys
import warnings

DEPRECATIONS = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: "p",
    inspect.Parameter.POSITIONAL_OR_KEYWORD: "a",
    inspect.Parameter.VAR_POSITIONAL: "v",
    inspect.Parameter.KEYWORD_ONLY: "k",
    inspect.Parameter.VAR_KEYWORD: "w",
}
_MISSING = object()
_modules: dict[str, object] = {}


def _import(name: str):
    """The module, or the error text that importing it gave."""
    if name not in _modules:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _modules[name] = importlib.import_module(name)
        except BaseException as exc:  # a module may raise anything (SystemExit included)
            _modules[name] = f"{type(exc).__name__}: {exc}"[:200]
    return _modules[name]


def _access(owner, name: str):
    """(value or _MISSING, warning text or "")."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = getattr(owner, name)
        except BaseException:
            value = _MISSING
    warned = next((str(w.message) for w in caught if issubclass(w.category, DEPRECATIONS)), "")
    return value, warned or ""


def _not_a_module(head: str, error: str) -> bool:
    """The import failed because ``head`` names no module (not because importing it failed)."""
    return error.startswith("ModuleNotFoundError") and (
        f"'{head}'" in error or "is not a package" in error)


def lookup(path: str, modules: set[str]) -> dict:
    """Find a dotted path: import its longest module prefix, then get attributes (as ``from
    a.b import c`` does: a submodule is found even where the package binds another object
    under its name)."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        head = ".".join(parts[:cut])
        module = _import(head)
        if isinstance(module, str):
            if cut > 1 and (_not_a_module(head, module) or _bound_in_parent(parts[:cut])):
                continue  # not a module, or an attribute of its parent (bound in __init__)
            return {"state": "import-error", "error": module}
        value, warned = module, ""
        for attr in parts[cut:]:
            value, warned = _access(value, attr)
            if value is _MISSING:
                return {"state": "missing"}
        return {"state": "deprecated" if warned else "present", "warning": warned}
    return {"state": "missing"}


def _bound_in_parent(parts: list[str]) -> bool:
    parent = _import(".".join(parts[:-1]))
    return not isinstance(parent, str) and _access(parent, parts[-1])[0] is not _MISSING


def _external(name: str, value, top: tuple[str, ...]) -> bool:
    """A name the module merely imported from elsewhere (``os``, ``Any``, ``TYPE_CHECKING``)."""
    if inspect.ismodule(value):
        return not value.__name__.startswith(top)
    if inspect.isclass(value) or inspect.isroutine(value):
        module = getattr(value, "__module__", None)
        return isinstance(module, str) and not module.startswith(top)
    for other_name, other in list(sys.modules.items()):
        if other is None or other_name.startswith(top):
            continue
        try:
            if other.__dict__.get(name, _MISSING) is value:
                return True
        except Exception:
            continue
    # imported under another name (``from typing import Sequence as typing_Sequence``)
    return not isinstance(value, _PLAIN) and id(value) in _foreign_objects(top)


_PLAIN = (str, bytes, int, float, complex, bool, type(None), tuple, frozenset)
_foreign_cache: dict[str, object] = {"count": -1, "ids": set()}


def _foreign_objects(top: tuple[str, ...]) -> set[int]:
    """Ids of the objects other distributions' modules (and the standard library's) bind;
    read again whenever more modules have been imported."""
    if _foreign_cache["count"] != len(sys.modules):
        ids: set[int] = set()
        for other_name, other in list(sys.modules.items()):
            if other is None or other_name.startswith(top):
                continue
            try:
                ids.update(id(v) for v in vars(other).values() if not isinstance(v, _PLAIN))
            except Exception:
                continue
        _foreign_cache.update(count=len(sys.modules), ids=ids)
    return _foreign_cache["ids"]  # type: ignore[return-value]


def public_names(module_name: str, candidates: list[str], top: tuple[str, ...]) -> dict:
    module = _import(module_name)
    if isinstance(module, str):
        return {"error": module}
    declared = getattr(module, "__all__", None)
    names: dict[str, str] = {}
    if isinstance(declared, (list, tuple)) and all(isinstance(n, str) for n in declared):
        listed = list(declared)
    else:
        listed = [n for n in dir(module) if not n.startswith("_")]
    for name in listed:
        if name.startswith("_"):
            continue  # listed in __all__, yet not a public name
        value, warned = _access(module, name)
        if value is _MISSING:
            names[name] = "missing-in-all"
        elif declared is not None or not _external(name, value, top):
            names[name] = "deprecated" if warned else "present"
    for name in candidates:
        if name in names or name in listed or name.startswith("_"):
            continue
        value, warned = _access(module, name)
        if value is not _MISSING and not _external(name, value, top):
            names[name] = "deprecated" if warned else "present"
    return {"names": names}


def _default(value) -> list:
    if value is inspect.Parameter.empty:
        return []
    if value is Ellipsis:
        return ["literal", "Ellipsis"]
    if isinstance(value, enum.Enum):
        return ["named", value.name]
    if isinstance(value, (str, int, float, bool, bytes, type(None), tuple, frozenset)):
        try:
            return ["literal", repr(value)]
        except Exception:
            return ["other", ""]
    named = getattr(value, "__name__", None)
    return ["named", named] if isinstance(named, str) else ["other", type(value).__name__]


def _signature(value) -> inspect.Signature:
    """As a call sees it; a class whose metaclass ``__call__`` takes anything is called
    through its ``__init__``."""
    if inspect.isclass(value) and type(value).__call__ is not type.__call__:
        meta = inspect.signature(type(value).__call__)
        if all(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in list(meta.parameters.values())[1:]):
            init = inspect.signature(value.__init__)
            return init.replace(parameters=list(init.parameters.values())[1:])
    return inspect.signature(value)


def signature(path: str, modules: set[str]) -> dict:
    found = lookup(path, modules)
    if found["state"] not in ("present", "deprecated"):
        return {"error": found["state"]}
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        module = _modules.get(".".join(parts[:cut]))
        if module is not None and not isinstance(module, str):
            break
    value = module
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for attr in parts[cut:]:
            value = getattr(value, attr)
        try:
            sig = _signature(value)
        except (TypeError, ValueError) as exc:
            return {"error": f"no signature: {exc}"[:120]}
    return {"params": [[p.name, KINDS[p.kind], *_default(p.default)]
                       for p in sig.parameters.values()]}


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        request = json.load(handle)
    top = tuple(request["top"])
    modules = set(request["modules"])
    answer = {
        "exports": {p: lookup(p, modules) for p in request["exports"]},
        "modules": {m: public_names(m, request["candidates"].get(m, []), top)
                    for m in request["modules"]},
        "signatures": {p: signature(p, modules) for p in request["signatures"]},
    }
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump(answer, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
