"""The change record of a finding, from the knowledge: what the API looked like before and
at the target, what the library said when it deprecated it, and what replaces it."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from ..analysis.binding import bind
from ..analysis.findings import Finding
from ..analysis.symbols import Ref
from ..fixes.templates import advice_texts, code_snippets
from ..knowledge.model import Definition

BACKTICKED = re.compile(r"`+([^`]+?)`+")
DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
MAX_SIGNATURE = 160
USE = re.compile(r"\buse\s+`+([^`]+?)`+", re.IGNORECASE)
# "ignored" is left out on purpose: it is usually conditional ("ignored when density is given")
NO_EFFECT = re.compile(r"no effect|not used|unused|no longer (?:needed|necessary|used)"
                       r"|has no purpose|does nothing", re.IGNORECASE)


@dataclass
class ChangeRecord:
    api: str
    distribution: str
    kind: str
    message: str
    target: str | None
    changed_in: str | None = None
    before: str | None = None  # signature at the last release the call was written against
    after: str | None = None  # signature at the target (None: the API is gone)
    notes: list[str] = field(default_factory=list)  # deprecation texts, as the library wrote them
    replacement: str | None = None  # dotted path
    replacement_signature: str | None = None
    # parameter -> every default it had (source text) in the releases up to the target
    old_defaults: dict[str, set[str]] = field(default_factory=dict)
    positional: list[str] = field(default_factory=list)  # parameters the positionals bound to
    removed_params: set[str] = field(default_factory=set)  # parameters the target lacks
    # removed parameter -> target parameters added while it still existed (normed -> density)
    successors: dict[str, set[str]] = field(default_factory=dict)
    param_notes: dict[str, str] = field(default_factory=dict)  # parameter -> deprecation text
    target_params: set[str] = field(default_factory=set)  # parameter names at the target
    # what the library advised, by subject ("" for the API, else a parameter the call passes):
    # code from every deprecation text of it up to the target, and the replacement's path
    advice: dict[str, list[str]] = field(default_factory=dict)

    def text(self) -> str:
        """All the prose of the record (what a removal may be justified by)."""
        return " ".join([self.message, *self.notes, self.replacement or ""])

    def says_no_effect(self, name: str) -> bool:
        """Whether the library said argument ``name`` has no effect, or deprecated it and then
        removed it with nothing in its place: either way, dropping it is what it asks."""
        if any(name in note and NO_EFFECT.search(note) for note in self.notes):
            return True
        note = self.param_notes.get(name)
        if note is None or name not in self.removed_params or self.successors.get(name):
            return False
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", note))
        return not (set(BACKTICKED.findall(note)) - {name}) and not (words & self.target_params)

    def mentioned_names(self) -> set[str]:
        """Identifiers the record's prose names (``use `pd.concat` ``, ``.squeeze("columns")``),
        and target parameters its notes name in plain words ("ignored when density is ...")."""
        names: set[str] = set()
        for chunk in BACKTICKED.findall(self.text()) + [self.replacement or ""]:
            names.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", chunk))
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", " ".join(self.notes)))
        return names | (words & self.target_params)


def change_record(finding: Finding) -> ChangeRecord:
    record = ChangeRecord(finding.api, finding.distribution, finding.kind, finding.message,
                          finding.target_version, finding.changed_in)
    check = finding.evidence
    if check is None or check.target is None:
        return record
    name = finding.api.rsplit(".", 1)[-1]
    target_def = _definition(check, check.target)
    before_version = _before_version(finding, check, target_def)
    before_def = _definition(check, before_version) if before_version else None
    _add_removed_params(record, before_def, target_def)
    record.target_params = {p.name for p in (target_def.params or [])} if target_def else set()
    keep = _keywords(finding) | record.removed_params
    if before_def is not None:
        record.before = f"{compact_signature(before_def, name, keep)}  # {check.dist} {before_version}"
        record.positional = _positional_names(before_def, finding)
    if target_def is not None:
        record.after = f"{compact_signature(target_def, name, keep)}  # {check.dist} {check.target}"
    _add_notes(record, finding, [d for d in (before_def, target_def) if d is not None])
    _add_successors(record, check, target_def)
    _add_advice(record, finding)
    _add_replacement(record, check)
    return record


def _add_advice(record: ChangeRecord, finding: Finding) -> None:
    """Walk the API's history: every deprecation text of it (a removal's message rarely
    says what its earlier deprecation did) and of the parameters the call passes."""
    check = finding.evidence
    for subject in ["", *sorted(_keywords(finding))]:
        texts = advice_texts(check, subject or None)
        for text in texts:
            note = " ".join(text.split())[:400]
            known = {re.sub(r"\W+", "", n) for n in record.notes}
            if (not subject or subject in record.removed_params) and " " in note and \
                    re.sub(r"\W+", "", note) not in known:
                record.notes.append(note)
        snippets = [s for text in texts for s in code_snippets(text)]
        snippets += [text for text in texts if not subject and DOTTED.fullmatch(text)]
        if snippets:
            record.advice[subject] = list(dict.fromkeys(snippets))


def compact_signature(definition: Definition, name: str, keep: set[str],
                      limit: int = MAX_SIGNATURE) -> str:
    """The signature, with parameters that neither the call nor the change touch left out
    (as ``...``) when it is long: read_csv has fifty."""
    full = definition.render_signature(name)
    if len(full) <= limit or definition.params is None:
        return full
    shown: list[str] = []
    for position, param in enumerate(definition.params):
        if param.name in keep or (position < 2 and param.required):
            shown.append(param.render())
        elif not shown or shown[-1] != "...":
            shown.append("...")
    return f"{name}({', '.join(shown)})"


def _definition(check, version: str) -> Definition | None:
    definition = check.lookup.find(check.site.target, check.dist, version).definition
    if definition is not None and definition.kind == "class":
        return check.lookup.constructor(definition, check.dist, version) or definition
    return definition


def _before_version(finding: Finding, check, target_def: Definition | None) -> str | None:
    """The release the call was written against: the baseline, the last release with the API,
    else the newest earlier release whose signature differs from the target's."""
    for version in (check.baseline, finding.evidence.last_present):
        if version and _definition(check, version) is not None:
            return version
    after = target_def.render_signature() if target_def else None
    for version in reversed(check.versions_upto(check.target)[:-1]):
        definition = _definition(check, version)
        if definition is not None and definition.render_signature() != after:
            return version
    return None


