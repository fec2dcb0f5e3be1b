"""Call-time deprecations against the knowledge (``bench_fidelity.py --calls``).

``fidelity_calls_probe.py`` runs the distribution's shipped tests that expect a deprecation
and reports, per warning, the outermost function of the distribution the test called, the
keyword names it passed and how many positional arguments. Here each is judged:

* *known*: the knowledge of that release has the function (or its class, for a constructor)
  deprecated, or a parameter of it (or of its class's constructor) deprecated or served by a
  shim (the keywords passed, or a parameter the message names), or a literal value the call
  passed (or the instance's constructor was given) held as a deprecated value of that
  parameter with this warning's text, or a limit on positional arguments the call exceeded,
  or a notice that a default will change ("The default value of `dual` will change", given
  while the parameter is left out) kept for a parameter the message names, with its text;
* *known, conditional*: known only as a conditional deprecation: a warning the function (or
  the function it hands its parameters to) gives under a test of the data it is given
  (``if volume.dtype.char in ['O', 'g']``), kept with this warning's text; the checker says
  the function may warn (explain, hover) and reports nothing at the call;
* *default change*: such a notice the knowledge does not keep;
* *not known* (*visible at the call*): the function is public and known, the warning is not,
  and the call shows it: the function itself is deprecated, or the call passes a parameter the
  message names (a whole word of the message; passed = a keyword or a positional argument of
  the test's call bound by the stored signature, or a parameter that holds something other
  than its default when the warning is raised), or a literal value the message quotes
  (``'H'``, ``"auto"`` or ```auto``` for a string or for a run of letters in it, ``'H'`` of
  ``freq="2H"``; ``name=value`` for a number, bool or None; for a method, the literal
  constructor parameters of its instance that differ from the default count as values, not
  as names: a class the library builds for the user holds parameters the user never
  passed). A deprecated parameter or value the knowledge lacks is counted here;
* *behaviour*: not known and not visible at the call: what the values do at run time (dtype
  inference, downcasting, a builtin callable mapped to a method, all-NA data, mixed time
  zones), which no reading of the call can tell; listed, never counted as known;
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
from codesync.knowledge.model import ValueDeprecation  # noqa: E402

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
    wrapper = _wrapper_name(definitions, warning, qualname)
    if wrapper:  # ``scipy.signal.boxcar``: a wrapper made in the module that binds the name
        rows.insert(0, definitions[wrapper])
    owners = [path.rpartition(".")[0]]
    if receiver:
        owners.append(receiver.replace(":", "."))
    for owner in owners:  # a method: its class's constructor holds the parameters it warns of
        rows += [definitions[p] for p in (owner, f"{owner}.__init__") if p in definitions]
    if _known(rows, qualname.rpartition(".")[2], warning):
        return "known"
    if any(_same_text(d.get("message", ""), warning["message"])
           for row in rows for d in row.get("conditional_deprecations") or ()):
        return "conditional"
    if announces_default_change(warning["message"]):
        return "default"
    return "unknown" if visible_at_call(rows[0], warning) else "behaviour"


def _wrapper_name(definitions: dict, warning: dict, qualname: str) -> str:
    """The name a module binds to a wrapper it made around the traced function, where the
    warning came from that wrapper (warned in ``scipy.signal.deco.<locals>.wrapped`` around
    ``windows.boxcar``: ``scipy.signal.boxcar``), or ''."""
    warned_in = warning.get("warned_in") or ""
    if ".<locals>." not in warned_in or "." in qualname:
        return ""
    parts = warned_in.partition(".<locals>.")[0].split(".")
    for end in range(len(parts) - 1, 0, -1):
        candidate = ".".join(parts[:end] + [qualname])
        if candidate in definitions:
            return candidate
    return ""


def visible_at_call(row: dict, warning: dict) -> bool:
    """The docstring's rule: the function deprecated, a passed parameter the message names,
    or a passed literal value it quotes. Read from what the probe recorded, not from the
    extractor's logic."""
    if row.get("deprecated"):
        return True
    message = warning["message"]
    names, values = passed_arguments(row, warning)
    words = set(re.findall(r"(?<![\w.])\w+", message))
    if names & words:
        return True
    return any(_quoted(name, value, message) for name, value in values)


def passed_arguments(row: dict, warning: dict) -> tuple[set[str], list[tuple[str, object]]]:
    """(names of the parameters the call passed, [(name, literal value)])."""
    positional = [p[0] for p in row.get("params") or [] if p[1] in ("p", "a")]
    star = next((p[0] for p in row.get("params") or [] if p[1] == "v"), None)
    names = set(warning.get("keywords") or ())
    names |= {_bound(i, positional, star) for i in range(warning.get("positionals") or 0)}
    values: list[tuple[str, object]] = []
    for key, value in warning.get("values") or []:
        values.append((_bound(key, positional, star) if isinstance(key, int) else key, value))
    for table in ("passed", "constructed"):
        for key, value in (warning.get(table) or {}).items():
            if table == "passed":
                names.add(key)
            if not (isinstance(value, str) and value.startswith("<") and value.endswith(">")):
                values.append((key, value))
    names.discard("")
    return names, values


