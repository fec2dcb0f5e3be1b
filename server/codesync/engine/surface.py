"""The public surface of a release: which dotted paths users can reach, and what they name.

Input: every module of the release, scanned. Output: ``exports`` (public path -> canonical
path) and the ``definitions`` reachable from them (exported objects, their members, their
base classes and the bases' members). ``__all__`` arithmetic, star imports and re-exports are
followed here, because griffe-style "public" rules miss numpy's and tensorflow's layouts.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from ..knowledge.model import (
    KEYWORD_ONLY,
    POSITIONAL_OR_KEYWORD,
    VAR_POSITIONAL,
    Definition,
    Deprecation,
    Param,
)
from .evident_names import EvidentNames
from .extract import DOC_TYPE_PREFIX, ModuleInfo
from .name_tables import table_path
from .namespace_filters import resolve_computed
from .signature_decorators import with_added
from .stdlib_constants import stdlib_constant

MAX_DEPTH = 25
_NAME_LIKE = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
MAX_EXPORTS = 400_000
ForeignStars = Callable[[str], "list[str] | None"]  # another distribution's module -> its star names


@dataclass
class Surface:
    exports: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, Definition] = field(default_factory=dict)


def merge_stub(module: ModuleInfo, stub: ModuleInfo) -> ModuleInfo:
    """Overlay a ``.pyi`` on its ``.py``: the stub gives types (return types, what iterating
    gives, bases); the source decides what exists, its signatures and defaults. Only where
    the source cannot say what it has (a module ``__getattr__`` that serves an open set of
    names) do the stub's names count as the module's."""
    for path, bases in stub.class_bases.items():
        if path in module.definitions:
            module.class_bases.setdefault(path, bases)
    for path, text in stub.raw_returns.items():
        module.raw_returns.setdefault(path, text)
    for path, text in stub.raw_yields.items():
        module.raw_yields.setdefault(path, text)
    for name, binding in stub.bindings.items():
        if name not in module.bindings:
            module.type_bindings.setdefault(name, binding)
    _keep_imported_classes(module, stub)
    if (module.has_getattr and module.served is None) or module.all_computed:
        _stub_declares(module, stub)
    return module


def _keep_imported_classes(module: ModuleInfo, stub: ModuleInfo) -> None:
    """The stub's classes of names the source imports, kept apart: where the import leads to
    a compiled module (numpy 2's ``from ._core import ndarray``), they give the members."""
    prefix = module.name + "."
    imported = {n for n, b in module.bindings.items() if b.kind == "import"}
    classes = [p for p, d in stub.definitions.items() if d.kind == "class" and
               p.startswith(prefix) and p[len(prefix):] in imported]
    for cls in classes:
        for path, definition in stub.definitions.items():
            if path == cls or path.startswith(cls + "."):
                module.stub_definitions[path] = definition
                if path in stub.class_bases:
                    module.class_bases.setdefault(path, stub.class_bases[path])


def _stub_declares(module: ModuleInfo, stub: ModuleInfo) -> None:
    """A dynamic module's stub: the interface its ``__getattr__`` serves (lazy loaders)."""
    module.stub_bindings = {n: b for n, b in stub.bindings.items() if n not in module.bindings}
    # a stub's ``__all__`` may list only what it imports (numpy 1.20: "redundant for
    # objects defined within this file"): the classes and functions it defines count too
    defined = [n for n, b in stub.bindings.items() if b.kind == "def" and not n.startswith("_")]
    module.stub_names = list(dict.fromkeys([*stub.all_names, *defined])) \
        if stub.all_names is not None else [
            n for n in stub.bindings if not n.startswith("_") and n not in stub.stub_helpers]
    prefix = module.name + "."
    for path, definition in stub.definitions.items():
        if path.startswith(prefix) and path[len(prefix):].split(".")[0] in module.bindings:
            continue  # the source binds that name: its definition is the source's
        module.definitions.setdefault(path, definition)
    if module.all_names is None and stub.all_names is not None:
        module.all_names = stub.all_names
    module.star_imports.extend(s for s in stub.star_imports if s not in module.star_imports)


def merge_compiled(module: ModuleInfo, compiled: ModuleInfo) -> ModuleInfo:
    """Fill what a module (usually a ``.pyi``) leaves open from the Cython source of the same
    compiled module: defaults the stub writes as ``...``, and signatures it lacks."""
    if not module.is_stub:
        return module  # a real .py shadows the extension module
    for path, source in compiled.definitions.items():
        existing = module.definitions.get(path)
        if existing is None or source.params is None:
            continue
        if existing.params is None and not existing.overloads:
            existing.params = source.params
            continue
        defaults = {p.name: p.default for p in source.params}
        if existing.params is not None:
            existing.params = [_filled(p, defaults) for p in existing.params]
        existing.overloads = [[_filled(p, defaults) for p in sig] for sig in existing.overloads]
    return module


def _filled(param: Param, defaults: dict[str, str | None]) -> Param:
    if param.default == "..." and defaults.get(param.name) not in (None, "..."):
        return Param(param.name, param.kind, defaults[param.name])
    return param


def _each_class(text: str, resolve) -> str | None:
    """``A|B`` with each alternative resolved, or None when one of them does not resolve."""
    resolved = [resolve(part) for part in text.split("|")]
    return None if None in resolved else "|".join(dict.fromkeys(resolved))


class SurfaceBuilder:
    def __init__(self, modules: dict[str, ModuleInfo], top_levels: set[str],
                 exclude: tuple[str, ...] = (), foreign: ForeignStars | None = None) -> None:
        self.modules = modules
        self.top_levels = top_levels
        self.exclude = exclude
        self.foreign = foreign  # what a star import of another distribution's module gives
        self._foreign_paths: set[str] = set()  # ``numpy.ones`` for ``from numpy import *``
        self._star_names: dict[str, list[str]] = {}
        self._resolved: dict[tuple[str, str], str | None] = {}
        self._resolving: set[tuple[str, str]] = set()
        self._following: set[str] = set()  # functions whose result is being followed
        self._class_suffixes: dict[str, list[str]] | None = None
        self._definition_index = {
            path: info for info in modules.values() for path in info.definitions
        }
        self._signature_adders = {
            path: added for info in modules.values() for path, added in info.signature_adders.items()
        }
        self._apply_foreign_sets()
        self.evident = EvidentNames(self)  # resolving a decorator may ask it; made anew below
        self._apply_decorator_exports()
        resolve_computed(modules)  # lists of names filtered from a namespace: tables
        self._bind_table_names()
        self.evident = EvidentNames(self)

    def _apply_foreign_sets(self) -> None:
        """Names one module sets on another at import time (``setattr(ensemble, "X", X)``
        in an opt-in module, a value assigned back by the module that defines it)."""
        from .extract import Binding

        for info in list(self.modules.values()):
            for target, name, ref in info.foreign:
                other = self.modules.get(target)
                if other is None or name in other.bindings or name.startswith("__"):
                    continue
                head = ref.split(".")[0]
                if ref and head in info.bindings:
                    other.bindings[name] = Binding("import", f"{info.name}.{ref}")
                elif not ref:
                    other.bindings[name] = Binding("value")

    def _apply_decorator_exports(self) -> None:
        """Names a class decorator sets on the decorated class's module (``module_exporters``:
        matplotlib's ``@_Backend.export`` gives each backend ``FigureCanvas`` and ``show``)."""
        from .extract import Binding

        exporters = {path: names for info in self.modules.values()
                     for path, names in info.exporters.items()}
        if not exporters:
            return
        for info in self.modules.values():
            for decorated in info.decorated_classes:
                paths = [self._resolve_base(info, d) for d in decorated.decorators]
                names = next((n for n in (self._exported_by(p, exporters) for p in paths) if n),
                             [])
                for name in names:
                    if name in info.bindings or name.startswith("__"):
                        continue
                    alias = info.bindings.get(decorated.aliases.get(name, ""))
                    info.bindings[name] = alias if alias is not None else Binding("value")
        self._resolved.clear()

    def _exported_by(self, path: str, exporters: dict[str, list[str]], depth: int = 0
                     ) -> list[str]:
        """The names the exporter at ``path`` sets, also where ``path`` is a method a class
        inherits (``@_BackendTk.export``, ``_BackendTk`` a subclass of ``_Backend``)."""
        if path in exporters or depth > 5:
            return exporters.get(path, [])
        owner, _, method = path.rpartition(".")
        info = self._definition_index.get(owner)
        if not method or info is None:
            return []
        for base in info.class_bases.get(owner, []):
            names = self._exported_by(f"{self._resolve_base(info, base)}.{method}", exporters,
                                      depth + 1)
            if names:
                return names
        return []

    def _literal_table(self, ref: str) -> dict[str, str] | None:
        """The literal table an ``__all__`` part names (``table:pkg._mapping.LEXERS``)."""
        module, _, name = (table_path(ref) or "").rpartition(".")
        info = self.modules.get(module)
        return info.name_tables.get(name) if info is not None else None

    def _bind_table_names(self) -> None:
        """Names an ``__all__`` lists through another module's literal table exist: each is
        the class of that name in the module its entry names, else a value."""
        from .extract import Binding

        for info in self.modules.values():
            for ref in info.all_from:
                for name, module in (self._literal_table(ref) or {}).items():
                    if name in info.bindings or not name.isidentifier():
                        continue
                    info.bindings[name] = Binding("import", f"{module}.{name}") \
                        if module in self.modules else Binding("value")

    # resolution ---------------------------------------------------------------------------
    def is_internal(self, path: str) -> bool:
        return path.split(".", 1)[0] in self.top_levels

    def resolve_name(self, module: str, name: str) -> str | None:
        key = (module, name)
        if key in self._resolved:
            return self._resolved[key]
        if key in self._resolving or len(self._resolving) > MAX_DEPTH:
            return None
        self._resolving.add(key)
        try:
            result = self._resolve_name(module, name)
        finally:
            self._resolving.discard(key)
        self._resolved[key] = result
        return result

    def _resolve_name(self, module: str, name: str) -> str | None:
        info = self.modules.get(module)
        if info is None:
            if module in self._definition_index:  # a class: its member
                return f"{module}.{name}"
            return None if self.is_internal(module) else f"{module}.{name}"
        binding = info.bindings.get(name)
        if binding is not None:
            return self._resolve_binding(module, name, binding, info)
        if name in info.deleted:
            return None
        for star in reversed(info.star_imports):
            if name in self.star_names(star):
                return self.resolve_name(star, name)
        stub_binding = info.stub_bindings.get(name)
        if stub_binding is not None:
            return self._resolve_binding(module, name, stub_binding, info)
        compiled = [star for star in info.star_imports if self._compiled_module(star)]
        if compiled and info.all_names is not None and name in info.all_names:
            # listed in __all__ and star-imported from a compiled module (numpy 1.21's
            # ``multiarray.asarray``): it exists at run time; its shape is unknown
            return f"{compiled[0]}.{name}"
        if f"{module}.{name}" in self.modules:
            return f"{module}.{name}"
        return self.evident.target(module, name)

    def _resolve_binding(self, module: str, name: str, binding, info: ModuleInfo) -> str | None:
        if binding.kind == "def":
            return binding.target
        if binding.kind == "value":
            return f"{module}.{name}"
        if binding.kind in ("module", "import"):
            resolved = self.resolve_path(binding.target)
            if resolved is None and binding.kind == "import" and (self._compiled_module(
                    binding.target.rpartition(".")[0]) or self._compiled_module(binding.target)):
                resolved = binding.target  # exists at run time; its shape is unknown
            if resolved is not None and binding.kind == "import" and self._shapeless(resolved):
                return self._stub_class(module, name, info) or resolved  # unless a stub says
            return resolved
        head, _, rest = binding.target.partition(".")  # alias
        if head == name:
            return None
        base = self.resolve_name(module, head)
        if base is None and head in info.bindings:
            return f"{module}.{name}"  # a chain of local names (``version = full_version``): a value
        if base is None:
            base = head if not self.is_internal(head) else None
        if base is None:
            return None
        return self.resolve_path(f"{base}.{rest}" if rest else base)

    def _shapeless(self, path: str) -> bool:
        """A name in a compiled module (or one taken for it): nothing is known of its shape."""
        return path not in self._definition_index and path not in self.modules and \
            (self._compiled_module(path.rpartition(".")[0]) or self._compiled_module(path)
             or self.evident.shapeless(path))

    def _stub_class(self, module: str, name: str, info: ModuleInfo) -> str | None:
        """A class imported from a compiled module, as the importing module's stub defines it:
        its definition and members join the module's."""
        path = f"{module}.{name}"
        if path not in info.stub_definitions:
            return None
        for member, definition in info.stub_definitions.items():
            if member == path or member.startswith(path + "."):
                info.definitions.setdefault(member, definition)
                self._definition_index.setdefault(member, info)
        return path

    def _module_definition(self, path: str, info: ModuleInfo) -> Definition:
        dynamic = self._dynamic(path)
        # a closed __getattr__ is the only source of missing names when nothing else is dynamic
        closed = dynamic and info.served is not None and not any(
            self._compiled_module(star) or self._dynamic(star) for star in info.star_imports)
        serves = list(info.served.names) if closed and info.served else None
        deprecated = self._table(info, "deprecated_names")
        forwarded = self._forwarded(info)
        every_name: Deprecation | None = None
        if forwarded is not None:
            deprecated.update(forwarded)
            if not any(self._compiled_module(s) or self._dynamic(s) for s in info.star_imports) \
                    and not self._dynamic(info.forward.module):  # type: ignore[union-attr]
                serves = sorted(forwarded)
            else:  # the names compiled code gives the target are served, with the warning
                every_name = info.forward.deprecation  # type: ignore[union-attr]
        return Definition(path=path, kind="module", dynamic=dynamic, deprecated=every_name,
                          expired=self._table(info, "expired"), deprecated_names=deprecated,
                          serves=serves, unlisted=self._unlisted(path, info))

    def _forwarded(self, info: ModuleInfo) -> dict[str, str] | None:
        """What a shim's ``__getattr__`` serves: the public names of the module it forwards
        to that the shim does not bind itself, each with the shim's warning."""
        forward = info.forward
        if forward is None or forward.module not in self.modules:
            return None  # a compiled module, or another distribution's: its names are unknown
        target = self.modules[forward.module]  # ``getattr`` finds what it imports, too
        candidates = dict.fromkeys([*self.public_names(forward.module), *target.bindings])
        names = [n for n in candidates if n not in info.bindings
                 and not n.startswith("_") and f"{info.name}.{n}" not in self.modules]
        if not names:
            return None
        return {n: forward.message_for(n) for n in names}

    def _unlisted(self, path: str, info: ModuleInfo) -> list[str]:
        """Names a module binds but does not export: with ``__all__``, those it leaves out
        (pandas' ``dtypes.common.is_list_like``); without, those it imports from another
        distribution (sympy_parser's ``TokenError``, from ``tokenize`` since 1.2: its own
        before, so no removal)."""
        if info.all_names is None and not info.all_from:  # what it imports from elsewhere
            return sorted(self._imported_from_elsewhere(path, stand_ins=False))
        public = set(self.public_names(path))
        starred = [n for star in info.star_imports for n in self.star_names(star)]
        return sorted({n for n, b in info.bindings.items()
                       if not n.startswith("_") and n not in public and b.kind != "module"}
                      | {n for n in starred if not n.startswith("_") and n not in public})

    def _table(self, info: ModuleInfo, table: str) -> dict[str, str]:
        """A module's expiry or deprecation table, with those it imports from other modules."""
        entries = dict(getattr(info, table))
        for source in info.expired_from:
            other = self.modules.get(source)
            if other is not None:
                entries.update({k: v for k, v in getattr(other, table).items() if k not in entries})
        return entries

    def _dynamic(self, module: str, seen: frozenset[str] = frozenset()) -> bool:
        """A module whose names are not all known: it has ``__getattr__`` or injects globals,
        or star-imports such a module or a compiled one (scipy.special's ufuncs)."""
        info = self.modules.get(module)
        if info is None or module in seen:
            return False
        if info.has_getattr:
            return True
        return any(self._compiled_module(star) or self._dynamic(star, seen | {module})
                   for star in info.star_imports)

    def _compiled_module(self, module: str) -> bool:
        """A sibling of modules we read that has no source of its own: a compiled extension
        (``scipy.optimize._lsap``). Names from it are real; nothing more is known of them."""
        return self.is_internal(module) and module not in self.modules \
            and module not in self._definition_index and module.rpartition(".")[0] in self.modules

    def resolve_path(self, path: str) -> str | None:
        if path in self.modules or path in self._definition_index:
            return path
        parts = path.split(".")
        for i in range(len(parts) - 1, 0, -1):
            prefix = ".".join(parts[:i])
            if i == len(parts) - 1 and self._compiled_module(prefix):
                return path  # a name in a compiled module: real, of unknown shape
            if prefix in self.modules:
                current = self.resolve_name(prefix, parts[i])
                for attr in parts[i + 1:]:
                    if current is None:
                        return None
                    current = self.resolve_name(current, attr) if current in self.modules \
                        else f"{current}.{attr}"
                return current
        return None if self.is_internal(path) else path

    def star_names(self, module: str) -> list[str]:
        """What ``from module import *`` binds: ``__all__`` when the module computes it."""
        cached = self._star_names.get(module)
        if cached is not None:
            return cached
        self._star_names[module] = []  # breaks cycles through star imports
        info = self.modules.get(module)
        names: list[str] = []
        if info is None and self.foreign is not None and not self.is_internal(module):
            names = self.foreign(module) or []
            self._foreign_paths.update(f"{module}.{n}" for n in names)
        if info is not None:
            if info.all_names is not None or info.all_from:
                names = list(info.all_names or [])
                for other in info.all_from:
                    if table_path(other) is None:
                        names.extend(self.star_names(self.resolve_path(other) or other))
                    else:  # a table not read (another distribution's): what the module binds
                        table = self._literal_table(other)
                        names.extend(table if table is not None else self._bound_public(info))
                if info.all_computed and not info.stub_names and not info.all_injected:
                    # it grows by names only the run knows, and no stub says which: what
                    # the module binds may be among them (scipy.stats' distributions); not
                    # where a loop makes the very names it adds (numpy's scalar types)
                    names += self._bound_public(info) + _metadata_dunders(info)
                    for star in info.star_imports:
                        names.extend(self.star_names(star))
            else:
                names = self._bound_public(info)
                if info.all_computed:
                    names += _metadata_dunders(info)
                for star in info.star_imports:
                    names.extend(self.star_names(star))
            listed = info.all_names is not None or bool(info.all_from)
            for name in info.stub_names:  # stubs declare the interface of compiled/dynamic code
                binding = info.stub_bindings.get(name) or info.bindings.get(name)
                if binding is not None and self._binding_is_public(binding, info) and not (
                        listed and f"{module}.{name}" in self.modules):  # with __all__, a
                    names.append(name)  # star import gives no submodule it leaves out
            names.extend(self.evident.names.get(module, {}))
        result = list(dict.fromkeys(names))
        self._star_names[module] = result
        return result

    def public_names(self, module: str) -> list[str]:
        """Names reachable as attributes, beyond ``__all__``: a package's explicit imports
        (numpy 2.2's ``in1d``) and a module's own functions and classes."""
        names = self.star_names(module)
        info = self.modules.get(module)
        if info is not None and (info.all_names is not None or info.all_from):
            if info.is_package:  # what it imports is an attribute, in __all__ or not
                extra = self._bound_public(info)
                for star in info.star_imports:  # torch: ``from torch._C._VariableFunctions import *``
                    extra.extend(self.star_names(star))
            else:
                extra = [n for n, b in info.bindings.items() if b.kind == "def" and not n.startswith("_")]
            names = list(dict.fromkeys(names + extra))
        return names

    def _bound_public(self, info: ModuleInfo) -> list[str]:
        """Names a star import of the module gives (without ``__all__``): what it defines
        and imports from its own distribution, and another's import it stands in for."""
        return [n for n, b in info.bindings.items()
                if not n.startswith("_") and (self._binding_is_public(b, info) or (
                    b.kind == "import" and self._stands_in(info.type_bindings.get(n))))]

    def _binding_is_public(self, binding, info: ModuleInfo) -> bool:
        if binding.kind in ("def", "value"):
            return True
        if binding.kind == "alias":
            return True
        return self.is_internal(binding.target)

    # surface ------------------------------------------------------------------------------
    def excluded(self, path: str) -> bool:
        return any(path == e or path.startswith(e + ".") for e in self.exclude)

    def build(self) -> Surface:
        surface = Surface()
        self.evident.seed()
        self._star_names.clear()  # what the evidence was weighed with: computed again with it
        self._resolved.clear()
        queue: deque[tuple[str, str]] = deque(
            (name, name) for name in sorted(self.modules, key=lambda m: (m.count("."), m))
            if _public_module_name(name) and not self.excluded(name)
        )
        seen_modules: set[str] = set()
        stand_ins = {m: self._imported_from_elsewhere(m, stand_ins=True) for m in self.modules}
        stood_in = {target for module, names in stand_ins.items() for name in names
                    if (target := self.resolve_name(module, name))}  # re-exported elsewhere too
        while queue and len(surface.exports) < MAX_EXPORTS:
            public, canonical = queue.popleft()
            if canonical in seen_modules and public in surface.exports:
                continue
            surface.exports.setdefault(public, canonical)
            if canonical in seen_modules:
                continue
            seen_modules.add(canonical)
            imported = stand_ins.get(canonical, set())
            for name in self.public_names(canonical) + sorted(imported):
                target = self.resolve_name(canonical, name)
                path = f"{public}.{name}"
                if not target or self.excluded(path) or not (
                        self.is_internal(target) or target in self._foreign_paths
                        or self._listed(canonical, name) or name in imported
                        or target in stood_in):
                    continue
                if target in self.modules:
                    if target not in seen_modules:
                        queue.append((path, target))
                    else:
                        surface.exports.setdefault(path, target)
                else:
                    surface.exports.setdefault(path, target)
        self._collect_definitions(surface)
        return surface

    def _imported_from_elsewhere(self, module: str, stand_ins: bool) -> set[str]:
        """Public names a module imports from another distribution (``from tokenize import
        TokenError``), directly or through another of its modules, or binds to one of its
        attributes (``CUR_OS = sys.platform``): attributes it has.
        ``stand_ins``: only those a branch that may run instead defines (annotated_types'
        ``except ImportError: class Doc``): the module's own name, an export whose shape is
        the other distribution's; the others it only binds (``unlisted``)."""
        info = self.modules.get(module)
        if info is None:
            return set()
        found = set()
        kinds = ("import",) if stand_ins else ("import", "alias")  # ``POS = inspect.Parameter.X``
        for name, binding in info.bindings.items():
            if binding.kind not in kinds or name.startswith("_"):
                continue
            if stand_ins != self._stands_in(info.type_bindings.get(name)):
                continue
            target = self.resolve_name(module, name)  # also through the module's own imports
            if target and not self.is_internal(target) and \
                    target.split(".", 1)[0] != "__future__":
                found.add(name)
        return found

    def _stands_in(self, binding) -> bool:
        """A class, function, alias or import of the distribution's own that a module binds
        where another distribution's import may not run."""
        return binding is not None and (binding.kind in ("def", "alias") or (
            binding.kind == "import" and self.is_internal(binding.target)))

    def _listed(self, module: str, name: str) -> bool:
        """A name the module's ``__all__`` lists, whatever it is bound to (numpy.compat's
        ``long = int``, ``from pathlib import Path``): an attribute it promises."""
        info = self.modules.get(module)
        return info is not None and (info.all_names is not None or bool(info.all_from)) \
            and name in self.star_names(module)

    def _collect_definitions(self, surface: Surface) -> None:
        pending = deque(sorted(set(surface.exports.values())))
        seen: set[str] = set()
        while pending:
            path = pending.popleft()
            if path in seen:
                continue
            seen.add(path)
            if path in self.modules:
                info = self.modules[path]
                surface.definitions[path] = self._module_definition(path, info)
                continue
            info = self._definition_index.get(path)
            if info is None:
                continue
            definition = info.definitions[path]
            if definition.kind == "class":
                definition.bases = [self._resolve_base(info, b) for b in info.class_bases.get(path, [])]
                pending.extend(b for b in definition.bases if b in self._definition_index)
                self._add_members(info, definition, pending)
                if any(self._compiled_module(h.rpartition(".")[0]) or self._compiled_module(h)
                       for h in info.self_handlers.get(path, ())):
                    definition.members_complete = False  # compiled code sets attributes
            self._resolve_constant_defaults(info, definition)
            self._apply_signature_decorators(info, definition)
            definition.returns = self._returns(info, path)
            if definition.returns:  # instances of private classes too
                pending.extend(definition.returns.split("|"))
            definition.yields = self._yields(info, path)
            if definition.yields:
                pending.extend(c for c in definition.yields.strip("()").split(",") if c)
            source = info.deprecator_sources.get(path)
            if source:
                self._copy_deprecators(info, definition, source)
                if not definition.returns:
                    definition.returns = self._copied_return(info, source)
                    if definition.returns:
                        pending.extend(definition.returns.split("|"))
            surface.definitions[path] = definition
        for definition in surface.definitions.values():
            self._resolve_replacements(definition, surface)

    def _resolve_constant_defaults(self, info: ModuleInfo, definition: Definition) -> None:
        """``floatfmt=_DEFAULT_FLOATFMT`` is ``floatfmt='g'``: a default that names a module
        constant (bound once, to a literal) is stored as the literal it means."""
        if definition.params is not None:
            definition.params = [self._constant_param(info, definition, p) for p in definition.params]
        if definition.overloads:
            definition.overloads = [[self._constant_param(info, definition, p) for p in sig]
                                    for sig in definition.overloads]

    def _constant_param(self, info: ModuleInfo, definition: Definition, param: Param) -> Param:
        text = param.default
        if not text or not _NAME_LIKE.fullmatch(text) or text in ("None", "True", "False"):
            return param
        owner = definition.path.rsplit(".", 1)[0]
        if f"{owner}.{text}" in info.definitions and owner != info.name:
            # a class attribute of the same name (a class body sees it first)
            value = info.constants.get(f"{owner}.{text}")
            return Param(param.name, param.kind, value) if value is not None else param
        value = info.constants.get(text) if "." not in text and text in info.bindings and \
            info.bindings[text].kind == "value" else None
        if value is None:
            resolved = self._resolve_base(info, text)
            module, _, name = resolved.rpartition(".")
            other = self.modules.get(module)
            binding = other.bindings.get(name) if other is not None else None
            if other is not None and binding is not None and binding.kind == "value":
                value = other.constants.get(name)
            elif other is None and module:  # ``level=logging.DEBUG``: Python shows 10
                value = stdlib_constant(module, name)
        return Param(param.name, param.kind, value) if value is not None else param

    def _apply_signature_decorators(self, info: ModuleInfo, definition: Definition) -> None:
        """A decorator of the distribution that appends parameters to ``__signature__``
        (networkx's ``@nx._dispatchable``) gives the function those parameters."""
        raw = info.raw_decorators.get(definition.path)
        if not raw or definition.params is None or not self._signature_adders:
            return
        for expression in raw:
            added = self._signature_adders.get(self._resolve_base(info, expression))
            if added:
                definition.params, extra = with_added(definition.params, added)
                definition.decorator_kwargs = definition.decorator_kwargs or extra

    def _add_members(self, info: ModuleInfo, definition: Definition, pending: deque) -> None:
        """Queue a class's public members; fold plain data members into the class record."""
        prefix = definition.path + "."
        attributes: list[str] = []
        properties: list[str] = []
        for member_path, member in info.definitions.items():
            name = member_path[len(prefix):] if member_path.startswith(prefix) else ""
            if not name or "." in name or _private_member(name):
                continue
            if member.kind in ("attribute", "property") and not member.deprecated and \
                    not info.raw_returns.get(member_path):
                (attributes if member.kind == "attribute" else properties).append(name)
            else:
                pending.append(member_path)
        definition.attributes = sorted(attributes)
        definition.properties = sorted(properties)

    def _returns(self, info: ModuleInfo, path: str) -> str | None:
        """What the code says it returns, else what its docstring says."""
        for raw in (info.raw_returns.get(path), info.doc_returns.get(path)):
            resolved = self._resolve_return(info, path, raw) if raw else None
            if resolved:
                return resolved
        return None

    def _yields(self, info: ModuleInfo, path: str) -> str | None:
        """What iterating the result gives, each class resolved (unresolved slots left empty)."""
        raw = info.raw_yields.get(path)
        if not raw:
            return None
        if not raw.startswith("("):
            return self._resolve_return(info, path, raw)
        slots = [self._resolve_return(info, path, s) if s else None for s in raw[1:-1].split(",")]
        return "(" + ",".join(s or "" for s in slots) + ")" if any(slots) else None

    def _copied_return(self, info: ModuleInfo, source: str) -> str | None:
        """The return type of the function whose docstring (and deprecators) a wrapper copies:
        ``pyplot.colorbar`` documents what ``Figure.colorbar`` returns."""
        origin_path = self._inherited_path(self._resolve_base(info, source))
        origin_info = self._definition_index.get(origin_path) if origin_path else None
        return self._returns(origin_info, origin_path) if origin_info else None

    def _inherited_path(self, path: str) -> str | None:
        """``Figure.colorbar`` -> ``FigureBase.colorbar`` when the class inherits it."""
        if path in self._definition_index:
            return path
        owner, _, name = path.rpartition(".")
        seen: set[str] = set()
        pending = [owner]
        while pending:
            cls = pending.pop(0)
            if cls in seen or cls not in self._definition_index:
                continue
            seen.add(cls)
            if f"{cls}.{name}" in self._definition_index:
                return f"{cls}.{name}"
            cls_info = self._definition_index[cls]
            pending.extend(self._resolve_base(cls_info, b) for b in cls_info.class_bases.get(cls, []))
        return None

    def _copy_deprecators(self, info: ModuleInfo, definition: Definition, source: str) -> None:
        """matplotlib's pyplot wrappers take the keyword-only and renaming shims of the
        method they wrap."""
        origin_path = self._resolve_base(info, source)
        origin_info = self._definition_index.get(origin_path)
        origin = origin_info.definitions.get(origin_path) if origin_info else None
        if origin is None or origin.params is None or definition.params is None:
            return
        keyword_only = {p.name for p in origin.params if p.kind == KEYWORD_ONLY}
        converted, converting = [], False
        for param in definition.params:
            if param.kind == POSITIONAL_OR_KEYWORD and param.name in keyword_only:
                converting = True
            if converting and param.kind == POSITIONAL_OR_KEYWORD:
                param = Param(param.name, KEYWORD_ONLY, param.default)
            converted.append(param)
        if any(p.kind == VAR_POSITIONAL for p in converted):
            return
        definition.params = converted
        for name, new in origin.extra_keywords.items():
            definition.extra_keywords.setdefault(name, new)
        for name, record in origin.param_deprecations.items():
            definition.param_deprecations.setdefault(name, record)

    def _resolve_base(self, info: ModuleInfo, expression: str) -> str:
        head, _, rest = expression.partition(".")
        base = self.resolve_name(info.name, head)
        if base is None and head in info.type_bindings:  # imported for type checkers only
            base = self._resolve_binding(info.name, head, info.type_bindings[head], info)
        if base is None:
            return expression
        return self.resolve_path(f"{base}.{rest}" if rest else base) or expression

    def _resolve_return(self, info: ModuleInfo, path: str, raw: str) -> str | None:
        if raw.startswith(DOC_TYPE_PREFIX):
            return _each_class(raw[len(DOC_TYPE_PREFIX):],
                               lambda name: self._resolve_documented(info, name))
        if "|" in raw:  # overloads that differ, or ``A | B``
            return _each_class(raw, lambda part: self._resolve_return(info, path, part))
        if raw in ("Self", "typing.Self", "typing_extensions.Self"):
            owner = path.rsplit(".", 1)[0]
            return owner if owner in self._definition_index else None
        if raw.startswith("self.") and raw.count(".") == 1:  # return self.other(...)
            resolved = f"{path.rsplit('.', 1)[0]}.{raw[len('self.'):]}"
        else:
            resolved = self._resolve_base(info, raw)
        owner = self._definition_index.get(resolved)
        if owner is None:
            return None
        kind = owner.definitions[resolved].kind
        if kind == "class":
            return resolved
        if kind in ("function", "method") and resolved not in self._following:
            self._following.add(resolved)  # return helper(...): what the helper returns
            try:
                return self._returns(owner, resolved)
            finally:
                self._following.discard(resolved)
        return None

    def return_type(self, module: str, path: str, raw: str) -> str | None:
        """A result written in ``module`` for ``path`` as a class path (for types added after
        the build: ``stub_types.apply_typed_results``)."""
        info = self.modules.get(module)
        return self._resolve_return(info, path, raw) if info is not None else None

    def _resolve_documented(self, info: ModuleInfo, name: str) -> str | None:
        """A documented class: resolved in the module, else the one class whose path ends
        with it (``~.colorbar.Colorbar``, ``Image``)."""
        resolved = self._resolve_base(info, name)
        owner = self._definition_index.get(resolved)
        if owner is not None and owner.definitions[resolved].kind == "class":
            return resolved
        if self._class_suffixes is None:
            self._class_suffixes = {}
            for path, module in self._definition_index.items():
                if module.definitions[path].kind == "class":
                    parts = path.split(".")
                    for i in range(1, len(parts)):
                        self._class_suffixes.setdefault(".".join(parts[i:]), []).append(path)
        candidates = self._class_suffixes.get(name, [])
        if not candidates and "." in name:  # "dask.DataFrame": the package and the class name
            head, last = name.split(".", 1)[0], name.rsplit(".", 1)[-1]
            candidates = [c for c in self._class_suffixes.get(last, []) if c.split(".")[0] == head]
        public = [c for c in candidates if not any(p.startswith("_") for p in c.split(".")[-1:])]
        return public[0] if len(public) == 1 else None

    def _resolve_replacements(self, definition: Definition, surface: Surface) -> None:
        if definition.deprecated and definition.deprecated.replacement:
            resolved = self.public_replacement(definition.path, definition.deprecated.replacement,
                                               surface)
            if resolved != definition.deprecated.replacement:
                from dataclasses import replace
                definition.deprecated = replace(definition.deprecated, replacement=resolved)

    def public_replacement(self, owner_path: str, text: str, surface: Surface) -> str:
        """Turn a replacement named in a message into a public dotted path where possible."""
        if text in surface.exports:
            return text
        info = self._module_of(owner_path)
        head, _, rest = text.partition(".")
        candidates: list[str] = []
        owner_class = owner_path.rsplit(".", 1)[0]
        if not rest and owner_class in self._definition_index and \
                f"{owner_class}.{text}" in self._definition_index:
            candidates.append(f"{owner_class}.{text}")
        if info is not None:
            base = self.resolve_name(info.name, head)
            if base:
                resolved = self.resolve_path(f"{base}.{rest}" if rest else base)
                if resolved:
                    candidates.append(resolved)
        for top in sorted(self.top_levels):
            candidates.append(self.resolve_path(f"{top}.{text}") or "")
            if rest:
                candidates.append(self.resolve_path(f"{top}.{rest}") or "")
        for candidate in candidates:
            public = self.public_path(candidate, surface)
            if public:
                return public
        return text

    def public_path(self, canonical: str, surface: Surface) -> str | None:
        if not hasattr(self, "_reverse"):
            self._reverse: dict[str, str] = {}
            for public, target in sorted(surface.exports.items(), key=lambda kv: (len(kv[0]), kv[0])):
                self._reverse.setdefault(target, public)
        if canonical in self._reverse:
            return self._reverse[canonical]
        owner, _, member = canonical.rpartition(".")
        if owner in self._reverse:
            return f"{self._reverse[owner]}.{member}"
        return None

    def _module_of(self, path: str) -> ModuleInfo | None:
        parts = path.split(".")
        for i in range(len(parts), 0, -1):
            info = self.modules.get(".".join(parts[:i]))
            if info is not None:
                return info
        return None


# names every module has, or that run it: never what a computed ``__all__`` adds
_MODULE_MACHINERY = {"__all__", "__getattr__", "__dir__", "__path__", "__doc__", "__spec__",
                     "__loader__", "__file__", "__name__", "__package__", "__builtins__",
                     "__cached__", "__annotations__"}


def _metadata_dunders(info: ModuleInfo) -> list[str]:
    """``__version__ = metadata.version(...)``: a value the module binds for its readers, which
    a computed ``__all__`` may list as well as its public names (plotly 6.1.2+, whose literal
    ``__all__`` sits under ``if TYPE_CHECKING:``)."""
    return [n for n, b in info.bindings.items() if n.startswith("__") and n.endswith("__")
            and n not in _MODULE_MACHINERY and b.kind in ("value", "alias")]


def _private_member(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _public_module_name(name: str) -> bool:
    parts = name.split(".")
    private = any(p.startswith("_") and not (p.startswith("__") and p.endswith("__")) for p in parts)
    test_like = any(p in ("tests", "test", "conftest", "benchmarks", "setup", "__main__")
                    for p in parts[1:])
    return not private and not test_like
