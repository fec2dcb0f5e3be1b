"""Deprecations a function warns of under a test of the data it is given:

    def medfilt(volume, kernel_size=None):
        volume = np.atleast_1d(volume)
        ...
        if volume.dtype.char in ['O', 'g']:
            warnings.warn(f"Using medfilt with arrays of dtype {volume.dtype} is deprecated ...",
                          DeprecationWarning)

No parameter, value or default of the call decides the warning, so the checker reports
nothing at the call; the knowledge keeps it so that ``explain`` and hover can say the function
may warn, and what of. A function that hands its parameters to such a function (``medfilt2d``
calling ``medfilt`` for the dtypes it cannot filter itself) may warn too: the callee's own
records are copied to it, one call deep (a caller of the caller is not told, so that a
library's helpers do not spread every warning to every public function).
"""

from __future__ import annotations

from dataclasses import replace

from ..knowledge.model import Definition, Deprecation

MAX_PER_FUNCTION = 8
OWN = "warn"  # the form of a warning the function gives itself
HANDED_ON = "callee-warn"  # the form of one its callee gives


def keep_conditional(record: Definition, found: Deprecation) -> None:
    """Keep a warning the function gives under a test nothing else of the knowledge reads
    (a parameter deprecation, deprecated values, a default notice)."""
    if not found.message or _known(record, found.message):
        return
    if len(record.conditional_deprecations) < MAX_PER_FUNCTION:
        record.conditional_deprecations.append(replace(found, form=OWN))


def inherit_conditional(record: Definition, callee: Definition) -> bool:
    """The callee's own conditional deprecations, for a caller that hands it parameters."""
    changed = False
    for found in callee.conditional_deprecations:
        if found.form != OWN or _known(record, found.message) or \
                len(record.conditional_deprecations) >= MAX_PER_FUNCTION:
            continue
        record.conditional_deprecations.append(replace(found, form=HANDED_ON))
        changed = True
    return changed


def drop_known(modules: dict) -> None:
    """Once every module is read: a method's conditional warning its class's constructor
    holds as a parameter deprecation, deprecated values or a default notice (sklearn's
    ``fit`` testing ``self.penalty == "none"``) is that record's, not a second one."""
    for info in modules.values():
        for path, record in info.definitions.items():
            if not record.conditional_deprecations:
                continue
            init = info.definitions.get(f"{path.rpartition('.')[0]}.__init__")
            others = [r for r in (init,) if r is not None and r is not record]
            record.conditional_deprecations = [
                d for d in record.conditional_deprecations
                if not any(_read_otherwise(r, d.message) for r in others)]


def _known(record: Definition, message: str) -> bool:
    return _read_otherwise(record, message) or \
        any(d.message == message for d in record.conditional_deprecations)


def _read_otherwise(record: Definition, message: str) -> bool:
    if record.deprecated is not None and record.deprecated.message == message:
        return True
    if any(d.message == message for d in record.param_deprecations.values()):
        return True
    if any(n.deprecation.message == message for n in record.default_notices.values()):
        return True
    return any(v.deprecation.message == message
               for items in record.value_deprecations.values() for v in items)
