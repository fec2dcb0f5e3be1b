"""``codesync explain NAME``: the history of one API, rendered for the terminal or as JSON
(built by ``analysis/api_history.py``)."""

from __future__ import annotations

import json
import sys

from .analysis.api_history import HistoryBuilder, at_version
from .knowledge.store import KnowledgeError, open_knowledge


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
            if "values" in dep:  # some values of the parameter, or all values but those
                shown = ", ".join(repr(v) for v in dep["values"])
                what = (f"values other than {shown}" if dep.get("others") else
                        f"value{'s' if len(dep['values']) > 1 else ''} {shown}" if shown else
                        _kind_of_values(dep)) + f" of {what}"
            text = f"  default of {what} announced to change since {dep['since']}" \
                if dep.get("default_notice") else \
                f"  may warn, depending on the data given, since {dep['since']}" \
                if dep.get("conditional") else f"  {what} deprecated since {dep['since']}"
            if dep.get("removal"):
                text += f", planned removal {dep['removal']}"
            if dep.get("removed_in"):
                text += f", removed {_in(dep['removed_in'])}"
            elif dep.get("conditional") and dep["last_seen"] != stored[-1]:
                text += f", last warned in {dep['last_seen']}"
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




def _kind_of_values(dep: dict) -> str:
    """The values a record without literal ones is about (a type, a pair)."""
    if dep.get("of_types"):
        return f"values of type {', '.join(dep['of_types'])}"
    if dep.get("types"):
        return f"values of types other than {', '.join(dep['types'])}"
    if dep.get("together"):
        return f"a value passed with {', '.join(f'`{t}`' for t in dep['together'])}"
    return "some values"


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
        at = at_version(knowledge, name, history["distribution"], version)
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
