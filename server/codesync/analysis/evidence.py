"""What the checker established for one finding: the record fixers, hover, explain and the
model path read, instead of the checker's own state.

Everything in it is public: the site in the source, the stored releases the call was judged
against, the signatures and bindings under each, the deprecation record, and the lookup that
answers further per-release questions about the same distribution.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..knowledge.model import Definition, Deprecation
from .binding import Binding
from .symbols import Site

if TYPE_CHECKING:
    from .lookup import ApiLookup, CallSignature


@dataclass(frozen=True)
class Evidence:
    site: Site
    dist: str
    target: str  # the stored release the call was judged against
    baseline: str | None  # the stored release it was written for, when known
    releases: tuple[str, ...]  # every stored release of ``dist``, oldest first
    lookup: ApiLookup
    target_signature: CallSignature | None = None
    baseline_signature: CallSignature | None = None
    binding: Binding | None = None  # the call bound under the target
    baseline_binding: Binding | None = None
    exclusive: tuple[str, str] | None = None  # parameters the target refuses together
    renames: tuple[tuple[str, str], ...] = ()  # old keyword -> new, from a deprecation shim
    keyword: str | None = None  # the deprecated keyword the call passes
    deprecation: Deprecation | None = None
    definition: Definition | None = None  # the callable the deprecation belongs to
    last_present: str | None = None  # the last stored release that had a removed API
    positional_limit: int | None = None  # positional arguments beyond it are deprecated
    uses: tuple[Site, ...] = ()  # for a from-import: the file's uses of the name it binds
    value_replacement: str | None = None  # a deprecated literal's successor, from its table

    def versions_upto(self, version: str) -> list[str]:
        """The stored releases up to and including ``version``."""
        if version not in self.releases:
            return []
        return list(self.releases[: self.releases.index(version) + 1])
