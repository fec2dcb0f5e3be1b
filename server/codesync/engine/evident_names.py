"""Names a module evidently has though nothing the extractor reads binds them.

A module that makes names at import time from data only the run has (numpy's ``for key in
allTypes: globals()[key] = ...``, over the types a compiled module lists) leaves its names
open, and so does every module that star-imports it. Two statements of the same
distribution still name some of them:

* an import by name from such a module (numpy 2's ``from ._core import int8``): the import
  runs when the package is imported, so the module has the name;
* the stub of a package whose names are open, for names it defines and its source binds
  nowhere (numpy 1.26's ``int8``, which ``numpy`` gets through ``from .core import *``).

A name so known is carried down the module's open star imports while exactly one of them
is open (``numpy.core`` -> ``numeric`` -> ``numerictypes``, where the loop makes it): every
module on the way has it. Where several are open it stays where it is known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .name_tables import table_path

if TYPE_CHECKING:
    from .surface import SurfaceBuilder

_DEFINING = ("def", "value", "alias")


class EvidentNames:
    """Module -> name -> the package whose stub defines it (None: known from an import; the
    module's own then, of unknown shape)."""

    def __init__(self, builder: SurfaceBuilder) -> None:
        self.builder = builder
        self.names: dict[str, dict[str, str | None]] = {}
        self._open: dict[str, bool] = {}

    def seed(self) -> None:
        """Collect the evidence (before any export is resolved for good)."""
        builder = self.builder
        for module, info in list(builder.modules.items()):
            for binding in list(info.bindings.values()):
                if binding.kind == "import":
                    self._imported(binding.target)
            for name, binding in info.stub_bindings.items():
                if binding.kind in _DEFINING and not name.startswith("_") and \
                        self.open_star(module) and not self._known(module, name):
                    self._carry(module, name, module)

    def _imported(self, target: str) -> None:
        module, _, name = target.rpartition(".")
        if module in self.builder.modules and name and not name.startswith("_") and \
                self.open_star(module) and f"{module}.{name}" not in self.builder.modules and \
                name not in self.names.get(module, {}) and \
                self.builder.resolve_name(module, name) is None:
            self._carry(module, name, None)

    def _bound(self, module: str, name: str) -> bool:
        return name in self.builder.modules[module].bindings

    def _known(self, module: str, name: str) -> bool:
        """Bound by the module's source or given by one of its star imports."""
        info = self.builder.modules[module]
        if name in info.bindings or name in self.names.get(module, {}):
            return True
        return any(name in self.builder.star_names(s) for s in self.sources(module))

    def _carry(self, module: str, name: str, stub: str | None) -> None:
        seen: set[str] = set()
        # a module down the chain that binds the name itself (numpy 2's numerictypes: ``from
        # builtins import bool``, before its loop rebinds it) is not told otherwise
        while module in self.builder.modules and module not in seen and (
                not seen or not self._bound(module, name)):  # a compiled one ends it too
            seen.add(module)
            self.names.setdefault(module, {}).setdefault(name, stub)
            opened = [s for s in self.sources(module) if self.open_star(s)]
            module = opened[0] if len(opened) == 1 and not self._origin(module) else ""

    def sources(self, module: str) -> list[str]:
        """The modules whose star names become this module's."""
        info = self.builder.modules.get(module)
        if info is None:
            return []
        if info.all_names is not None or info.all_from:
            return [self.builder.resolve_path(o) or o for o in info.all_from if table_path(o) is None]
        return list(info.star_imports)

    def _origin(self, module: str) -> bool:
        info = self.builder.modules[module]
        return info.all_injected or (info.all_computed and not info.stub_names)

    def open_star(self, module: str) -> bool:
        """Whether ``from module import *`` gives names only the run knows."""
        if module not in self._open:
            self._open[module] = False  # breaks cycles
            info = self.builder.modules.get(module)
            if info is None:
                self._open[module] = self.builder._compiled_module(module)
            else:
                self._open[module] = self._origin(module) or any(
                    self.open_star(s) for s in self.sources(module))
        return self._open[module]

    def target(self, module: str, name: str) -> str | None:
        """The path an evident name resolves to, or None when it is not one."""
        known = self.names.get(module, {})
        if name not in known:
            return None
        stub = known[name]
        if stub is None:
            return f"{module}.{name}"
        info = self.builder.modules[stub]  # what the stub binds it to (``string_ = bytes_``)
        return self.builder._resolve_binding(stub, name, info.stub_bindings[name], info)

    def shapeless(self, path: str) -> bool:
        module, _, name = path.rpartition(".")
        return name in self.names.get(module, {}) and self.names[module][name] is None


__all__ = ["EvidentNames"]
