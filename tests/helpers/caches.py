"""User caches for tests: seeded with a prebuilt shipped database so no test builds it again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def seed_cache(cache: Path, shipped_database: Path) -> Path:
    """Put the prebuilt shipped database into ``cache`` (under the name the knowledge uses)."""
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / shipped_database.name
    if not target.exists():
        try:
            os.link(shipped_database, target)
        except OSError:
            shutil.copy2(shipped_database, target)
    return cache
