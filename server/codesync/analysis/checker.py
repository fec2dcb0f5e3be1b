"""Source -> sites -> definitions at the baseline and target releases -> findings.

This is the one analysis the CLI and the language server share.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..knowledge.model import (
    KEYWORD_ONLY,
    POSITIONAL_OR_KEYWORD,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    Definition,
    Deprecation,
)
from ..knowledge.store import Knowledge
from .binding import Binding, CallShape, bind
from .evidence import Evidence
from .findings import (
    DEFAULT_CHANGED,
    DEFAULT_SEVERITY,
    DEPRECATED,
    INCOMPATIBLE_CALL,
    MEANING_CHANGED,
    REMOVED,
    UNKNOWN_RELEASE,
    Finding,
)
from .guards import CALL_ERRORS, REMOVAL_ERRORS, Guard
from .lookup import ApiLookup, CallSignature, Found
from .positions import LineIndex
from .project_modules import ProjectModules
from .releases import Obtain, ReleaseChoice, ReleaseChooser, VersionContext, paired_runs
from .symbols import BoundMember, Instance, Ref, Site, SiteCollector

# Larger sources are not checked (generated or minified modules): a 1 MB module of library
# calls takes about 6 s and 270 MB here, and Python's own parser alone needs seconds per MB
MAX_SOURCE_CHARS = 1_000_000
MAX_KNOWLEDGE_CHANGES = 16
MAX_TYPE_HISTORY = 40  # stored releases looked back through for a removed API's result type  # releases read or fetched while one file's types are collected
TOO_DEEP = "too deeply nested to analyse (Python's own parser limit)"
SENTINEL_DEFAULT = re.compile(r"no_default|NoDefault|_NoValue|NOTSET|_DEPRECATED|^'(deprecated|warn)'$", re.I)


@dataclass
class CheckResult:
    findings: list[Finding]
    syntax_error: str | None = None
    unknown: dict[str, str] = field(default_factory=dict)  # dist -> version not in knowledge


class _Oracle:
    """Types for the site collector, read from the knowledge at the target release."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker

    def is_library(self, top_level: str) -> bool:
        return self.checker.lookup.distribution_of(Ref(top_level)) is not None

    def _version(self, dist: str) -> str | None:
        return self.checker.usable_version(dist)

    def _definition(self, target: Ref | BoundMember):
        """The API at the target; for one removed there, as the last release that had it
        left it: stale code keeps its types (``df = df.append(row)`` is still a frame)."""
        lookup = self.checker.lookup
        dist = lookup.distribution_of(target)
        version = self._version(dist) if dist else None
        if version is None:
            return None, None
        found = lookup.find(target, dist, version)
        if found.definition is not None or found.ambiguous:
            return found.definition, dist
        last = self._last_known(target, dist, version)
        if last is None or last.kind == "class" or not self._exists(last.returns, dist, version):
            return None, dist  # a removed class, or a result whose class is gone too
        return last, dist

    def _exists(self, returns: str | None, dist: str, version: str) -> bool:
        knowledge = self.checker.knowledge
        return bool(returns) and all(knowledge.definition(dist, version, c) is not None
                                     for c in returns.split("|"))

    def _last_known(self, target: Ref | BoundMember, dist: str, version: str):
        key = ("last-known", target, dist, version)
        memo = self.checker.memo
        if key not in memo:
            versions = self.checker.knowledge.versions(dist)
            index = self.checker.knowledge.release_index(dist, version)
            earlier = versions[max(0, (index or 0) - MAX_TYPE_HISTORY): index or 0]
            memo[key] = next((d for d in (self.checker.lookup.find(target, dist, v).definition
                                          for v in reversed(earlier)) if d is not None), None)
        return memo[key]

    def call_result(self, target: Ref | BoundMember) -> Instance | None:
        definition, dist = self._definition(target)
        if definition is None:
            return None
        if definition.kind in ("attribute", "property"):
            return self._called_instance(definition, dist)
        if definition.kind == "class":
            public = target.path if isinstance(target, Ref) else None
            return self.checker.lookup.instance_of(definition, dist, public)
        if definition.returns and ("|" in definition.returns or not definition.overloads):
            # overloads that differ are stored as "A|B"; one type beside overloads may be a
            # record from before overload results were combined (extractor 7)
            return self.checker.lookup.instance_of(definition, dist, None)
        return None

    def _called_instance(self, value: Definition, dist: str) -> Instance | None:
        """Calling an instance gives what its class's ``__call__`` returns."""
        if not value.returns:
            return None
        call = self.checker.lookup.knowledge.member(dist, self._version(dist), value.returns,
                                                    "__call__")
        return self.checker.lookup.instance_of(call, dist, None) if call else None

    def attribute_type(self, target: Ref | BoundMember) -> Instance | None:
        definition, dist = self._definition(target)
        if definition is not None and definition.kind in ("property", "attribute") and definition.returns:
            return self.checker.lookup.instance_of(definition, dist, None)
        return None


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
        self.modules = ProjectModules(self._module_names)

    @property
    def unknown(self) -> dict[str, str]:
        return self.releases.unknown

    def replace_knowledge(self, knowledge: Knowledge) -> None:
        """Use the knowledge again after a release was added to it."""
        self.knowledge = knowledge
        self.lookup = ApiLookup(knowledge, self.import_map)
        self.releases.knowledge_replaced(knowledge)
        self.memo.clear()
        self.modules = ProjectModules(self._module_names)
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
            tree = ast.parse(source, path)
        except (SyntaxError, ValueError) as exc:
            line = getattr(exc, "lineno", None)
            where = f" (line {line})" if line else ""
            return CheckResult([], syntax_error=f"{getattr(exc, 'msg', exc)}{where}")
        except (RecursionError, MemoryError):
            return CheckResult([], syntax_error=TOO_DEEP)
        index = LineIndex(source)
        for _ in range(MAX_KNOWLEDGE_CHANGES):
            generation = self.generation
            try:
                sites = SiteCollector(_Oracle(self), path=Path(path),
                                      modules=self.modules).collect(tree)
            except RecursionError:
                return CheckResult([], syntax_error=TOO_DEEP)
            if generation == self.generation:
                break  # else a release arrived while types were read: read them again
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
            findings.extend(self._site_findings(site, dist, path, index, target))
        findings.sort(key=Finding.sort_key)
        return CheckResult(findings, unknown=dict(self.unknown))

    def _module_names(self, tree: ast.Module, path: Path, depth: int) -> dict:
        """Top-level names of another module of the project (for imports from it)."""
        collector = SiteCollector(_Oracle(self), path=path, modules=self.modules, depth=depth)
        return collector.module_names(tree)

    def _site_findings(self, site: Site, dist: str, path: str, index: LineIndex,
                       target: ReleaseChoice) -> list[Finding]:
        """The site checked against each stored pair; with inferred releases, only the
        findings every pair agrees on."""
        baseline = self.releases.baseline(dist)
        runs = [SiteCheck(self, site, dist, path, index, t, b, target, baseline).run()
                for t, b in paired_runs(target, baseline)]
        if len(runs) > 1:
            agreed = set.intersection(*({_agreement_key(f) for f in run} for run in runs))
            runs = [[f for f in runs[0] if _agreement_key(f) in agreed]]
        return [f for f in runs[0] if not any(self._excuses(g, f, site) for g in site.guards)]

    def _excuses(self, guard: Guard, finding: Finding, site: Site) -> bool:
        """Whether code written to handle more than one release excuses a finding."""
        if guard.kind == "raises":
            return DEFAULT_SEVERITY[finding.kind] == "error"
        if guard.kind == "warns":
            return finding.kind == DEPRECATED
        if guard.kind == "catches":
            return (finding.kind == REMOVED and bool(guard.errors & REMOVAL_ERRORS)) or (
                finding.kind == INCOMPATIBLE_CALL and bool(guard.errors & CALL_ERRORS))
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


