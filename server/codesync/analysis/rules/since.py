"""How a message says when a deprecation arrived, without claiming more than the stored
releases show.

A computed "since" is the first stored release of the run of deprecated ones. When unstored
releases lie before it (a library the knowledge does not track, read from site-packages with
no history), it only bounds the change: "deprecated by 3.20.1", or with an earlier stored
release that was not deprecated, "deprecated by 3.20.1, after 2.21.0".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .context import SiteContext

BETWEEN = "between "


def since_phrase(ctx: SiteContext, since: str | None, stated: bool = False) -> str:
    """' since 2.0', ' by 3.20.1' or ' by 3.20.1, after 2.21.0' (or '' when unknown);
    ``stated`` when the library's own text named the release (then it is exact)."""
    if not since:
        return ""
    if since.startswith(BETWEEN):
        low, _, high = since[len(BETWEEN):].partition(" and ")
        return f" by {high}, after {low}"
    if not stated and _only_bounded(ctx, since):
        return f" by {since}"
    return f" since {since}"


def _only_bounded(ctx: SiteContext, version: str) -> bool:
    """The first stored release, with published ones before it: the change may be older."""
    versions = ctx.knowledge.versions(ctx.dist)
    return bool(versions) and versions[0] == version and \
        ctx.knowledge.previous_published(ctx.dist, version) is not None
