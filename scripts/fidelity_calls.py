"""Call-time deprecations against the knowledge (``bench_fidelity.py --calls``).

``fidelity_calls_probe.py`` runs the distribution's shipped tests that expect a deprecation
and reports, per warning, the outermost function of the distribution the test called, the
keyword names it passed and how many positional arguments. Here each is judged:

* *known*: the knowledge of that release has the function (or its class, for a constructor)
  deprecated, or a parameter of it (or of its class's constructor) deprecated or served by a
  shim (the keywords passed, or a parameter the message names), or a limit on
  positional arguments the call exceeded;
* *default change*: a notice that a default will change ("The default value of `dual` will
  change"), given when the parameter is left out: no deprecation of passing it, and the
  knowledge does not keep it;
* *not known*: the function is public and known, the warning is not (some are deprecations
  the call's values pick, a default that will change, which the knowledge does not keep);
* *internal*: the test called a private function (``_libs``, a name with ``_``), which no
  user code calls; *operator*: a dunder method (``s[k] = v``) whose warning depends on the
  values; *test*: a function or class the test file defines; *foreign*: a warning
  another distribution raised (numpy, scipy) on the way.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

from codesync.engine.deprecations import announces_default_change  # noqa: E402

PROBE = Path(__file__).resolve().parent / "fidelity_calls_probe.py"
TEST_REQUIREMENTS = ("pytest", "hypothesis")
DUNDER_CALLS = {"__init__", "__new__", "__call__"}


def run_calls_probe(python: Path, top: list[str], folder: Path, limit: int,
                    timeout: int) -> dict:
    asked, answered = folder / "calls-request.json", folder / "calls-answer.json"
    asked.write_text(json.dumps({"top": top, "limit": limit, "items_per_function": 2}),
                     encoding="utf-8")
    done = subprocess.run(["nice", "-n", "10", str(python), str(PROBE), str(asked), str(answered)],
                          capture_output=True, text=True, timeout=timeout, cwd=folder)
    if not answered.exists():
        raise RuntimeError("calls probe failed: " + (done.stderr.strip().splitlines() or ["?"])[-1])
    return json.loads(answered.read_text(encoding="utf-8"))


def _private(qualname: str) -> bool:
    return any(p.startswith("_") and not _dunder(p) for p in qualname.split("."))


def _dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _test_module(module: str) -> bool:
    return any(p in ("tests", "testing", "_testing") or p.startswith("test_")
               for p in module.split("."))


def judge(definitions: dict, warning: dict) -> str:
    module, _, qualname = warning["function"].partition(":")
    if _test_module(module):
        return "test"  # a function or class the test file defines
    top = module.split(".")[0]
    if warning.get("origin") and not warning["origin"].startswith(top):
        return "foreign"  # another distribution's deprecation, met on the way (numpy, scipy)
    path = f"{module}.{qualname}"
    receiver = warning.get("receiver") or ""
    shown_module, _, shown = receiver.partition(":") if receiver else (module, "", qualname)
    if receiver:
        shown = f"{shown}.{qualname.rpartition('.')[2]}"
    if _test_module(shown_module):
        return "test"
    if _private(shown):
        return "internal"
    if _dunder(shown.rpartition(".")[2]) and shown.rpartition(".")[2] not in DUNDER_CALLS:
        return "operator"  # ``s[key] = value``, ``a + b``: what the values do, not an API
    if path not in definitions:
        return "internal"
    rows = [definitions[path]]
    owners = [path.rpartition(".")[0]]
    if receiver:
        owners.append(receiver.replace(":", "."))
    for owner in owners:  # a method: its class's constructor holds the parameters it warns of
        rows += [definitions[p] for p in (owner, f"{owner}.__init__") if p in definitions]
    if _known(rows, qualname.rpartition(".")[2], warning):
        return "known"
    return "default" if announces_default_change(warning["message"]) else "unknown"


def _known(rows: list[dict], name: str, warning: dict) -> bool:
    first = rows[0]
    if first.get("deprecated") or any(r.get("deprecated") and r.get("kind") == "class"
                                      for r in rows[1:] if name in DUNDER_CALLS):
        return True
    keywords = set(warning.get("keywords") or ())
    params = first.get("params") or []
    own = {p[0] for p in params}
    swallowed = {p[0] for p in params if p[1] == "w" and keywords - own}  # into its **kwargs
    named = set(re.findall(r"\w+", warning["message"])) | keywords | swallowed
    for row in rows:
        shimmed = set(row.get("param_deprecations") or {}) | set(row.get("extra_keywords") or {})
        if named & shimmed:
            return True
    limit, positionals = first.get("positional_limit"), warning.get("positionals")
    return limit is not None and positionals is not None and positionals > limit


def compare_calls(definitions: dict, answer: dict) -> dict:
    verdicts: Counter = Counter()
    listed: dict[str, list[str]] = {"unknown": [], "known": [], "internal": []}
    seen: set[tuple[str, str]] = set()
    for warning in answer.get("warnings", []):
        key = (warning["function"], warning["message"])
        if key in seen:
            continue
        seen.add(key)
        verdict = judge(definitions, warning)
        verdicts[verdict] += 1
        if verdict in listed:
            keywords = ",".join(warning.get("keywords") or [])
            listed[verdict].append(f"{warning['function']}({keywords}): {warning['category']}: "
                                   f"{warning['message'][:160]} [warned in {warning['warned_in']}]")
    return {"tests": answer.get("tests", 0), "outcomes": answer.get("outcomes", {}),
            "verdicts": dict(verdicts), "unknown": sorted(listed["unknown"]),
            "known_list": sorted(listed["known"]), "internal_list": sorted(listed["internal"]),
            "warnings": answer.get("warnings", [])}


def calls_table(results: list[dict]) -> str:
    lines = ["Deprecations raised by calls (`--calls`: the distribution's own tests that expect "
             "one, each warning traced to the public function the test called):", "",
             "| distribution | release | tests run | warnings (function, message) | known "
             "| default changes | not known | operators | private functions |",
             "|---|---|---|---|---|---|---|---|---|"]
    for result in results:
        if "error" in result:
            lines.append(f"| {result['distribution']} | {result['version']} | "
                         f"{result['error'][:60]} | | | | | | |")
            continue
        v = result["verdicts"]
        public = v.get("known", 0) + v.get("unknown", 0) + v.get("default", 0)
        run = sum(result["outcomes"].values())
        lines.append(f"| {result['distribution']} | {result['version']} | {run} "
                     f"({result['tests']} functions) | "
                     f"{public + v.get('internal', 0) + v.get('operator', 0)} | "
                     f"{v.get('known', 0)} of {public} | {v.get('default', 0)} | "
                     f"{v.get('unknown', 0)} | "
                     f"{v.get('operator', 0)} | {v.get('internal', 0)} |")
    return "\n".join(lines)
