"""What every rule reads about one site: the releases it is judged against, the API's name,
the per-release lookups, and one way to make a finding.

A ``SiteContext`` is built per site and per stored (target, baseline) pair; rules ask it
questions and never keep state of their own between sites. Walks over the release history
are memoised on the checker, so identical sites share them.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...knowledge.model import Definition
from ..binding import Binding
from ..evidence import Evidence
from ..findings import Finding
from ..lookup import CallSignature
from ..positions import LineIndex
from ..releases import ReleaseChoice
from ..replacements import resolve_replacement
from ..symbols import BoundMember, Site

if TYPE_CHECKING:
    from ..checker import Checker


@dataclass(frozen=True)
class CallFacts:
    """The call bound under the target and, when one is known, under the baseline."""

    target_signature: CallSignature
    target_binding: Binding
    baseline_signature: CallSignature | None
    baseline_binding: Binding | None

    def evidence(self) -> dict[str, Any]:
        return {"binding": self.target_binding, "baseline_binding": self.baseline_binding,
                "target_signature": self.target_signature,
                "baseline_signature": self.baseline_signature}


class SiteContext:
    """One site, judged against one stored target (and baseline) release."""

    def __init__(self, checker: Checker, site: Site, dist: str, path: str, index: LineIndex,
                 target: str, baseline: str | None, target_choice: ReleaseChoice,
                 baseline_choice: ReleaseChoice | None) -> None:
        self.checker = checker
        self.knowledge = checker.knowledge
        self.lookup = checker.lookup
        self.site = site
        self.dist = dist
        self.path = path
        self.index = index
        self.target = target
        self.baseline = baseline
        self.target_choice = target_choice
        self.baseline_choice = baseline_choice
        self.owner_public: str | None = None  # set when the receiver is one of several classes

    def for_site(self, site: Site) -> SiteContext:
        """The same releases, judging another site (a part of this one)."""
        return SiteContext(self.checker, site, self.dist, self.path, self.index, self.target,
                           self.baseline, self.target_choice, self.baseline_choice)

    # names --------------------------------------------------------------------------------
    @property
    def api(self) -> str:
        target = self.site.target
        if isinstance(target, BoundMember):
            owner = self.owner_public or target.instance.public.split("|")[0]
            return f"{owner}.{target.name}"
        return target.path

    @property
    def short_api(self) -> str:
        parts = self.api.split(".")
        return ".".join(parts[-2:]) if isinstance(self.site.target, BoundMember) else self.api

    @property
    def call(self) -> ast.Call | None:
        node = self.site.node
        return node if self.site.kind == "call" and isinstance(node, ast.Call) else None

    # findings -----------------------------------------------------------------------------
    def finding(self, kind: str, message: str, changed_in: str | None = None,
                node: ast.AST | None = None, **evidence: Any) -> Finding:
        finding = Finding(self.path, *self.index.span(node or self.anchor()), kind=kind,
                          message=message, api=self.api, distribution=self.dist,
                          target_version=self.target_choice.version,
                          baseline_version=self.baseline_choice.version
                          if self.baseline_choice else None,
                          changed_in=changed_in, inferred=self._inferred_note())
        finding.evidence = Evidence(self.site, self.dist, self.target, self.baseline,
                                    tuple(self.knowledge.versions(self.dist)), self.lookup,
                                    **evidence)
        return finding

    def anchor(self) -> ast.AST:
        """The callee's name for a call (``read_csv`` in ``pd.read_csv(...)``), else the site."""
        node = self.site.node
        if isinstance(node, ast.Call) and self.site.kind == "call":
            func = node.func
            return AttributeName(func) if isinstance(func, ast.Attribute) else func
        return node  # a reference through getattr(module, "name") is the whole expression

    def version_note(self) -> str:
        baseline = self.baseline_choice
        role = "installed" if self.target_choice.source.startswith("installed") else "target"
        return f"{role}: {self.target_choice.label()}" + (
            f", written for {baseline.label()}" if baseline else "")

    def _inferred_note(self) -> str | None:
        notes = [f"{role} {c.version} inferred from the stored {c.checked[0]} and {c.checked[-1]}"
                 for role, c in (("target", self.target_choice),
                                 ("baseline", self.baseline_choice)) if c and c.inferred]
        return "; ".join(notes) or None

    def label(self, changed: str) -> str:
        return f"between {self.dist} {changed[8:]}" if changed.startswith("between") else \
            f"in {self.dist} {changed}"

    def changed_label(self, changed: str | None) -> str:
        return f"(changed {self.label(changed)}) " if changed else ""

    # releases -----------------------------------------------------------------------------
    def when(self, last_before: str | None, first_after: str) -> str:
        """The release a change arrived in, or "between A and B" when unstored ones lie between."""
        return self.knowledge.change_point(self.dist, last_before, first_after)

    def versions_upto(self, version: str) -> list[str]:
        versions = self.knowledge.versions(self.dist)
        index = self.knowledge.release_index(self.dist, version)
        return versions[: index + 1] if index is not None else []

    def release_index(self, version: str | None) -> int | None:
        return self.knowledge.release_index(self.dist, version) if version else None

    def definition_at(self, version: str) -> Definition | None:
        return self.lookup.find(self.site.target, self.dist, version).definition

    def callable(self, definition: Definition | None, version: str) -> Definition | None:
        """A class's constructor, or the definition itself."""
        if definition is not None and definition.kind == "class":
            return self.lookup.constructor(definition, self.dist, version)
        return definition

    def callable_at(self, version: str) -> Definition | None:
        return self.callable(self.definition_at(version), version)

    def signature(self, definition: Definition, version: str) -> CallSignature | None:
        return self.lookup.call_signature(definition, self.dist, version)

    def binding_at(self, version: str) -> Binding | None:
        definition = self.definition_at(version)
        signature = self.signature(definition, version) if definition else None
        return signature.bind(self.site.shape) if signature else None

    def argument_nodes(self, binding: Binding) -> dict[str, ast.AST]:
        """Parameter name -> the argument the call passes to it (a keyword's whole ``k=v``)."""
        call = self.site.node
        nodes: dict[str, ast.AST] = dict(zip(binding.positional, call.args))
        nodes.update({binding.keywords[k.arg]: k for k in call.keywords
                      if k.arg in binding.keywords})
        return nodes

    def argument_texts(self, binding: Binding) -> dict[str, str]:
        """Parameter name -> the source text of the argument the call passes to it."""
        return {name: self.index.text(node.value if isinstance(node, ast.keyword) else node)
                for name, node in self.argument_nodes(binding).items()}

    def keyword_node(self, name: str) -> ast.keyword | None:
        call = self.call
        return next((k for k in call.keywords if k.arg == name), None) if call else None

    def positional_node(self, index: int) -> ast.AST | None:
        call = self.call
        return call.args[index] if call is not None and index < len(call.args) else None

    def culprit(self, binding: Binding) -> ast.AST | None:
        """The argument a failed binding stumbled on, if it was one argument."""
        if binding.bad_keyword is not None:
            return self.keyword_node(binding.bad_keyword)
        if binding.bad_positional is not None:
            return self.positional_node(binding.bad_positional)
        return None

    def usable_replacement(self, text: str | None, parameters: set[str] = frozenset()
                           ) -> str | None:
        """A replacement named by a deprecation text, if it names something that exists at the
        target: one of ``parameters``, or an API (``analysis/replacements.py``)."""
        if text and text in parameters:
            return text
        return resolve_replacement(self.lookup, self.dist, self.target, text, self.api)

    # history walks ------------------------------------------------------------------------
    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        full = (self.dist, self.target, self.baseline, self.site.target, self.site.shape, *key)
        memo = self.checker.memo
        if full not in memo:
            memo[full] = compute()
        return memo[full]

    def change_point(self, matches_target: Callable[[Binding | None], bool],
                     key: tuple) -> str | None:
        """The release where the call's outcome became what it is at the target (memoised
        under ``key``)."""
        return self.memo(("change", *key), lambda: self._walk_change_point(matches_target))

    def _walk_change_point(self, matches_target: Callable[[Binding | None], bool]) -> str | None:
        versions = self.versions_upto(self.target)
        lower = self.release_index(self.baseline)
        first_match = None
        for i in range(len(versions) - 1, -1, -1):
            if lower is not None and i <= lower:
                break
            if not matches_target(self.binding_at(versions[i])):
                return self.when(versions[i], first_match) if first_match else None
            first_match = versions[i]
        if lower is not None and first_match:
            return self.when(versions[lower], first_match)
        return None

    def deprecated_since(self, is_deprecated: Callable[[Definition], bool],
                         constructor: bool = False) -> str | None:
        """First stored release (up to the target) of the run of deprecated releases."""
        versions = self.versions_upto(self.target)
        first = None
        for version in reversed(versions):
            definition = self.definition_at(version)
            if definition is not None and constructor and definition.kind == "class":
                definition = self.lookup.constructor(definition, self.dist, version)
            if definition is None or not is_deprecated(definition):
                break
            first = version
        if first is None:
            return None
        index = versions.index(first)
        return self.when(versions[index - 1] if index else None, first)


class AttributeName(ast.AST):
    """The span of the attribute name in ``a.b.name`` (for precise underlines)."""

    _fields = ()

    def __init__(self, node: ast.Attribute) -> None:
        super().__init__()
        self.attribute = node
        self.lineno = node.end_lineno
        self.end_lineno = node.end_lineno
        self.end_col_offset = node.end_col_offset
        self.col_offset = node.end_col_offset - len(node.attr.encode("utf-8"))
