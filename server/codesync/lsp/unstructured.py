"""Diagnostics turned into JSON-ready data once, not at every publish.

pygls unstructures every message with cattrs before ``json.dumps``; after a one-line edit a
document with a thousand findings publishes the same diagnostic objects again (the analyzer
keeps them, ``ConvertedFindings``), and unstructuring them each time costs more than the
check itself. Here the converter keeps each object's data, by identity, for the objects it
has seen lately; lsprotocol's objects are never changed after they are made.
"""

from __future__ import annotations

from typing import Any

from cattrs import Converter

MAX_KEPT = 10_000


def remember_unstructured(converter: Converter, cls: type) -> None:
    """Make ``converter`` unstructure each object of ``cls`` once (while it is kept)."""
    plain = converter.get_unstructure_hook(cls)
    kept: dict[int, tuple[object, Any]] = {}

    def unstructure(obj: object) -> Any:
        found = kept.get(id(obj))
        if found is not None and found[0] is obj:
            return found[1]
        value = plain(obj)
        if len(kept) >= MAX_KEPT:
            kept.clear()
        kept[id(obj)] = (obj, value)
        return value

    converter.register_unstructure_hook(cls, unstructure)
