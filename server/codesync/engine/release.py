"""One release's sources -> its public API snapshot (exports and definitions)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..knowledge.model import Definition
from .archive import SourceFile
from .compiled import CYTHON_KINDS, cython_skeleton, merge_overlays
from .conditional_deprecations import drop_known
from .extract import ModuleInfo, scan_module
from .getattr_factories import resolve_imported_factories
from .inherited_deprecations import inherit_forwarded
from .pyx_values import apply_pyx_values
from .stub_types import apply_receiver_results, apply_typed_results, receiver_results
from .surface import ForeignStars, SurfaceBuilder

# Bump when extraction changes what it stores: older releases are then re-extracted.
EXTRACTOR_VERSION = 11

SKIPPED_DIRS = {"tests", "test", "benchmarks", "benchmark", "examples", "docs", "doc", "build",
                "__pycache__", "site-packages"}
CYTHON_SUFFIXES = (".pyx", ".pxd")
SKIPPED_FILES = {"setup.py", "conftest.py", "setupegg.py"}


@dataclass
class Snapshot:
    exports: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, Definition] = field(default_factory=dict)
    status: str = "ok"
    reason: str = ""
    seconds: float = 0.0

    @property
    def deprecation_count(self) -> int:
        return sum(bool(d.deprecated) + len(d.param_deprecations) for d in self.definitions.values())


def module_files(sources: Iterable[SourceFile], import_names: Iterable[str]) -> dict[str, SourceFile]:
    """Map module names to files, stripping sdist and ``src/`` prefixes."""
    wanted = set(import_names)
    files = list(sources)
    prefix = _package_prefix([f.path for f in files], wanted)
    modules: dict[str, SourceFile] = {}
    for source in files:
        path = source.path
        if prefix and not path.startswith(prefix):
            continue
        relative = path[len(prefix):]
        parts = relative.split("/")
        if any(p in SKIPPED_DIRS or ".dist-info" in p or ".data" in p or ".egg-info" in p
               for p in parts[:-1]) or parts[-1] in SKIPPED_FILES:
            continue
        if wanted and parts[0].split(".", 1)[0] not in wanted:
            continue
        stem = relative.rsplit(".", 1)[0]
        name = stem.replace("/", ".")
        if name.endswith(".__init__"):
            name = name[: -len(".__init__")]
        if not all(p.isidentifier() for p in name.split(".")):
            continue
        key = name + ("#stub" if relative.endswith(".pyi") else
                      "#" + relative.rsplit(".", 1)[1] if relative.endswith(CYTHON_SUFFIXES) else "")
        modules[key] = source
    return modules


def _package_prefix(paths: list[str], wanted: set[str]) -> str:
    """The directory that holds the packages: '' for wheels, 'pkg-1.0/' or 'pkg-1.0/src/'."""
    best: str | None = None
    for path in paths:
        parts = path.split("/")
        for depth in range(min(len(parts) - 1, 3)):
            if parts[depth] in wanted and (path.endswith("__init__.py") or path.endswith("__init__.pyi")) \
                    and len(parts) == depth + 2:
                prefix = "/".join(parts[:depth]) + ("/" if depth else "")
                if best is None or len(prefix) < len(best):
                    best = prefix
    if best is not None:
        return best
    for path in paths:  # no __init__.py among them (an sdist's .pyx files): the package folder
        parts = path.split("/")
        for depth in range(min(len(parts) - 1, 3)):
            if parts[depth] in wanted:
                return "/".join(parts[:depth]) + ("/" if depth else "")
    for path in paths:  # single-module distributions: six.py, typing_extensions.py
        parts = path.split("/")
        for depth in range(min(len(parts), 3)):
            if parts[depth] in {f"{w}.py" for w in wanted}:
                return "/".join(parts[:depth]) + ("/" if depth else "")
    return ""


def build_snapshot(sources: Iterable[SourceFile], import_names: Iterable[str],
                   exclude: tuple[str, ...] = (), skip: tuple[str, ...] = (),
                   foreign: ForeignStars | None = None) -> Snapshot:
    """``exclude``: public paths not stored (their objects may still be reached through other
    paths); ``skip``: modules not even read (nothing outside them may refer into them);
    ``foreign``: what a star import of another distribution's module gives."""
    started = time.perf_counter()
    import_names = list(import_names)
    sources = list(sources)
    compiled = [s for s in sources if s.path.endswith(CYTHON_SUFFIXES)]  # an sdist's: own prefix
    files = module_files([s for s in sources if not s.path.endswith(CYTHON_SUFFIXES)], import_names)
    files.update(module_files(compiled, import_names))
    modules: dict[str, ModuleInfo] = {}
    overlays: dict[str, dict[str, ModuleInfo]] = {"stub": {}, "pyx": {}, "pxd": {}}
    failures: list[str] = []
    repaired: list[str] = []
    for key, source in sorted(files.items()):
        name, _, kind = key.partition("#")
        if any(name == e or name.startswith(e + ".") for e in skip):
            continue  # skipped subtrees (plotly.validators: thousands of files) are not read
        is_package = source.path.endswith(("__init__.py", "__init__.pyi"))
        text = cython_skeleton(kind, source.text) if kind in CYTHON_KINDS else source.text
        info = scan_module(name, text, is_package, is_stub=kind == "stub")
        if kind in CYTHON_KINDS:
            overlays[kind][name] = info  # a skeleton: its parse state says nothing
            continue
        if info.parse_how == "failed":
            failures.append(source.path)
        elif info.parse_how == "repaired":
            repaired.append(source.path)
        (overlays[kind] if kind else modules)[name] = info
    resolve_imported_factories(modules)  # before the stubs: a closed hook leaves theirs out
    merge_overlays(modules, overlays, {k.partition("#")[0]: f.text for k, f in files.items()
                                       if k.endswith("#stub")})
    apply_pyx_values(modules, {k.partition("#")[0]: f.text for k, f in files.items()
                               if k.endswith("#pyx")})  # compiled functions' value warnings
    top_levels = {n.split(".")[0] for n in modules} or set(import_names)
    inherit_forwarded(modules)  # parameter deprecations of callees in other modules/classes
    drop_known(modules)  # a method's conditional warning its constructor's records hold
    builder = SurfaceBuilder(modules, top_levels, exclude, foreign)
    surface = builder.build()
    apply_receiver_results(surface.definitions, receiver_results(files))  # Self, T -> T
    apply_typed_results(surface.definitions, files, builder.return_type)  # literals, likely
    snapshot = Snapshot(exports=surface.exports, definitions=surface.definitions)
    if not modules:
        snapshot.status, snapshot.reason = "failed", "no Python modules found for " + ", ".join(import_names)
    elif failures or repaired:
        snapshot.status = "partial"
        snapshot.reason = (f"{len(failures)} files unreadable, {len(repaired)} repaired of "
                           f"{len(files)} (e.g. {(failures or repaired)[0]})")
    snapshot.seconds = time.perf_counter() - started
    return snapshot
