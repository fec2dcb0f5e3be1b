"""Which deprecated values of a callee a call hands on to its caller's parameters.

    def date_range(start=None, freq=None):
        return _generate(start, to_offset(freq))          # freq's values reach to_offset

    def period_range(freq=None):
        return to_offset(freq, is_period=True)            # not the ones ``is_period`` turns off

A value deprecation that holds ``unless`` some parameter is passed (``if not is_period and
...``) is handed on only by calls that leave that parameter out; a call that hands it one of
its own parameters hands the condition on too. Nor is it handed on by a call in a branch of a
type test of the data (``if isinstance(obj.index, PeriodIndex): ... else: date_range(freq)``):
the periods' branch allows what the dates' branch warns about. A callee known by its overloads only (a stub)
binds positions by its first overload's names. Parameters deprecated ``together`` are handed
on where the call hands on each of them, as the caller's names. A value deprecation that holds
``when`` a flag is true (``if is_period and ...``) is handed on by a call that passes it
``True`` (the condition met) or one of the caller's parameters (the caller's condition now).
A deprecated container type (``isinstance(key, list)``) stays with the callee: a caller often
unpacks or rebuilds a container before it hands it on (``by = by[0]``).
"""

from __future__ import annotations

from dataclasses import replace

from ..knowledge.model import Definition, ValueDeprecation

SELF = "@self."  # inherited_deprecations' mark of a ``self.<attribute>`` argument
CONTAINERS = {"list", "tuple", "dict", "set", "frozenset"}


def handed_on(item: ValueDeprecation) -> bool:
    """Whether a caller that passes its parameter on takes this deprecation along."""
    return not (item.of_types and set(item.of_types) <= CONTAINERS)


def carried_values(callee: Definition, args: list[str | None], kwargs: dict[str, str],
                   keywords: tuple = (), typed: bool = False, truthy: tuple = ()
                   ) -> dict[str, list[ValueDeprecation]]:
    """Caller's target (a parameter, or ``@self.attr``) -> the callee's value deprecations
    that hold for this call. ``args``: per position, the caller's parameter passed or None;
    ``kwargs``: callee keyword -> caller's parameter; ``keywords``: every keyword passed;
    ``typed``: the call is made in a branch of a type test of data, where another branch
    may hand the value to a callee that allows it (a mode-dependent item is not handed on);
    ``truthy``: the keywords passed ``True``."""
    params = [p.name for p in callee.params or (callee.overloads[0] if callee.overloads else [])]
    mapping = {name: a for name, a in zip(params, args) if a}
    mapping.update(kwargs)
    passed = set(keywords) | set(params[:len(args)])
    carried: dict[str, list[ValueDeprecation]] = {}
    for name, items in callee.value_deprecations.items():
        target = mapping.get(name)
        kept = [k for k in (_held(i, mapping, passed, set(truthy)) for i in items
                            if handed_on(i) and not (typed and (i.unless or i.when)))
                if k is not None]
        if target and kept:
            carried[target] = kept
    return carried


def _held(item: ValueDeprecation, mapping: dict[str, str], passed: set[str],
          truthy: set[str] = frozenset()) -> ValueDeprecation | None:
    if item.together:  # a pair handed on only where the caller hands on each of them
        together = [mapping.get(name, "") for name in item.together]
        if not all(t and not t.startswith(SELF) for t in together):
            return None
        item = replace(item, together=tuple(together))
    if item.when:
        when = [mapping.get(name, "") for name in item.when if name not in truthy]
        if not all(w and not w.startswith(SELF) for w in when):
            return None  # left out or given a value this reading does not know
        item = replace(item, when=tuple(sorted(when)))
    if not item.unless:
        return item
    unless = []
    for name in item.unless:
        if name not in passed:  # left out: the test holds; the name stays, a mark that a
            unless.append(name)  # mode decides (no caller's call can pass the callee's flag)
            continue
        forwarded = mapping.get(name, "")
        if not forwarded or forwarded.startswith(SELF):
            return None  # given a value this reading does not know: maybe turned off
        unless.append(forwarded)
    return replace(item, unless=tuple(sorted(unless)))
