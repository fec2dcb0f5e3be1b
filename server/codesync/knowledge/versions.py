"""Release versions: ordering, equality, minor lines, and a sortable text key for SQL.

Intervals in the knowledge database are stored as ``[first_key, last_key]`` over these keys,
so a release is found by a range query that stays right when other releases are added
around it (integer positions would shift).
"""

from __future__ import annotations

from packaging.version import InvalidVersion, Version

_PRE = {"a": "a", "b": "b", "rc": "c"}


def parsed(version: str) -> Version | str:
    """A comparable version: 1.1 and 1.1.0 are the same release."""
    try:
        return Version(version)
    except InvalidVersion:
        return version


def version_key(version: str) -> tuple:
    """A sort key: PEP 440 order, with unparseable versions after all others."""
    try:
        return (0, Version(version))
    except InvalidVersion:
        return (1, version)


def normalized(version: str) -> str:
    try:
        return str(Version(version))
    except InvalidVersion:
        return version


def sort_key(version: str) -> str:
    """Text that sorts like PEP 440 (1.1 == 1.1.0 < 1.1.1.dev0 < 1.1.1rc1 < 1.1.1 < 1.1.1.post1).

    Every marker after the release numbers is below "." so that a shorter release sorts
    before any longer one that extends it.
    """
    try:
        v = Version(version)
    except InvalidVersion:
        return "~" + version
    release = list(v.release)
    while len(release) > 1 and release[-1] == 0:
        release.pop()
    head = _number(v.epoch) + "!" + ".".join(_number(n) for n in release)
    if v.pre is not None:
        phase = "$" + _PRE[v.pre[0]] + _number(v.pre[1]) + _post_dev(v.post, v.dev)
    elif v.post is not None:
        phase = _post_dev(v.post, v.dev)
    elif v.dev is not None:
        phase = "#" + _number(v.dev)
    else:
        phase = "&"
    return head + phase + (f"+{v.local}" if v.local else "")


def _post_dev(post: int | None, dev: int | None) -> str:
    text = "'" + _number(post) if post is not None else ""
    return text + ("#" + _number(dev) if dev is not None else "%")


def _number(n: int) -> str:
    """Digits behind their count, so that numbers of any length sort as numbers."""
    digits = str(min(n, 999_999_999))
    return f"{len(digits)}{digits}"


def minor_line(version: str) -> tuple | None:
    """(epoch, major, minor) of a final or patch release; None for what has no such line."""
    try:
        v = Version(version)
    except InvalidVersion:
        return None
    release = (*v.release, 0)[:2]
    return (v.epoch, *release)
