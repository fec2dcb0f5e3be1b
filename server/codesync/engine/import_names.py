"""The import names of a release, read from its files, for distributions whose policy leaves
them open (``import_names = []``: the coverage list, where a name and its package differ:
pyyaml/yaml, python-dateutil/dateutil, beautifulsoup4/bs4).

A wheel holds its packages at the top; an sdist under ``name-version/`` and perhaps ``src/``.
A top-level package is a folder with an ``__init__.py``; a single-module distribution is a
top-level ``.py`` file. Test, documentation and build folders and private names are not.
"""

from __future__ import annotations

from collections.abc import Iterable

from .release import SKIPPED_DIRS, SKIPPED_FILES

NOT_PACKAGES = SKIPPED_DIRS | {"scripts", "tools", "ci", "bin", "testing", "example", "src"}


def infer_import_names(paths: Iterable[str]) -> list[str]:
    """Sorted top-level import names of the files at ``paths`` (archive-relative)."""
    paths = [p for p in paths if p.endswith((".py", ".pyi"))]
    root = _source_root(paths)
    names: set[str] = set()
    for path in paths:
        if not path.startswith(root):
            continue
        parts = path[len(root):].split("/")
        if len(parts) == 1 and parts[0] not in SKIPPED_FILES:
            names.add(parts[0].rsplit(".", 1)[0])
        elif len(parts) == 2 and parts[1] in ("__init__.py", "__init__.pyi"):
            names.add(parts[0])
    return sorted(n for n in names if n.isidentifier() and not n.startswith(("_", "test_"))
                  and n not in NOT_PACKAGES)


def _source_root(paths: list[str]) -> str:
    """'' for a wheel, 'name-1.0/' or 'name-1.0/src/' for an sdist."""
    firsts = {p.split("/", 1)[0] for p in paths}
    if len(firsts) != 1 or all("/" not in p for p in paths):
        return ""
    (first,) = firsts
    if "-" not in first:  # a wheel with one package: its folder is the import name
        return ""
    root = first + "/"
    return root + "src/" if any(p.startswith(root + "src/") for p in paths) else root