def _add_removed_params(record: ChangeRecord, before: Definition | None,
                        target: Definition | None) -> None:
    if before is None or before.params is None:
        return
    kept = {p.name for p in (target.params or [])} if target is not None else set()
    record.removed_params = {p.name for p in before.params if p.name not in kept}


def _add_notes(record: ChangeRecord, finding: Finding, definitions: list[Definition]) -> None:
    keywords = _keywords(finding)
    for definition in definitions:
        texts = []
        if definition.deprecated is not None:
            texts.append(definition.deprecated)
        texts.extend(d for k, d in definition.param_deprecations.items() if k in keywords)
        for name, deprecation in definition.param_deprecations.items():
            if name in keywords and deprecation.message:
                record.param_notes.setdefault(name, deprecation.message)
        for deprecation in texts:
            note = (deprecation.message or "").strip()
            if note and note not in record.notes:
                record.notes.append(note[:400])
            if deprecation.replacement and record.replacement is None \
                    and "." in deprecation.replacement:
                record.replacement = deprecation.replacement


def _add_successors(record: ChangeRecord, check, target: Definition | None) -> None:
    """Parameters added in a release where a removed one changed (its default, its
    deprecation) or went away: ``density`` came in numpy 1.15 when ``normed`` changed."""
    target_names = {p.name for p in target.params or []} if target is not None else set()
    previous: dict[str, tuple] = {}
    for version in check.versions_upto(check.target):
        definition = _definition(check, version)
        current = _param_states(definition)
        added = (set(current) - set(previous)) & target_names
        for name in record.removed_params & set(previous):
            if added and current.get(name) != previous[name]:
                record.successors.setdefault(name, set()).update(added)
        for name, (default, _) in current.items():
            if default is not None:
                record.old_defaults.setdefault(name, set()).add(default)
        previous = current


def _positional_names(definition: Definition, finding: Finding) -> list[str]:
    """The parameters the call's positional arguments bound to when it was written."""
    shape = getattr(finding.evidence.site, "shape", None)
    if shape is None or definition.params is None:
        return []
    binding = bind(definition.params, shape, dict(definition.extra_keywords))
    return [name for name in binding.positional if not name.startswith("*")]


def _param_states(definition: Definition | None) -> dict[str, tuple]:
    if definition is None or definition.params is None:
        return {}
    return {p.name: (p.default, p.name in definition.param_deprecations)
            for p in definition.params}


def _keywords(finding: Finding) -> set[str]:
    site = finding.evidence.site
    node = getattr(site, "node", None)
    if not isinstance(node, ast.Call):
        return set()
    return {k.arg for k in node.keywords if k.arg}


def _add_replacement(record: ChangeRecord, check) -> None:
    if record.replacement is None:
        for chunk in USE.findall(record.message):
            path = re.match(r"[A-Za-z_][\w.]*", chunk)
            if path and "." in path.group(0) and path.group(0) != record.api:
                record.replacement = path.group(0)
                break
    if check.target is None:
        return
    paths = [record.replacement] if record.replacement else []
    paths += [p for snippets in record.advice.values() for p in _called_paths(snippets)]
    for path in paths:
        found = check.lookup.find(Ref(path), check.dist, check.target).definition
        if found is not None and found.kind != "attribute":
            record.replacement = path
            record.replacement_signature = found.render_signature(path)  # where it lives
            return


def _called_paths(snippets: list[str]) -> list[str]:
    """Dotted callees of advised code (``matplotlib.colormaps.register(name)``)."""
    paths = []
    for snippet in snippets:
        try:
            tree = ast.parse(snippet, mode="eval")
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                dotted = ast.unparse(node.func)
                if re.fullmatch(r"[A-Za-z_][\w.]*\.[A-Za-z_]\w*", dotted):
                    paths.append(dotted)
    return paths
