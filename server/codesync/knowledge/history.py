"""Changes between two releases of one API: the diff that ``explain`` and hover show."""

from __future__ import annotations

from dataclasses import dataclass

from .model import KIND_NAMES, POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, Definition, Param

# change kinds (stable names, used in JSON)
API_ADDED = "api-added"
API_REMOVED = "api-removed"
API_MOVED = "api-moved"
API_DEPRECATED = "api-deprecated"
PARAM_ADDED = "parameter-added"
PARAM_ADDED_REQUIRED = "parameter-added-required"
PARAM_REMOVED = "parameter-removed"
PARAM_RENAMED = "parameter-renamed"
PARAM_KIND = "parameter-kind-changed"
PARAM_REORDERED = "parameters-reordered"
PARAM_DEFAULT = "default-changed"
PARAM_DEPRECATED = "parameter-deprecated"


@dataclass(frozen=True)
class Change:
    kind: str
    detail: str
    parameter: str | None = None
    new_name: str | None = None

    def to_json(self) -> dict:
        data = {"kind": self.kind, "detail": self.detail}
        if self.parameter:
            data["parameter"] = self.parameter
        if self.new_name:
            data["new_name"] = self.new_name
        return data


def diff(old: Definition | None, new: Definition | None, old_params: list[Param] | None = None,
         new_params: list[Param] | None = None) -> list[Change]:
    """What changed from ``old`` to ``new``; the params default to the definitions' own."""
    if old is None and new is None:
        return []
    if old is None:
        return [Change(API_ADDED, "added")]
    if new is None:
        return [Change(API_REMOVED, "removed")]
    changes: list[Change] = []
    if old.path != new.path:
        changes.append(Change(API_MOVED, f"definition moved from {old.path} to {new.path}"))
    if new.deprecated and not old.deprecated:
        text = new.deprecated.message or "deprecated"
        changes.append(Change(API_DEPRECATED, text))
    before = old_params if old_params is not None else old.params
    after = new_params if new_params is not None else new.params
    if before is not None and after is not None:
        changes.extend(_parameter_changes(before, after, old, new))
    for name, record in sorted(new.param_deprecations.items()):
        if name not in old.param_deprecations and not name.startswith("*"):
            changes.append(Change(PARAM_DEPRECATED, record.message or f"`{name}` deprecated",
                                  parameter=name, new_name=record.replacement))
    return changes


def _parameter_changes(before: list[Param], after: list[Param], old: Definition,
                       new: Definition) -> list[Change]:
    changes: list[Change] = []
    old_by_name = {p.name: p for p in before}
    new_by_name = {p.name: p for p in after}
    removed = [p for p in before if p.name not in new_by_name]
    added = [p for p in after if p.name not in old_by_name]
    renames = _renames(before, after, removed, added, new)
    for param in removed:
        if param.name in renames:
            target = renames[param.name]
            changes.append(Change(PARAM_RENAMED, f"`{param.name}` renamed to `{target}`",
                                  parameter=param.name, new_name=target))
        else:
            changes.append(Change(PARAM_REMOVED, f"`{param.name}` removed", parameter=param.name))
    renamed_targets = set(renames.values())
    for param in added:
        if param.name in renamed_targets:
            continue
        kind = PARAM_ADDED_REQUIRED if param.required else PARAM_ADDED
        label = "required " if param.required else ""
        changes.append(Change(kind, f"{label}`{param.name}` added", parameter=param.name))
    for name in old_by_name.keys() & new_by_name.keys():
        o, n = old_by_name[name], new_by_name[name]
        if o.kind != n.kind:
            changes.append(Change(PARAM_KIND, f"`{name}` became {KIND_NAMES[n.kind]} "
                                              f"(was {KIND_NAMES[o.kind]})", parameter=name))
        if o.default is not None and n.default is not None and o.default != n.default:
            changes.append(Change(PARAM_DEFAULT, f"default of `{name}`: {o.default} -> {n.default}",
                                  parameter=name))
    old_order = [p.name for p in before if p.kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)
                 and p.name in new_by_name]
    new_order = [p.name for p in after if p.kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)
                 and p.name in old_by_name]
    if old_order != new_order and sorted(old_order) == sorted(new_order):
        changes.append(Change(PARAM_REORDERED, "positional order changed: "
                                               f"({', '.join(old_order)}) -> ({', '.join(new_order)})"))
    return sorted(changes, key=lambda c: (c.kind, c.parameter or ""))


def _renames(before: list[Param], after: list[Param], removed: list[Param], added: list[Param],
             new: Definition) -> dict[str, str]:
    """A removed and an added parameter are a rename when the release says so (a decorator
    mapping or a deprecation naming the new one) or they share position, kind and default."""
    added_names = {p.name for p in added}
    renames: dict[str, str] = {}
    for param in removed:
        mapped = new.extra_keywords.get(param.name)
        record = new.param_deprecations.get(param.name)
        if mapped and mapped in added_names:
            renames[param.name] = mapped
        elif record and record.replacement in added_names:
            renames[param.name] = record.replacement
    for i, param in enumerate(before):
        if param in removed and param.name not in renames and i < len(after):
            candidate = after[i]
            if candidate.name in added_names and candidate.kind == param.kind and \
                    candidate.default == param.default and candidate.name not in renames.values():
                renames[param.name] = candidate.name
    return renames