def _bound(index: int, positional: list[str], star: str | None) -> str:
    return positional[index] if index < len(positional) else (star or "")


def _quoted(name: str, value: object, message: str) -> bool:
    if isinstance(value, str):
        runs = {value, *re.findall(r"[A-Za-z][A-Za-z_-]*", value)}
        return any(run and f"{q}{run}{q}" in message for run in runs for q in ("'", '"', "`"))
    shown = "None" if value is None else str(value)
    return f"{name}={shown}" in message


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
    if _value_known(rows, warning) or _notice_known(rows, named, warning):
        return True
    limit, positionals = first.get("positional_limit"), warning.get("positionals")
    return limit is not None and positionals is not None and positionals > limit


def _notice_known(rows: list[dict], named: set[str], warning: dict) -> bool:
    """A default-change notice the knowledge keeps for a parameter the message names, with
    this warning's text."""
    return any(name in named and _same_text(notice.get("message", ""), warning["message"])
               for row in rows for name, notice in (row.get("default_notices") or {}).items())


def _value_known(rows: list[dict], warning: dict) -> bool:
    """A literal value the call (or the instance's constructor) passed that the knowledge
    holds as a deprecated value of that parameter."""
    names, values = passed_arguments(rows[0], warning)
    for name, value in values:
        for row in rows:
            for item in (row.get("value_deprecations") or {}).get(name, ()):
                if _deprecates(item, value, names) and _same_text(item.get("message", ""),
                                                           warning["message"]):
                    return True
    return False


PROBE_MESSAGE_CAP = 300  # fidelity_calls_probe.py keeps this many characters of a message


def _same_text(stored: str, seen: str) -> bool:
    """The warning is the stored one: the stored text's literal parts (around its
    ``{placeholders}``) appear in order in what was shown (another warning of the same call,
    "The default value of `n_init` will change", is not known by a value deprecation; a
    stored text with nothing to compare, one built at run time, does not tell)."""
    cut = len(seen) >= PROBE_MESSAGE_CAP  # the probe keeps a message's head only
    seen = " ".join(seen.split())
    parts = [p.strip() for p in re.split(r"\{[^{}]*\}|%[sdr]", stored) if len(p.strip()) >= 4]
    position = 0
    for part in parts[:3]:
        found = seen.find(part, position)
        if found < 0:  # unless the shown text stops inside it
            return cut and any(seen.endswith(part[:k]) for k in range(len(part), 3, -1))
        position = found + len(part)
    return True  # no text to compare (a message the extractor could not read): the value


def _deprecates(item: dict, value: object, names: set[str] = frozenset()) -> bool:
    """As the checker reads the stored record (parts, folds and types of values included);
    a call that passes a parameter the record says may turn the warning off, or leaves out
    one it needs, is not judged."""
    if set(item.get("unless") or ()) & names:
        return False
    if item.get("together") and not set(item["together"]) <= names:
        return False
    if item.get("when") and not set(item["when"]) <= names:
        return False
    return ValueDeprecation.from_json(item).deprecates(value)


def compare_calls(definitions: dict, answer: dict) -> dict:
    verdicts: Counter = Counter()
    listed: dict[str, list[str]] = {"unknown": [], "known": [], "internal": [],
                                    "behaviour": [], "conditional": []}
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
            "behaviour_list": sorted(listed["behaviour"]),
            "known_list": sorted(listed["known"]), "internal_list": sorted(listed["internal"]),
            "conditional_list": sorted(listed["conditional"]),
            "warnings": answer.get("warnings", [])}


def calls_table(results: list[dict]) -> str:
    lines = ["Deprecations raised by calls (`--calls`: the distribution's own tests that expect "
             "one, each warning traced to the public function the test called; *visible*: the "
             "call shows it, by the rule in `scripts/fidelity_calls.py`):", "",
             "| distribution | release | tests run | warnings (function, message) | known "
             "| of which conditional | default changes | visible, not known "
             "| behaviour, not known | operators | private functions |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for result in results:
        if "error" in result:
            lines.append(f"| {result['distribution']} | {result['version']} | "
                         f"{result['error'][:60]} | | | | | | | | |")
            continue
        v = result["verdicts"]
        known = v.get("known", 0) + v.get("conditional", 0)
        public = known + sum(v.get(k, 0) for k in ("unknown", "default", "behaviour"))
        run = sum(result["outcomes"].values())
        lines.append(f"| {result['distribution']} | {result['version']} | {run} "
                     f"({result['tests']} functions) | "
                     f"{public + v.get('internal', 0) + v.get('operator', 0)} | "
                     f"{known} of {public} | {v.get('conditional', 0)} | {v.get('default', 0)} | "
                     f"{v.get('unknown', 0)} | {v.get('behaviour', 0)} | "
                     f"{v.get('operator', 0)} | {v.get('internal', 0)} |")
    return "\n".join(lines)
