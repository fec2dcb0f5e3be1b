"""An API path as a user's file can name it: through the module alias the file already has,
else the full path with the import it needs."""

from __future__ import annotations

from ..analysis.symbols import Ref
from ..fixes.apply import module_aliases


def spelling(path: str, source: str, evidence) -> tuple[str, list[str]]:
    """``path`` as the file can name it, and the import line it needs, if any."""
    module = module_of(path, evidence)
    aliases = module_aliases(source)
    if module in aliases:
        return f"{aliases[module]}{path[len(module):]}", []
    return path, [f"import {module}"]


def module_of(path: str, evidence) -> str:
    """The longest prefix of ``path`` that is a module of the distribution."""
    parts = path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:cut])
        found = evidence.lookup.find(Ref(prefix), evidence.dist, evidence.target).definition
        if found is not None and found.kind == "module":
            return prefix
    return ".".join(parts[:-1]) or parts[0]