def _dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _agreement_key(finding: Finding) -> tuple:
    return (finding.line, finding.column, finding.end_line, finding.end_column, finding.kind,
            finding.api, finding.changed_in)


class SiteCheck:
    """All findings for one site, against one stored target (and baseline) release."""

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

    def run(self) -> list[Finding]:
        found = self.lookup.find(self.site.target, self.dist, self.target)
        self.owner_public = found.owner_public
        if found.ambiguous:
            return []
        if found.definition is None:
            removed = self._removed(found)
            return [removed] if removed else []
        findings: list[Finding] = []
        if self.site.kind == "call" and self.site.shape is not None:
            findings.extend(self._call_findings(found.definition))
        findings.extend(self._deprecations(found.definition))
        return findings

    # helpers ------------------------------------------------------------------------------
    def finding(self, kind: str, message: str, changed_in: str | None = None,
                node: ast.AST | None = None, **extra) -> Finding:
        finding = Finding(self.path, *self.index.span(node or self._anchor()), kind=kind,
                          message=message, api=self.api, distribution=self.dist,
                          target_version=self.target_choice.version,
                          baseline_version=self.baseline_choice.version
                          if self.baseline_choice else None,
                          changed_in=changed_in, inferred=self._inferred_note())
        finding.evidence = Evidence(self.site, self.dist, self.target, self.baseline,
                                    tuple(self.knowledge.versions(self.dist)), self.lookup,
                                    **extra)
        return finding

    def _anchor(self) -> ast.AST:
        node = self.site.node
        if isinstance(node, ast.Call):
            func = node.func
            return _AttrName(func) if isinstance(func, ast.Attribute) else func
        return node

    def when(self, last_before: str | None, first_after: str) -> str:
        return self.knowledge.change_point(self.dist, last_before, first_after)

    def _label(self, changed: str) -> str:
        return f"between {self.dist} {changed[8:]}" if changed.startswith("between") else \
            f"in {self.dist} {changed}"

    def _versions_upto(self, version: str) -> list[str]:
        versions = self.knowledge.versions(self.dist)
        index = self.knowledge.release_index(self.dist, version)
        return versions[: index + 1] if index is not None else []

    def _version_note(self) -> str:
        baseline = self.baseline_choice
        role = "installed" if self.target_choice.source.startswith("installed") else "target"
        return f"{role}: {self.target_choice.label()}" + (
            f", written for {baseline.label()}" if baseline else "")

    def _inferred_note(self) -> str | None:
        notes = [f"{role} {c.version} inferred from the stored {c.checked[0]} and {c.checked[-1]}"
                 for role, c in (("target", self.target_choice),
                                 ("baseline", self.baseline_choice)) if c and c.inferred]
        return "; ".join(notes) or None

    # removed ------------------------------------------------------------------------------
    def _removed(self, found: Found) -> Finding | None:
        facts = self._memo(("removed",), lambda: self._removal_facts(found))
        if facts is None:
            return None
        changed, advice, latest_present = facts
        message = (f"`{self.short_api}` was removed {self._label(changed)} "
                   f"({self._version_note()})" + (f"; {advice}" if advice else ""))
        return self.finding(REMOVED, message, changed, last_present=latest_present)

    def _removal_facts(self, found: Found) -> tuple[str, str, str] | None:
        parent = found.parent
        if parent is not None and parent.kind in ("attribute", "property") and not parent.returns:
            return None  # a member of a value whose type is not known here
        if parent is not None and parent.kind == "class" and not self._known_bases(parent):
            return None  # a base we have no record of (numpy's scalar types) may define it
        if _private_path(self.api):
            return None  # private modules are not tracked in full: absence proves nothing
        if isinstance(self.site.target, BoundMember) and _dunder(self.site.target.name):
            return None  # every object has __repr__, __eq__, ... (from object, if not its own)
        history = self._versions_upto(self.target)[:-1]
        candidates = [self.baseline] if self.baseline else list(reversed(history))
        last_present = None
        for version in candidates:
            if version and self.lookup.find(self.site.target, self.dist, version).definition is not None:
                last_present = version
                break
        if last_present is None:
            return None
        first_absent = self._first_absent_after(last_present)
        latest_present = self._last_present_before(first_absent) or last_present
        latest = self.lookup.find(self.site.target, self.dist, latest_present).definition
        announced = (latest is not None and latest.deprecated is not None) or (
            parent is not None and found.missing_name in parent.expired)
        if parent is not None and parent.dynamic and not announced:
            return None  # a module __getattr__ (or a class one) may still provide it
        if parent is not None and parent.kind == "class" and (
                latest is None or latest.kind not in ("function", "method", "class")):
            return None  # a class data member may live on as an instance attribute (self.x = ...)
        changed = self.when(latest_present, first_absent)
        return changed, self._removal_advice(found, latest_present), latest_present


    def _known_bases(self, cls: Definition) -> bool:
        ignorable = ("object", "builtins.object", "typing.Generic", "typing.Protocol")
        for owner in self.knowledge.mro(self.dist, self.target, cls.path):
            definition = self.knowledge.definition(self.dist, self.target, owner)
            if owner not in ignorable and (definition is None or definition.kind != "class"):
                return False
        return True

    def _first_absent_after(self, present: str) -> str:
        versions = self.knowledge.versions(self.dist)
        start = self.knowledge.release_index(self.dist, present) or 0
        end = self.knowledge.release_index(self.dist, self.target) or len(versions) - 1
        for version in versions[start + 1: end + 1]:
            if self.lookup.find(self.site.target, self.dist, version).definition is None:
                return version
        return self.target

    def _last_present_before(self, version: str) -> str | None:
        versions = self.knowledge.versions(self.dist)
        index = self.knowledge.release_index(self.dist, version) or 0
        return versions[index - 1] if index else None

    def _removal_advice(self, found: Found, last_present: str) -> str:
        if found.parent is not None and found.missing_name in found.parent.expired:
            text = found.parent.expired[found.missing_name]
            if text:
                return text.rstrip(".")
        before = self.lookup.find(self.site.target, self.dist, last_present).definition
        if before is not None and before.deprecated and before.deprecated.replacement:
            return f"use `{before.deprecated.replacement}`"
        return ""

    # calls --------------------------------------------------------------------------------
    def signature(self, definition: Definition, version: str) -> CallSignature | None:
        return self.lookup.call_signature(definition, self.dist, version)

    def _call_findings(self, definition: Definition) -> list[Finding]:
        shape = self.site.shape
        if self._unbound_method_call(definition):
            return []
        target_sig = self.signature(definition, self.target)
        if target_sig is None:
            return []
        target_binding = _bind_any(target_sig, shape)
        if not target_binding.ok and not self.baseline and self._decorated(definition):
            return []  # an unknown decorator may take other arguments: nothing to compare with
        base_binding = None
        base_sig = None
        if self.baseline:
            base_definition = self.lookup.find(self.site.target, self.dist, self.baseline).definition
            base_sig = self.signature(base_definition, self.baseline) if base_definition else None
            base_binding = _bind_any(base_sig, shape) if base_sig else None
            if base_binding is not None and not base_binding.ok:
                return []  # the code did not fit its own baseline as we know it: stay quiet
        if target_binding.ok and target_sig.extra_keywords:
            shim = self._shim_finding(target_sig, base_binding, base_sig)
            if shim is not None:
                return [shim]
        if not target_binding.ok:
            changed = self._change_point(lambda b: b is not None and not b.ok, ("fails",))
            message = (f"`{self.short_api}()` {target_binding.error} {self._label_opt(changed)}"
                       f"({self._version_note()})")
            return [self.finding(INCOMPATIBLE_CALL, message, changed, binding=target_binding,
                                 baseline_binding=base_binding, target_signature=target_sig,
                                 baseline_signature=base_sig)]
        if target_binding.ok:
            retired = self._retired_keyword(target_binding, target_sig, base_binding, base_sig)
            if retired is not None:
                return [retired]
        findings: list[Finding] = []
        conflict = self._exclusive_conflict(definition, target_binding, target_sig, base_sig)
        if conflict is not None:
            return [conflict]
        if base_binding is not None and base_sig is not None:
            shift = _meaning_change(base_binding, target_binding, base_sig, target_sig)
            if shift:
                slots = _binding_key(target_binding)
                changed = self._change_point(
                    lambda b: b is not None and b.ok and _binding_key(b) == slots, ("binds", slots))
                message = (f"`{self.short_api}()`: {shift} {self._label_opt(changed)}"
                           f"({self._version_note()}); pass the argument by keyword")
                findings.append(self.finding(MEANING_CHANGED, message, changed,
                                             binding=target_binding,
                                             baseline_binding=base_binding,
                                             target_signature=target_sig,
                                             baseline_signature=base_sig))
            findings.extend(self._default_changes(base_sig, target_sig, target_binding))
        return findings

    def _unbound_method_call(self, definition: Definition) -> bool:
        """``Point.distance(p, q)``, ``DiGraph.__init__(self, data)``: a plain method called
        through its class takes the instance as its first argument, which the stored
        signature leaves out; such calls are not checked. Class and static methods are."""
        if definition.kind != "method" or definition.method_kind or \
                not isinstance(self.site.target, Ref):
            return False
        owner_path = self.site.target.path.rsplit(".", 1)[0]
        owner = self.lookup.find(Ref(owner_path), self.dist, self.target).definition
        return owner is not None and owner.kind == "class"

    def _decorated(self, definition: Definition) -> bool:
        callable_def = self._callable(definition, self.target)
        return callable_def is not None and callable_def.decorated

    def _callable(self, definition: Definition | None, version: str) -> Definition | None:
        if definition is not None and definition.kind == "class":
            return self.lookup.constructor(definition, self.dist, version)
        return definition

    def _argument_texts(self, binding) -> dict[str, str]:
        call = self.site.node
        texts = {name: self.index.text(arg) for arg, name in zip(call.args, binding.positional)}
        texts.update({binding.keywords[k.arg]: self.index.text(k.value) for k in call.keywords
                      if k.arg in binding.keywords})
        return texts

    def _exclusive_conflict(self, definition: Definition, binding, target_sig: CallSignature,
                            base_sig: CallSignature | None) -> Finding | None:
        """Two arguments the target raises on when both are given, where the baseline did not
        (pandas 1.3 read_csv: ``names=None, prefix=None`` once meant "neither")."""
        target_def = self._callable(definition, self.target)
        if target_def is None or not target_def.exclusive:
            return None
        texts = self._argument_texts(binding)
        base_def = None
        if self.baseline:
            base_def = self._callable(
                self.lookup.find(self.site.target, self.dist, self.baseline).definition, self.baseline)
        for a, x, b, y in target_def.exclusive:
            if a not in texts or b not in texts or texts[a] == x or texts[b] == y:
                continue
            if base_def is not None and _raises_together(base_def, a, b, texts):
                continue  # it raised at the baseline too
            if base_def is None and self.baseline:
                continue
            message = (f"`{self.short_api}()`: passing both `{a}` and `{b}` raises an error in "
                       f"{self.dist} {self.target} ({self._version_note()}); pass only one")
            return self.finding(INCOMPATIBLE_CALL, message, None, exclusive=(a, b),
                                target_signature=target_sig, baseline_signature=base_sig)
        return None

    def _retired_keyword(self, binding: Binding, target_sig: CallSignature, base_binding,
                         base_sig: CallSignature | None) -> Finding | None:
        """A keyword whose parameter the library deprecated and then removed: the ``**kwargs``
        that takes it now passes it on to code that no longer knows it (pandas 2.0
        ``bdate_range(closed=...)``, flask 2.3 ``json.load(app=...)``)."""
        for keyword in self.site.shape.keywords:
            if not binding.keywords.get(keyword, "").startswith("**"):
                continue
            facts = self._memo(("retired", keyword), lambda k=keyword: self._retirement(k))
            if facts is None:
                continue
            _, removed_in, record = facts
            message = (f"`{self.short_api}()`: `{keyword}` was deprecated, then removed "
                       f"{self._label(removed_in)} ({self._version_note()}); `**kwargs` still "
                       f"accepts the name, but nothing handles it any more")
            if record.replacement and record.replacement != keyword:
                message += f"; use `{record.replacement}`"
            return self.finding(INCOMPATIBLE_CALL, message, removed_in, binding=binding,
                                baseline_binding=base_binding, target_signature=target_sig,
                                baseline_signature=base_sig)
        return None

    def _retirement(self, keyword: str) -> tuple[str, str, Deprecation] | None:
        """(last release with the parameter, the release it went in, its deprecation) when
        the parameter was deprecated before it left the signature and no shim remains."""
        versions = self._versions_upto(self.target)
        target = self._callable_at(self.target)
        if target is None or keyword in target.extra_keywords or \
                keyword in target.param_deprecations:
            return None  # unknown, or a shim still handles it: reported as a deprecation
        if not target.forwards_kwargs:
            return None  # stored or ignored: the name passes silently
        for i in range(len(versions) - 2, -1, -1):
            definition = self._callable_at(versions[i])
            if definition is None or definition.params is None:
                return None
            if not any(p.name == keyword and p.kind in (POSITIONAL_OR_KEYWORD, KEYWORD_ONLY)
                       for p in definition.params):
                continue
            record = definition.param_deprecations.get(keyword)
            if record is None:
                return None
            baseline_index = self.knowledge.release_index(self.dist, self.baseline) \
                if self.baseline else None
            if baseline_index is not None and baseline_index > i:
                return None  # the code was written after the removal
            return versions[i], self.when(versions[i], versions[i + 1]), record
        return None

    def _callable_at(self, version: str) -> Definition | None:
        return self._callable(self.lookup.find(self.site.target, self.dist, version).definition,
                              version)

    def _shim_finding(self, target_sig: CallSignature, base_binding, base_sig) -> Finding | None:
        """A keyword the declared signature no longer has, still accepted by a deprecation
        shim (``deprecate_kwarg``, ``rename_parameter``, ``if "old" in kwargs: warn``)."""
        declared = CallSignature(target_sig.overloads)
        if _bind_any(declared, self.site.shape).ok:
            return None  # **kwargs takes the old name: a deprecation (reported as one)
        extra = dict(target_sig.extra_keywords)
        old = next((k for k in self.site.shape.keywords if k in extra and k not in declared.names()), None)
        if old is None:
            return None
        new = extra[old]
        changed = self._change_point(
            lambda b, k=old: b is not None and k not in b.keywords or (b is not None and b.keywords.get(k) != k),
            ("shim", old))
        rename = f"renamed to `{new}`" if new else "removed from the signature"
        message = (f"`{self.short_api}()`: `{old}` was {rename} {self._label_opt(changed)}"
                   f"({self._version_note()}); a deprecation shim still accepts it for now")
        return self.finding(INCOMPATIBLE_CALL, message, changed,
                            binding=_bind_any(declared, self.site.shape),
                            baseline_binding=base_binding, target_signature=declared,
                            baseline_signature=base_sig, renames=((old, new),) if new else ())

    def _label_opt(self, changed: str | None) -> str:
        return f"(changed {self._label(changed)}) " if changed else ""

    def _memo(self, key: tuple, compute):
        full = (self.dist, self.target, self.baseline, self.site.target, self.site.shape, *key)
        memo = self.checker.memo
        if full not in memo:
            memo[full] = compute()
        return memo[full]

    def _change_point(self, matches_target, key: tuple = ()) -> str | None:
        if key:
            return self._memo(("change", *key), lambda: self._change_point(matches_target))
        return self._walk_change_point(matches_target)

    def _walk_change_point(self, matches_target) -> str | None:
        """The release where the call's outcome became what it is at the target."""
        versions = self._versions_upto(self.target)
        lower = self.knowledge.release_index(self.dist, self.baseline) if self.baseline else None
        first_match = None
        for i in range(len(versions) - 1, -1, -1):
            if lower is not None and i <= lower:
                break
            version = versions[i]
            definition = self.lookup.find(self.site.target, self.dist, version).definition
            signature = self.signature(definition, version) if definition else None
            binding = _bind_any(signature, self.site.shape) if signature else None
            if not matches_target(binding):
                return self.when(version, first_match) if first_match else None
            first_match = version
        if lower is not None and first_match:
            return self.when(versions[lower], first_match)
        return None

    def _default_changes(self, base_sig: CallSignature, target_sig: CallSignature,
                         binding: Binding) -> list[Finding]:
        if len(base_sig.overloads) > 1 or len(target_sig.overloads) > 1:
            return []
        passed = set(binding.positional) | set(binding.keywords.values())
        base_defaults = {p.name: p.default for p in base_sig.params}
        changes = []
        for param in target_sig.params:
            old = base_defaults.get(param.name)
            if param.name in passed or old is None or param.default is None or old == param.default:
                continue
            if SENTINEL_DEFAULT.search(old) or SENTINEL_DEFAULT.search(param.default):
                continue
            if "None" in (old.strip(), param.default.strip()):
                continue  # None stands for "decided inside" (pandas' engine, copy, on_bad_lines)
            changes.append(f"`{param.name}` {old} -> {param.default}")
        if not changes:
            return []
        message = (f"`{self.short_api}()` relies on default{'s' if len(changes) > 1 else ''} that "
                   f"changed between {self.baseline} and {self.target}: " + ", ".join(changes))
        return [self.finding(DEFAULT_CHANGED, message, None)]

    # deprecations -------------------------------------------------------------------------
    def _deprecations(self, definition: Definition) -> list[Finding]:
        findings: list[Finding] = []
        record = definition.deprecated
        if record is not None and not (self.site.kind == "reference" and definition.kind == "module"):
            since = record.since or self._memo(("deprecated",), lambda: self._deprecated_since(
                lambda d: d.deprecated is not None))
            parts = [f"`{self.short_api}` is deprecated" + (f" since {since}" if since else "")]
            if record.removal:
                parts.append(f"and scheduled for removal in {record.removal}")
            message = " ".join(parts) + f" ({self._version_note()})"
            if record.replacement:
                message += f"; use `{record.replacement}`"
            findings.append(self.finding(DEPRECATED, message, since, deprecation=record))
        if self.site.kind == "call" and self.site.shape is not None:
            findings.extend(self._parameter_deprecations(definition))
        return findings

    def _parameter_deprecations(self, definition: Definition) -> list[Finding]:
        shape = self.site.shape
        callable_def = definition
        if definition.kind == "class":
            init = self.lookup.constructor(definition, self.dist, self.target)
            if init is None:
                return []
            callable_def = init
        findings = []
        call = self.site.node
        declared = {p.name for p in callable_def.params or []}
        takes_any = any(p.kind == VAR_KEYWORD for p in callable_def.params or [])
        for keyword in call.keywords:
            if keyword.arg in callable_def.extra_keywords and keyword.arg not in declared \
                    and not takes_any:
                continue  # reported as incompatible-call: the declared signature lacks it
            if keyword.arg and keyword.arg in callable_def.param_deprecations:
                record = callable_def.param_deprecations[keyword.arg]
                since = record.since or self._memo(
                    ("deprecated", keyword.arg), lambda k=keyword.arg: self._deprecated_since(
                        lambda d: k in d.param_deprecations, constructor=definition.kind == "class"))
                message = (f"the `{keyword.arg}` argument of `{self.short_api}()` is deprecated"
                           + (f" since {since}" if since else "")
                           + (f"; use `{record.replacement}`" if record.replacement else "")
                           + f" ({self._version_note()})")
                findings.append(self.finding(DEPRECATED, message, since, node=keyword,
                                             deprecation=record, keyword=keyword.arg,
                                             definition=callable_def))
        limit = callable_def.positional_limit
        if limit is not None and shape.positional > limit:
            findings.append(self.finding(
                DEPRECATED, f"passing more than {limit} positional argument"
                            f"{'s' if limit != 1 else ''} to `{self.short_api}()` is deprecated; "
                            f"pass the rest by keyword ({self._version_note()})", None,
                positional_limit=limit, definition=callable_def))
        return findings

    def _deprecated_since(self, is_deprecated, constructor: bool = False) -> str | None:
        """First stored release (up to the target) of the run of deprecated releases."""
        versions = self._versions_upto(self.target)
        first = None
        for version in reversed(versions):
            definition = self.lookup.find(self.site.target, self.dist, version).definition
            if definition is not None and constructor and definition.kind == "class":
                definition = self.lookup.constructor(definition, self.dist, version)
            if definition is None or not is_deprecated(definition):
                break
            first = version
        if first is None:
            return None
        index = versions.index(first)
        return self.when(versions[index - 1] if index else None, first)


