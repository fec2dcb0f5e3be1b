"""What a parameter's default value says: sentinels that stand for "not given".

``no_default``, ``_NoValue``, ``'deprecated'``... mean the function decides inside, so a call
relying on one does not rely on a concrete value.
"""

from __future__ import annotations

import re

SENTINEL_DEFAULT = re.compile(
    r"no_default|NoDefault|_NoValue|NOTSET|_DEPRECATED|^'(deprecated|warn)'$", re.I)


def is_sentinel(default: str | None) -> bool:
    return default is not None and SENTINEL_DEFAULT.search(default) is not None
