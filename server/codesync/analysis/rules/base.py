"""The shape of a rule: a kind of finding, what it reports, and one ``check`` method.

Rules about a resolved API take the site's context and the API's definition at the target;
rules about a call also take the call bound under the target and baseline (``CallFacts``).
Each rule's docstring says what it reports, with an example, and is shown by the docs.
"""

from __future__ import annotations

from typing import ClassVar

from ...knowledge.model import Definition
from ..findings import CODES, Finding
from .context import CallFacts, SiteContext


class Rule:
    kind: ClassVar[str]  # a kind from analysis/findings.py: it gives the code and severity
    name: ClassVar[str]  # the rule's own name, e.g. "renamed-keyword"

    @property
    def code(self) -> str:
        return CODES[self.kind]


class DefinitionRule(Rule):
    """A rule about the API the site resolves to at the target (it exists there)."""

    def check(self, ctx: SiteContext, definition: Definition) -> list[Finding]:
        raise NotImplementedError


class CallRule(Rule):
    """A rule about a call whose arguments were bound under the target (and baseline)."""

    # when it reports, later call rules are not asked: the call is broken already, and what
    # they would say about it rests on a binding that does not hold
    final: ClassVar[bool] = False

    def check(self, ctx: SiteContext, definition: Definition, call: CallFacts) -> list[Finding]:
        raise NotImplementedError