class _AttrName(ast.AST):
    """The span of the attribute name in ``a.b.name`` (for precise underlines)."""

    _fields = ()

    def __init__(self, node: ast.Attribute) -> None:
        super().__init__()
        self.attribute = node
        self.lineno = node.end_lineno
        self.end_lineno = node.end_lineno
        self.end_col_offset = node.end_col_offset
        self.col_offset = node.end_col_offset - len(node.attr.encode("utf-8"))


def _private_path(path: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in path.split(".")[1:])


def _raises_together(definition: Definition, a: str, b: str, texts: dict[str, str]) -> bool:
    return any({p, q} == {a, b} and texts[p] != x and texts[q] != y
               for p, x, q, y in definition.exclusive)


def _bind_any(signature: CallSignature | None, shape: CallShape) -> Binding | None:
    if signature is None:
        return None
    extra = dict(signature.extra_keywords)
    first = None
    for params in signature.overloads:
        result = bind(list(params), shape, extra)
        if result.ok:
            return result
        first = first or result
    return first


def _binding_key(binding: Binding) -> tuple:
    return tuple(binding.positional), tuple(sorted(binding.keywords.items()))


def _meaning_change(base: Binding, target: Binding, base_sig: CallSignature,
                    target_sig: CallSignature) -> str:
    """Describe the first argument whose parameter differs, or '' when none does."""
    target_names = target_sig.names()
    base_names = base_sig.names()
    for index, (old, new) in enumerate(zip(base.positional, target.positional)):
        if old == new or new.startswith("*") and not new.startswith("**"):
            continue  # unchanged, or absorbed by *args, which the function parses itself
        renamed = (not old.startswith("*") and not new.startswith("*")
                   and old not in target_names and new not in base_names)
        if renamed:
            continue
        return (f"positional argument {index + 1} now binds to `{new.lstrip('*')}` "
                f"instead of `{old.lstrip('*')}`")
    return ""


__all__ = ["Checker", "CheckResult", "VersionContext", "VAR_POSITIONAL"]
