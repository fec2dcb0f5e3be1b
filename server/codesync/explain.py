"""``codesync explain NAME``: the history of one API across the stored releases."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field

from .analysis.lookup import ApiLookup
from .analysis.symbols import Ref
from .knowledge.history import diff
from .knowledge.model import Definition, Deprecation, Param
from .knowledge.store import Knowledge, KnowledgeError, open_knowledge


@dataclass
class _State:
    definition: Definition | None
    params: list[Param] | None
    extra_keywords: dict[str, str] = field(default_factory=dict)
    param_deprecations: dict[str, Deprecation] = field(default_factory=dict)

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

    def state(self, name: str, dist: str, version: str) -> _State:
        definition = self.lookup.find(Ref(name), dist, version).definition
        if definition is None:
            return _State(None, None)
        params, extra, param_deps = definition.params, definition.extra_keywords, definition.param_deprecations
        if definition.kind == "class":
            init = self.lookup.constructor(definition, dist, version)
            params = init.params if init else None
            extra = init.extra_keywords if init else {}
            param_deps = init.param_deprecations if init else {}
        return _State(definition, params, dict(extra), dict(param_deps))

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
            for parameter, record in records:
                key = f"{parameter}:{record.message}"
                if key in seen:
                    seen[key]["last_seen"] = version
                    continue
                since = record.since or self.knowledge.change_point(dist, previous, version)
                seen[key] = {"parameter": parameter, "since": since, "first_seen": version,
                             "last_seen": version, **record.to_json()}
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
            for change in diff(before.definition, after.definition, before.params, after.params):
                changes.append({"in": when, **change.to_json()})
                reported.add((change.kind, change.parameter))
            if before.definition and after.definition and after.definition.kind == "class":
                for name, record in sorted(after.param_deprecations.items()):
                    if name not in before.param_deprecations and not name.startswith("*") and \
                            ("parameter-deprecated", name) not in reported:
                        changes.append({"in": when, "kind": "parameter-deprecated",
                                        "detail": record.message or f"`{name}` deprecated",
                                        "parameter": name})
            if before.definition and after.definition:
                for old, new in after.extra_keywords.items():
                    if ("parameter-renamed", old) in reported:
                        continue
                    if old not in before.extra_keywords and old in {p.name for p in before.params or []}:
                        changes.append({"in": when, "kind": "parameter-renamed",
                                        "detail": f"`{old}` renamed to `{new}` (old name still accepted, deprecated)",
                                        "parameter": old, "new_name": new})
                for old in before.extra_keywords:
                    if old not in after.extra_keywords and old not in {p.name for p in after.params or []}:
                        changes.append({"in": when, "kind": "parameter-removed",
                                        "detail": f"`{old}` no longer accepted", "parameter": old})
        return changes


def _periods(states) -> list[tuple[str, str, _State]]:
    periods: list[tuple[str, str, _State]] = []
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


def _newest(states) -> _State:
    return next(s for _, s in reversed(states) if s.definition is not None)


def render(history: dict, version: str | None = None) -> str:
    stored = history["releases_stored"]
    lines = [f"{history['name']}  ({history['distribution']}, {history['kind']}, defined as "
             f"{history['canonical']})",
             f"stored releases: {len(stored)} ({stored[0]} .. {stored[-1]})"]
    present = ", ".join(p["first"] if p["first"] == p["last"] else f"{p['first']} .. {p['last']}"
                        for p in history["present"])
    lines.append(f"exists in: {present}")
    if history["signatures"]:
        lines.append("signatures:")
        for sig in history["signatures"]:
            span = sig["first"] if sig["first"] == sig["last"] else f"{sig['first']} .. {sig['last']}"
            lines.append(f"  {span:<24} {sig['signature']}")
    if history["deprecations"]:
        lines.append("deprecations:")
        for dep in history["deprecations"]:
            what = f"parameter `{dep['parameter']}`" if dep["parameter"] else "the API"
            text = f"  {what} deprecated since {dep['since']}"
            if dep.get("removal"):
                text += f", planned removal {dep['removal']}"
            if dep.get("removed_in"):
                text += f", removed {_in(dep['removed_in'])}"
            if dep.get("replacement"):
                text += f"; replacement `{dep['replacement']}`"
            lines.append(text)
            if dep.get("message"):
                lines.append(f"      \"{dep['message'][:200]}\"")
    if history["changes"]:
        lines.append("changes:")
        for change in history["changes"]:
            lines.append(f"  {_in(change['in']):<28} {change['kind']}: {change['detail']}")
    return "\n".join(lines)


def _in(when: str) -> str:
    return when if when.startswith("between") else f"in {when}"


def run_explain(name: str, version: str | None, as_json: bool) -> int:
    try:
        knowledge = open_knowledge()
        history = HistoryBuilder(knowledge).build(name)
    except (LookupError, KnowledgeError) as exc:
        print(f"codesync: {exc}", file=sys.stderr)
        return 1
    if version:
        at = _at_version(knowledge, name, history["distribution"], version)
        if at is None:
            print(f"codesync: {history['distribution']} {version} is not stored, and no two "
                  f"stored releases of its minor line surround it", file=sys.stderr)
            return 1
        history["at_version"] = at
    if as_json:
        print(json.dumps(history, indent=1))
    else:
        text = render(history)
        if "at_version" in history:
            text += "\n" + _render_at(history["at_version"])
        print(text)
    return 0


def _at_version(knowledge: Knowledge, name: str, dist: str, version: str) -> dict | None:
    """The API at ``version``: read from the stored release, or inferred from the two stored
    neighbours of its minor line when they agree (else both are shown)."""
    builder = HistoryBuilder(knowledge)
    stored = knowledge.stored_release(dist, version)
    checked = (stored.version,) if stored else knowledge.neighbours(dist, version)
    if checked is None:
        return None
    states = [_state_json(builder, name, dist, v) for v in checked]
    at = {"version": version, **states[0]}
    if len(checked) > 1:
        at["inferred_from"] = list(checked)
        at["neighbours_agree"] = states[0] == states[1]
        if not at["neighbours_agree"]:
            at["neighbours"] = {v: state for v, state in zip(checked, states)}
    return at


def _state_json(builder: HistoryBuilder, name: str, dist: str, version: str) -> dict:
    state = builder.state(name, dist, version)
    signature = None
    if state.params is not None:
        signature = Definition(path=name, kind="function", params=state.params).render_signature(
            name.rsplit(".", 1)[-1])
    return {"exists": state.definition is not None, "signature": signature}


def _render_at(at: dict) -> str:
    def shown(state: dict) -> str:
        return (state["signature"] or "exists") if state["exists"] else "not present"

    if "inferred_from" not in at:
        return f"at {at['version']}: {shown(at)}"
    low, high = at["inferred_from"]
    if at["neighbours_agree"]:
        return f"at {at['version']} (not stored; inferred from {low} and {high}): {shown(at)}"
    return (f"at {at['version']} (not stored; its stored neighbours disagree): "
            f"{low}: {shown(at['neighbours'][low])}; {high}: {shown(at['neighbours'][high])}")
