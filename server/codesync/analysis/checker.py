"""Source -> sites -> definitions at the baseline and target releases -> findings.

This is the one analysis the CLI and the language server share.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..knowledge.store import Knowledge
from .body_effects import import_froms
from .findings import (
    DEFAULT_SEVERITY,
    DEPRECATED,
    INCOMPATIBLE_CALL,
    REMOVED,
    UNKNOWN_RELEASE,
    Finding,
)
from .guards import CALL_ERRORS, REMOVAL_ERRORS, Guard, raises_excuses
from .likely_findings import as_likely
from .lookup import ApiLookup
from .one_per_site import merge_same_range, report_imports_once
from .one_walk import collect_sites, module_names
from .parsed_module import remember
from .positions import LineIndex
from .project_modules import ProjectModules
from .receiver_types import KnowledgeTypes, StubTypesSource
from .releases import Obtain, ReleaseChoice, ReleaseChooser, VersionContext, paired_runs
from .rules import SiteContext, site_findings
from .site_memo import SiteMemo
from .symbols import BoundMember, Ref, Site, SiteCollector
from .unique_members import unique_member_sites
from .values import shared_alike

# Larger sources are not checked (generated or minified modules): a 1 MB module of library
# calls takes about 6 s and 270 MB here, and Python's own parser alone needs seconds per MB
MAX_SOURCE_CHARS = 1_000_000
MAX_KNOWLEDGE_CHANGES = 16  # releases read or fetched while one file's types are collected
TOO_DEEP = "too deeply nested to analyse (Python's own parser limit)"


@dataclass
class CheckResult:
    findings: list[Finding]
    syntax_error: str | None = None
    unknown: dict[str, str] = field(default_factory=dict)  # dist -> version not in knowledge


class Checker:
    def __init__(self, knowledge: Knowledge, versions: VersionContext,
                 obtain: Obtain | None = None,
                 import_map: dict[str, str] | None = None) -> None:
        self.knowledge = knowledge
        self.versions = versions
        self.import_map = import_map or {}
        self.lookup = ApiLookup(knowledge, self.import_map)
        self.releases = ReleaseChooser(knowledge, versions, obtain)
        self.memo: dict[tuple, object] = {}  # history walks, shared by identical sites
        self.generation = 0  # counts knowledge replacements
        self.modules = self._project_modules()
        self.site_memo: SiteMemo | None = None  # set by the language server
        self.stub_types: StubTypesSource | None = None  # set by the project (its stub packages)
        self.batch = False  # see for_batch()

    def for_batch(self) -> None:
        """Checks of many files that do not change meanwhile (the command line): the
        project's modules are found, stamped and walked once for the whole run."""
        self.batch = self.modules.snapshot = True

    @property
    def unknown(self) -> dict[str, str]:
        return self.releases.unknown

    def replace_knowledge(self, knowledge: Knowledge) -> None:
        """Use the knowledge again after a release was added to it."""
        self.knowledge = knowledge
        self.lookup = ApiLookup(knowledge, self.import_map)
        self.releases.knowledge_replaced(knowledge)
        self.memo.clear()
        self.modules = self._project_modules()
        self.generation += 1

    # versions -----------------------------------------------------------------------------
    def usable_version(self, dist: str) -> str | None:
        """A stored release to read the target's API from (the lower neighbour when the
        target is inferred), or None."""
        choice = self.releases.target(dist)
        return choice.checked[0] if choice else None

    def baseline_version(self, dist: str) -> str | None:
        choice = self.releases.baseline(dist)
        return choice.checked[0] if choice else None

    # entry --------------------------------------------------------------------------------
    def check_source(self, source: str, path: str = "<string>") -> CheckResult:
        try:
            # the server parses again only the statements an edit touched; a batch check
            # takes the tree a walk of another file's import parsed from this very text
            tree = self.site_memo.parse(source, path) if self.site_memo else (
                self.batch and self.modules.trees.take(source) or ast.parse(source, path))
        except (SyntaxError, ValueError) as exc:
            line = getattr(exc, "lineno", None)
            where = f" (line {line})" if line else ""
            return CheckResult([], syntax_error=f"{getattr(exc, 'msg', exc)}{where}")
        except (RecursionError, MemoryError):
            return CheckResult([], syntax_error=TOO_DEEP)
        remember(source, tree)
        index = LineIndex(source)
        for _ in range(MAX_KNOWLEDGE_CHANGES):
            generation = self.generation
            try:
                sites = self.sites(tree, path, source)
            except RecursionError:
                return CheckResult([], syntax_error=TOO_DEEP)
            if generation == self.generation:
                break  # else a release arrived while types were read: read them again
        sites += unique_member_sites(self, tree, source, sites)
        findings: list[Finding] = []
        reported_unknown: set[str] = set()
        for site in sites:
            dist = self.lookup.distribution_of(site.target)
            if dist is None:
                continue
            target = self.releases.target(dist)
            if target is None:
                if dist in self.unknown and dist not in reported_unknown | self.releases.pending:
                    reported_unknown.add(dist)
                    findings.append(self._unknown_finding(site, dist, path, index))
                continue
            if self.site_memo is None:
                findings.extend(self._site_findings(site, dist, path, index, target))
            else:  # the server: sites an edit left alone are judged once
                findings.extend(self.site_memo.findings(
                    site, (self.generation, path, dist, target, self.releases.baseline(dist)),
                    index, partial(self._site_findings, site, dist, path, index, target)))
        findings = merge_same_range(report_imports_once(findings))
        findings.sort(key=Finding.sort_key)
        return CheckResult(findings, unknown=dict(self.unknown))

    def sites(self, tree: ast.Module, path: str = "<string>",
              source: str | None = None) -> list[Site]:
        """The module's library call sites and references, typed at the target releases
        (with ``source``, unannotated parameters may be typed by the members they use)."""
        memo = self.site_memo.statements_for(self.generation) if self.site_memo else None
        self.modules.new_check()
        collector = SiteCollector(KnowledgeTypes(self), path=Path(path), modules=self.modules,
                                  source=source, memo=memo)
        if memo is not None:
            return collector.collect(tree)
        return collect_sites(collector, tree)

    def _project_modules(self) -> ProjectModules:
        modules = ProjectModules(self._module_names, self._project_imports,
                                 lambda names: names is None or all(
                                     shared_alike(v) for v in names.values()))
        modules.snapshot = getattr(self, "batch", False)  # kept when the knowledge changes
        return modules

    def _project_imports(self, tree: ast.Module) -> list[tuple[str, int, tuple[str, ...]]]:
        """What a walk of another module of the project asks the project modules, in order:
        its ``from`` imports that do not name a library, and the names each takes
        (flow_bindings.py)."""
        is_library = KnowledgeTypes(self).is_library
        return [(node.module or "", node.level, tuple(a.name for a in node.names if a.name != "*"))
                for node in import_froms(tree.body)
                if node.level or not node.module or not is_library(node.module.split(".")[0])]

    def _module_names(self, tree: ast.Module, path: Path, depth: int) -> dict:
        """Top-level names of another module of the project (for imports from it)."""
        text = self.modules.text_walked()
        collector = SiteCollector(KnowledgeTypes(self), path=path, modules=self.modules, depth=depth,
                                  body_lines=text.splitlines(keepends=True) if text else None)
        return module_names(collector, tree)

    def _site_findings(self, site: Site, dist: str, path: str, index: LineIndex,
                       target: ReleaseChoice) -> list[Finding]:
        """The site checked against each stored pair; with inferred releases, only the
        findings every pair agrees on."""
        baseline = self.releases.baseline(dist)
        runs = [site_findings(SiteContext(self, site, dist, path, index, t, b, target, baseline))
                for t, b in paired_runs(target, baseline)]
        if len(runs) > 1:
            agreed = set.intersection(*({_agreement_key(f) for f in run} for run in runs))
            runs = [[f for f in runs[0] if _agreement_key(f) in agreed]]
        findings = [f for f in runs[0] if not any(self._excuses(g, f, site) for g in site.guards)]
        return as_likely(findings, site, index) if _inferred(site) else findings

    def _excuses(self, guard: Guard, finding: Finding, site: Site) -> bool:
        """Whether code written to handle more than one release excuses a finding."""
        if guard.kind == "raises":
            return DEFAULT_SEVERITY[finding.kind] == "error" and raises_excuses(
                guard, removal=finding.kind == REMOVED, misuse=finding.kind == INCOMPATIBLE_CALL)
        if guard.kind == "warns":
            return finding.kind == DEPRECATED
        if guard.kind == "catches":
            return (finding.kind == REMOVED and bool(guard.errors & REMOVAL_ERRORS)) or (
                finding.kind == INCOMPATIBLE_CALL and bool(guard.errors & CALL_ERRORS))
        if guard.kind == "fallback":  # the handler of a try that used this library
            return finding.kind in (REMOVED, DEPRECATED) and \
                finding.api.split(".")[0] in guard.path.split(",")
        if guard.kind == "hasattr":
            return (guard.holds and finding.kind == REMOVED and isinstance(site.target, Ref)
                    and site.target.path == guard.path)
        if guard.kind == "version":
            dist = self.lookup.distribution_of(Ref(guard.path))
            choice = self.releases.target(dist) if dist else None
            return choice is not None and guard.runs_on(choice.version) is False
        return False

    def _unknown_finding(self, site: Site, dist: str, path: str, index: LineIndex) -> Finding:
        version = self.unknown[dist]
        stored = self.knowledge.versions(dist)
        hint = f"; known releases: {stored[0]} .. {stored[-1]}" if stored else ""
        return Finding(path, *index.span(site.node), kind=UNKNOWN_RELEASE,
                       message=f"{dist} {version} is not in the knowledge, so calls into it are not "
                               f"checked; run `codesync knowledge add {dist}=={version}` or use "
                               f"--fetch{hint}",
                       api=dist, distribution=dist, target_version=version)


def _inferred(site: Site) -> bool:
    return isinstance(site.target, BoundMember) and bool(site.target.instance.inferred_from)


def _agreement_key(finding: Finding) -> tuple:
    return (finding.line, finding.column, finding.end_line, finding.end_column, finding.kind,
            finding.api, finding.changed_in)


__all__ = ["Checker", "CheckResult", "VersionContext"]
