"""The history of one API across the stored releases: where it exists, its signatures,
deprecations and changes, each with the release it arrived in.

A service below the faces: ``codesync explain`` renders it, hover shows its recent part.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..knowledge.history import diff
from ..knowledge.model import (
    VAR_KEYWORD,
    VAR_POSITIONAL,
    DefaultNotice,
    Definition,
    Deprecation,
    Param,
    ValueDeprecation,
)
from ..knowledge.store import Knowledge
from .lookup import ApiLookup
from .symbols import Ref


@dataclass
class ApiState:
    definition: Definition | None
    params: list[Param] | None
    extra_keywords: dict[str, str] = field(default_factory=dict)
    param_deprecations: dict[str, Deprecation] = field(default_factory=dict)
    value_deprecations: dict[str, list[ValueDeprecation]] = field(default_factory=dict)
    default_notices: dict[str, DefaultNotice] = field(default_factory=dict)
    conditional: list[Deprecation] = field(default_factory=list)  # warned under a data test

    def key(self) -> str:
        if self.definition is None:
            return "absent"
        d = self.definition
        return json.dumps([d.path, d.kind, [p.to_json() for p in self.params or []],
                           d.deprecated.to_json() if d.deprecated else None,
                           {k: v.to_json() for k, v in sorted(self.param_deprecations.items())},
                           sorted(self.extra_keywords.items())], sort_keys=True)


class HistoryBuilder:
    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.lookup = ApiLookup(knowledge)

    def state(self, name: str, dist: str, version: str) -> ApiState:
        definition = self.lookup.find(Ref(name), dist, version).definition
        if definition is None:
            return ApiState(None, None)
        params, extra, param_deps = definition.params, definition.extra_keywords, definition.param_deprecations
        values, notices = definition.value_deprecations, definition.default_notices
        conditional = list(definition.conditional_deprecations)
        if definition.kind == "class":
            init = self.lookup.constructor(definition, dist, version)
            params = init.params if init else None
            extra = init.extra_keywords if init else {}
            param_deps = init.param_deprecations if init else {}
            values = init.value_deprecations if init else {}
            notices = init.default_notices if init else {}
            conditional += init.conditional_deprecations if init else []
        return ApiState(definition, params, dict(extra), dict(param_deps), dict(values),
                        dict(notices), conditional)

    def build(self, name: str) -> dict:
        dist = self.lookup.distribution_of(Ref(name))
        if dist is None:
            raise LookupError(f"no tracked distribution provides `{name.split('.')[0]}`")
        versions = self.knowledge.versions(dist)
        states = [(v, self.state(name, dist, v)) for v in versions]
        periods = _periods(states)
        if all(s.definition is None for _, s in states):
            raise LookupError(f"`{name}` is not a public API of any stored {dist} release "
                              f"({versions[0]} .. {versions[-1]})")
        return {
            "name": name,
            "distribution": dist,
            "releases_stored": versions,
            "present": _present(states),
            "canonical": _newest(states).definition.path,
            "kind": _newest(states).definition.kind,
            "signatures": self._signatures(name, periods),
            "deprecations": self._deprecations(dist, states),
            "changes": self._changes(dist, states),
        }

    def _signatures(self, name: str, periods) -> list[dict]:
        short = name.rsplit(".", 1)[-1]
        result = []
        for first, last, state in periods:
            if state.definition is None or state.params is None:
                continue
            rendered = Definition(path=name, kind="function", params=state.params).render_signature(short)
            if result and result[-1]["signature"] == rendered:
                result[-1]["last"] = last
            else:
                result.append({"first": first, "last": last, "signature": rendered})
        return result

    def _deprecations(self, dist: str, states) -> list[dict]:
        seen: dict[str, dict] = {}
        previous = None
        for version, state in states:
            records: list[tuple[str | None, Deprecation]] = []
            if state.definition is not None and state.definition.deprecated:
                records.append((None, state.definition.deprecated))
            records += [(p, r) for p, r in state.param_deprecations.items() if not p.startswith("*")]
            records += [(p, v) for p, items in state.value_deprecations.items() for v in items]
            records += list(state.default_notices.items())
            conditional = {id(d) for d in state.conditional}
            records += [(None, d) for d in state.conditional]
            for parameter, record in records:
                valued = isinstance(record, ValueDeprecation)  # some values of the parameter
                noticed = isinstance(record, DefaultNotice)  # its default, to change
                deprecation = record.deprecation if valued or noticed else record
                key = f"{parameter}:{list(record.values) if valued else noticed}" \
                      f"{id(record) in conditional}{deprecation.message}"
                if key in seen:
                    seen[key]["last_seen"] = version
                    continue
                since = deprecation.since or self.knowledge.change_point(dist, previous, version)
                seen[key] = {"parameter": parameter, "since": since, "first_seen": version,
                             "last_seen": version, **record.to_json(),
                             **({"default_notice": True} if noticed else {}),
                             **({"conditional": True} if id(record) in conditional else {})}
            previous = version
        for item in seen.values():
            index = states.index(next(s for s in states if s[0] == item["last_seen"]))
            if index + 1 < len(states):
                after_version, after = states[index + 1]
                gone = after.definition is None if item["parameter"] is None else (
                    item["parameter"] not in {p.name for p in after.params or []}
                    and item["parameter"] not in after.extra_keywords)
                if gone:
                    item["removed_in"] = self.knowledge.change_point(dist, item["last_seen"], after_version)
        return list(seen.values())

    def _changes(self, dist: str, states) -> list[dict]:
        changes = []
        for (before_v, before), (after_v, after) in zip(states, states[1:]):
            if before.key() == after.key():
                continue
            when = self.knowledge.change_point(dist, before_v, after_v)
            reported: set[tuple[str, str | None]] = set()
            if _became_forwarding(before, after):
                changes.append({"in": when, "after": after_v, "kind": "signature-forwarding",
                                "detail": "now takes `*args, **kwargs` and passes them on (the "
                                          "parameters are those of the function it calls)"})
                continue
            for change in diff(before.definition, after.definition, before.params, after.params):
                changes.append({"in": when, "after": after_v, **change.to_json()})
                reported.add((change.kind, change.parameter))
            if before.definition and after.definition and after.definition.kind == "class":
                for name, record in sorted(after.param_deprecations.items()):
                    if name not in before.param_deprecations and not name.startswith("*") and \
                            ("parameter-deprecated", name) not in reported:
                        changes.append({"in": when, "after": after_v, "kind": "parameter-deprecated",
                                        "detail": record.message or f"`{name}` deprecated",
                                        "parameter": name})
            if before.definition and after.definition:
                for old, new in after.extra_keywords.items():
                    if ("parameter-renamed", old) in reported:
                        continue
                    if old not in before.extra_keywords and old in {p.name for p in before.params or []}:
                        changes.append({"in": when, "after": after_v, "kind": "parameter-renamed",
                                        "detail": f"`{old}` renamed to `{new}` (old name still accepted, deprecated)",
                                        "parameter": old, "new_name": new})
                for old in before.extra_keywords:
                    if old not in after.extra_keywords and old not in {p.name for p in after.params or []}:
                        changes.append({"in": when, "after": after_v, "kind": "parameter-removed",
                                        "detail": f"`{old}` no longer accepted", "parameter": old})
        return changes


def _became_forwarding(before: ApiState, after: ApiState) -> bool:
    """``product(a, axis=None)`` -> ``product(*args, **kwargs)``: a wrapper, not a removal of
    every parameter (numpy 1.15)."""
    kinds = {p.kind for p in after.params or []}
    return bool(before.params) and bool(after.params) and kinds <= {VAR_POSITIONAL, VAR_KEYWORD} \
        and any(p.kind not in (VAR_POSITIONAL, VAR_KEYWORD) for p in before.params)


def _periods(states) -> list[tuple[str, str, ApiState]]:
    periods: list[tuple[str, str, ApiState]] = []
    for version, state in states:
        if periods and periods[-1][2].key() == state.key():
            periods[-1] = (periods[-1][0], version, periods[-1][2])
        else:
            periods.append((version, version, state))
    return periods


def _present(states) -> list[dict]:
    spans: list[dict] = []
    previous_present = False
    for version, state in states:
        if state.definition is not None:
            if previous_present:
                spans[-1]["last"] = version
            else:
                spans.append({"first": version, "last": version})
        previous_present = state.definition is not None
    return spans


def _newest(states) -> ApiState:
    return next(s for _, s in reversed(states) if s.definition is not None)


def at_version(knowledge: Knowledge, name: str, dist: str, version: str) -> dict | None:
    """The API at ``version``: read from the stored release, or inferred from the two stored
    neighbours of its minor line when they agree (else both are shown)."""
    builder = HistoryBuilder(knowledge)
    stored = knowledge.stored_release(dist, version)
    checked = (stored.version,) if stored else knowledge.neighbours(dist, version)
    if checked is None:
        return None
    states = [state_json(builder, name, dist, v) for v in checked]
    at = {"version": version, **states[0]}
    if len(checked) > 1:
        at["inferred_from"] = list(checked)
        at["neighbours_agree"] = states[0] == states[1]
        if not at["neighbours_agree"]:
            at["neighbours"] = {v: state for v, state in zip(checked, states)}
    return at


def state_json(builder: HistoryBuilder, name: str, dist: str, version: str) -> dict:
    state = builder.state(name, dist, version)
    signature = None
    if state.params is not None:
        signature = Definition(path=name, kind="function", params=state.params).render_signature(
            name.rsplit(".", 1)[-1])
    return {"exists": state.definition is not None, "signature": signature}
