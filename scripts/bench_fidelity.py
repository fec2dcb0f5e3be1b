"""Knowledge fidelity: does what the knowledge says exist, with the signature Python sees?

    nice -n 10 python scripts/bench_fidelity.py                 # the default set, the committed knowledge
    nice -n 10 python scripts/bench_fidelity.py --fresh pillow==9.5.0   # extract with today's engine
    nice -n 10 python scripts/bench_fidelity.py --calls pandas==2.3.3 --calls scikit-learn==1.3.2
    python scripts/bench_fidelity.py --write-docs ...           # also write docs/benchmarks.md

A benchmark, never the product: each release is installed with pip into a throwaway
environment under a temporary folder, and ``fidelity_probe.py`` runs there (imports the
modules, lists public names, reads ``inspect.signature``, records warnings on access). The
answers are compared with the knowledge of the same release:

* exports: of the public paths the knowledge lists, how many exist at run time (paths under
  a module that cannot be imported here, for a missing optional dependency or another
  platform, are counted apart);
* names: of the public names the modules have at run time (``__all__``, else ``dir`` without
  names imported from other distributions; plus names other releases had, tried with
  ``getattr``), how many the knowledge has with the right status (present, or served with a
  deprecation warning);
* signatures: of up to ``--sample`` public callables, how many match exactly (names, kinds,
  defaults), and why the others do not;
* ``--calls``: deprecations raised by calls, from the distribution's own tests that expect
  one (``fidelity_calls.py``): is the function, or the keyword passed, known as deprecated?
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(ROOT / "scripts"))

from codesync.knowledge.versions import sort_key  # noqa: E402

KNOWLEDGE = ROOT / "knowledge" / "api"
PROBE = ROOT / "scripts" / "fidelity_probe.py"
DEFAULT_RELEASES = [
    "pillow==9.5.0", "requests", "click", "attrs", "rich", "httpx", "sqlalchemy==2.0.58",
    "pandas==2.3.3", "flask", "werkzeug", "jinja2", "packaging", "tenacity", "tqdm",
    "pyyaml", "urllib3", "pygments", "more-itertools", "tomlkit", "networkx==3.4.2", "decorator",
    "pyparsing", "docutils", "h11", "anyio", "markdown-it-py", "pluggy", "cachetools", "typer",
    "numpy==1.26.4", "numpy==2.0.2", "scipy==1.11.4", "scikit-learn==1.3.2",
]
INTRO = (
    "`nice -n 10 python scripts/bench_fidelity.py --write-docs` installs one release of each "
    "distribution below with pip into a throwaway environment and runs `fidelity_probe.py` "
    "there: it imports the modules, lists their public names (`__all__`, else `dir` without "
    "what they import from other distributions, plus names other releases had, tried with "
    "`getattr`), records deprecation warnings on access and reads `inspect.signature` of up to "
    "300 sampled public callables. *Exports exist*: of the public paths the knowledge lists, "
    "how many resolve at run time (paths under modules that cannot be imported here, for an "
    "optional dependency or another platform, are counted apart). *Runtime names right*: of "
    "the public names the modules have, how many the knowledge has with the same status "
    "(present, or served with a deprecation warning). *Exact signatures*: same parameter "
    "names, kinds and defaults (a default compared by value where both sides are literals).")
SKIPPED_MODULE_PARTS = {"tests", "test", "testing", "conftest", "__main__"}


@dataclass
class Knowledge:
    """One release as the knowledge has it."""

    exports: dict[str, str]
    definitions: dict[str, dict]
    all_names: dict[str, set[str]] = field(default_factory=dict)  # module -> names of any release


def _holds(row_first: str, row_last: str, key: str) -> bool:
    return sort_key(row_first) <= key <= sort_key(row_last)


def stored_knowledge(dist: str, version: str) -> Knowledge:
    folder = KNOWLEDGE / dist
    key = sort_key(version)
    exports: dict[str, str] = {}
    all_names: dict[str, set[str]] = {}
    with open(folder / "exports.jsonl", encoding="utf-8") as handle:
        for line in handle:
            public, canonical, first, last = json.loads(line)
            if _holds(first, last, key):
                exports[public] = canonical
            owner, _, name = public.rpartition(".")
            all_names.setdefault(owner, set()).add(name)
    definitions: dict[str, dict] = {}
    with open(folder / "definitions.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if _holds(row["first"], row["last"], key):
                definitions[row["path"]] = row
            for table in ("deprecated_names", "expired", "serves"):
                all_names.setdefault(row["path"], set()).update(row.get(table) or [])
    return Knowledge(exports, definitions, all_names)


def fresh_knowledge(dist: str, version: str) -> Knowledge:
    """The release extracted now, with the engine in this checkout (history from the store)."""
    from codesync.engine.build import Job, KnowledgeBuilder, published_versions, run_job

    policy = KnowledgeBuilder(root=KNOWLEDGE).policy(dist)
    uploaded = published_versions(dist).get(version, "")  # star imports of other distributions
    result = run_job(Job(dist, version, policy.import_names, policy.exclude, policy.skip,
                         policy.cython, uploaded=uploaded, knowledge_root=str(KNOWLEDGE)))
    if result.info.status == "failed":
        raise RuntimeError(result.info.reason)
    stored = stored_knowledge(dist, version)
    definitions = {p: {"path": p, **d} for p, d in result.definitions.items()}
    for public in result.exports:
        owner, _, name = public.rpartition(".")
        stored.all_names.setdefault(owner, set()).add(name)
    return Knowledge(dict(result.exports), definitions, stored.all_names)


def last_stored(dist: str) -> str:
    releases = json.loads((KNOWLEDGE / dist / "releases.json").read_text())["releases"]
    return max((r["version"] for r in releases if r.get("status") != "failed"), key=sort_key)


def import_names(dist: str) -> list[str]:
    return list(json.loads((KNOWLEDGE / dist / "releases.json").read_text())["import_names"])


# --- the probe ---------------------------------------------------------------------------

def install(dist: str, version: str, folder: Path, extra: tuple[str, ...] = ()) -> Path:
    env = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    done = subprocess.run(
        ["nice", "-n", "10", sys.executable, "-m", "pip", "--python", str(python), "install",
         "-q", "--disable-pip-version-check", "--only-binary=:all:", f"{dist}=={version}",
         *extra], capture_output=True, text=True, timeout=900)
    if done.returncode:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "pip failed")
    return python


def _public_module(path: str) -> bool:
    return not any(p.startswith("_") and not p.startswith("__") or p in SKIPPED_MODULE_PARTS
                   for p in path.split("."))


def probe_request(knowledge: Knowledge, top: list[str], sample: int) -> dict:
    modules = sorted({c for c in knowledge.exports.values()
                      if knowledge.definitions.get(c, {}).get("kind") == "module" and _public_module(c)})
    candidates = {m: sorted(knowledge.all_names.get(m, ())) for m in modules}
    return {"top": top, "exports": sorted(knowledge.exports), "modules": modules,
            "candidates": candidates, "signatures": sampled_callables(knowledge, sample)}


def run_probe(python: Path, request: dict, folder: Path) -> dict:
    asked, answered = folder / "request.json", folder / "answer.json"
    asked.write_text(json.dumps(request), encoding="utf-8")
    done = subprocess.run(["nice", "-n", "10", str(python), str(PROBE), str(asked), str(answered)],
                          capture_output=True, text=True, timeout=1800, cwd=folder)
    if done.returncode:
        raise RuntimeError("probe failed: " + (done.stderr.strip().splitlines() or ["?"])[-1])
    return json.loads(answered.read_text(encoding="utf-8"))


# --- signatures -------------------------------------------------------------------------

def knowledge_params(knowledge: Knowledge, canonical: str) -> list | None:
    """The knowledge's signature of a callable as ``inspect.signature`` shows it."""
    definition = knowledge.definitions.get(canonical)
    if definition is None:
        return None
    if definition["kind"] == "function":
        return _shown(definition)
    if definition["kind"] != "class":
        return None
    pending, seen = [canonical], set()
    while pending:  # the first class in the bases that defines __init__
        cls = pending.pop(0)
        if cls in seen:
            continue
        seen.add(cls)
        new = knowledge.definitions.get(f"{cls}.__new__")  # inspect prefers it, as here
        init = knowledge.definitions.get(f"{cls}.__init__")
        if new is not None or init is not None:
            return _shown(new if new is not None else init)
        pending.extend(knowledge.definitions.get(cls, {}).get("bases", []))
    return None


def _shown(definition: dict) -> list | None:
    """The stored parameters, with the ``**name`` a decorator adds (kept apart in the store)."""
    params = definition.get("params")
    extra = definition.get("decorator_kwargs")
    return params + [[extra, "w"]] if params is not None and extra else params


def sampled_callables(knowledge: Knowledge, sample: int) -> list[str]:
    paths = [p for p, c in knowledge.exports.items()
             if knowledge_params(knowledge, c) is not None and _public_module(p.rpartition(".")[0])]
    paths.sort(key=lambda p: hashlib.sha1(p.encode()).hexdigest())
    return sorted(paths[:sample])


def _literal(text: str):
    try:
        return repr(ast.literal_eval(text))
    except Exception:
        return None


_UNKNOWN = object()
_BUILT = {"slice": slice, "frozenset": frozenset, "set": set, "tuple": tuple}


def _built_value(text: str):
    """The value of literals and of ``slice``/``frozenset``/``set``/``tuple`` calls on
    them (Python shows ``slice(70, 195, None)`` for ``slice(70, 195)``, and a frozenset in
    its hash order), else ``_UNKNOWN``."""
    try:
        return _evaluated(ast.parse(text, mode="eval").body)
    except (SyntaxError, ValueError, TypeError, RecursionError, MemoryError):
        return _UNKNOWN


def _evaluated(node: ast.expr):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id in _BUILT and not node.keywords:
        args = [_evaluated(a) for a in node.args]
        if any(a is _UNKNOWN for a in args):
            return _UNKNOWN
        return _BUILT[node.func.id](*args)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = [_evaluated(e) for e in node.elts]
        if any(i is _UNKNOWN for i in items):
            return _UNKNOWN
        return {ast.Tuple: tuple, ast.List: list, ast.Set: set}[type(node)](items)
    try:
        return ast.literal_eval(node)
    except ValueError:
        return _UNKNOWN


_NAMED_VALUE = re.compile(r"-?(?:\w+\.)+\w+")
_CLASS_REPR = re.compile(r"<class '(?:[\w.]+\.)?(\w+)'>")


def default_problem(stored: str | None, runtime: list) -> str:
    if stored is not None and stored.endswith("Parameter.empty"):
        stored = None  # inspect shows its own marker as no default
    if (stored is None) != (not runtime):
        return "default-presence"
    if stored is None:
        return ""
    how, shown = runtime
    value = _literal(stored)
    if stored == "...":
        return "" if shown == "Ellipsis" else "stub-default"
    if how == "literal":
        if value is not None:
            return "" if value == shown else "default-value"
        if _CLASS_REPR.sub(r"\1", shown).replace(" ", "") == stored.replace(" ", ""):
            return ""  # ``(object,)``: classes, which Python shows as ``<class 'object'>``
        if _NAMED_VALUE.fullmatch(stored) and \
                re.sub(r"(-?)(?:\w+\.)+", r"\1", stored) == shown:
            return ""  # ``np.nan``, ``-np.inf``: another module's constant, shown by its name
        mine, theirs = _built_value(stored), _built_value(shown)
        if mine is not _UNKNOWN and theirs is not _UNKNOWN:  # ``slice(70, 195)``, a frozenset
            return "" if mine == theirs else "default-value"
        return "constant-default"  # a name or expression where Python sees a plain value
    if how == "named":
        return "" if stored.rsplit(".", 1)[-1] == shown or value is None else "default-value"
    return ""


def signature_problem(stored: list, runtime: list) -> str:
    stored_params = [list(p) for p in stored]
    if [p[0] for p in stored_params] != [p[0] for p in runtime]:
        return "names"
    if [p[1] for p in stored_params] != [p[1] for p in runtime]:
        return "kinds"
    for mine, theirs in zip(stored_params, runtime):
        problem = default_problem(mine[2] if len(mine) > 2 else None, theirs[2:])
        if problem:
            return problem
    return ""


# --- comparing --------------------------------------------------------------------------

def knowledge_status(knowledge: Knowledge, module: str, name: str) -> str:
    record = knowledge.definitions.get(module) or \
        knowledge.definitions.get(knowledge.exports.get(module, module), {})
    path = f"{module}.{name}"
    if name in (record.get("deprecated_names") or {}):
        return "deprecated"
    if path in knowledge.exports or name in (record.get("unlisted") or []) or \
            name in (record.get("serves") or []):  # served by a closed __getattr__
        return "present"
    if name in (record.get("expired") or {}):
        return "expired"
    if record.get("dynamic") and record.get("deprecated") and not name.startswith("_"):
        return "deprecated"  # a shim that warns for every name it forwards (numpy.core)
    if record.get("dynamic") and record.get("serves") is None:
        return "dynamic"  # an open __getattr__: the checker stays silent on the name
    return "absent"


def _brief(params: list) -> str:
    """``a, b=1, *k=None, **w``: a signature in one short line, for the mismatch lists."""
    marks = {"v": "*", "k": "*", "w": "**"}
    return ", ".join(marks.get(p[1], "") + p[0] + (f"={p[-1]}" if len(p) > 2 else "")
                     for p in params)[:300]


def compare(knowledge: Knowledge, answer: dict) -> dict:
    exports = Counter()
    missing: list[str] = []
    for path, found in answer["exports"].items():
        state = found["state"]
        exports["unverifiable" if state == "import-error" else
                 "exists" if state in ("present", "deprecated") else "missing"] += 1
        if state == "missing":
            missing.append(path)
    names = Counter()
    wrong: list[str] = []
    for module, listing in answer["modules"].items():
        for name, runtime in (listing.get("names") or {}).items():
            if runtime == "missing-in-all":
                continue
            stored = knowledge_status(knowledge, module, name)
            right = stored == runtime
            names["right" if right else f"{runtime}/{stored}"] += 1
            if not right:
                wrong.append(f"{module}.{name} ({runtime}, knowledge: {stored})")
    signatures = Counter()
    odd: list[str] = []
    for path, found in answer["signatures"].items():
        if "params" not in found:
            signatures["not compared"] += 1
            continue
        stored = knowledge_params(knowledge, knowledge.exports[path])
        problem = signature_problem(stored, found["params"])
        signatures[problem or "exact"] += 1
        if problem:
            odd.append(f"{path}: {problem}: {_brief(stored)} | {_brief(found['params'])}")
    return {"exports": dict(exports), "names": dict(names), "signatures": dict(signatures),
            "missing": sorted(missing), "wrong": sorted(wrong), "odd": sorted(odd)}


def _release_setup(request_text: str, fresh: bool, work: Path, prefix: str = ""):
    """DIST==VERSION -> (dist, version, its knowledge, a fresh folder, the start time)."""
    dist, _, version = request_text.partition("==")
    version = version or last_stored(dist)
    started = time.perf_counter()
    knowledge = fresh_knowledge(dist, version) if fresh else stored_knowledge(dist, version)
    folder = work / f"{prefix}{dist}-{version}"
    folder.mkdir(parents=True, exist_ok=True)
    return dist, version, knowledge, folder, started


def measure(request_text: str, fresh: bool, sample: int, work: Path) -> dict:
    dist, version, knowledge, folder, started = _release_setup(request_text, fresh, work)
    python = install(dist, version, folder)
    answer = run_probe(python, probe_request(knowledge, import_names(dist), sample), folder)
    result = compare(knowledge, answer)
    result.update(distribution=dist, version=version, seconds=round(time.perf_counter() - started, 1))
    return result


def measure_calls(request_text: str, fresh: bool, work: Path, limit: int) -> dict:
    from fidelity_calls import TEST_REQUIREMENTS, compare_calls, run_calls_probe

    dist, version, knowledge, folder, started = _release_setup(request_text, fresh, work, "calls-")
    python = install(dist, version, folder, TEST_REQUIREMENTS)
    answer = run_calls_probe(python, import_names(dist), folder, limit, timeout=3600)
    result = compare_calls(knowledge.definitions, answer)
    result.update(distribution=dist, version=version, seconds=round(time.perf_counter() - started, 1))
    return result


def rejudge(result: dict, fresh: bool) -> dict:
    """A previous --calls result judged again against the knowledge of the same release."""
    from fidelity_calls import compare_calls

    if "error" in result:
        return result
    dist, version = result["distribution"], result["version"]
    knowledge = fresh_knowledge(dist, version) if fresh else stored_knowledge(dist, version)
    answer = {"tests": result["tests"], "outcomes": result["outcomes"],
              "warnings": result["warnings"]}
    judged = compare_calls(knowledge.definitions, answer)
    judged.update(distribution=dist, version=version, seconds=result.get("seconds"))
    return judged


# --- reporting --------------------------------------------------------------------------

def _rate(good: int, total: int) -> str:
    return f"{100 * good / total:.1f} %" if total else "–"


def rates(result: dict) -> tuple[int, int, int, int, int, int]:
    e, n, s = result["exports"], result["names"], result["signatures"]
    exports_total = e.get("exists", 0) + e.get("missing", 0)
    names_total = sum(n.values())
    compared = sum(v for k, v in s.items() if k != "not compared")
    return (e.get("exists", 0), exports_total, n.get("right", 0), names_total,
            s.get("exact", 0), compared)


def totals_line(results: list[dict], label: str) -> str:
    totals = [0] * 6
    for result in results:
        if "error" not in result:
            totals = [a + b for a, b in zip(totals, rates(result))]
    return (f"{label}: exports exist {_rate(totals[0], totals[1])} of {totals[1]}, runtime names "
            f"right {_rate(totals[2], totals[3])} of {totals[3]}, exact signatures "
            f"{_rate(totals[4], totals[5])} of {totals[5]}.")


def table(results: list[dict], label: str) -> str:
    lines = [f"Knowledge: {label}.", "",
             "| distribution | release | exports exist | runtime names right | exact signatures "
             "| not importable here |",
             "|---|---|---|---|---|---|"]
    totals = [0] * 6
    categories: Counter = Counter()
    for result in results:
        if "error" in result:
            lines.append(f"| {result['distribution']} | {result['version']} | "
                         f"{result['error'][:60]} | | | |")
            continue
        row = rates(result)
        totals = [a + b for a, b in zip(totals, row)]
        lines.append(f"| {result['distribution']} | {result['version']} | "
                     f"{_rate(row[0], row[1])} of {row[1]} | {_rate(row[2], row[3])} of {row[3]} | "
                     f"{_rate(row[4], row[5])} of {row[5]} | "
                     f"{result['exports'].get('unverifiable', 0)} |")
        categories.update({f"name {k}": v for k, v in result["names"].items() if k != "right"})
        categories.update({f"signature {k}": v for k, v in result["signatures"].items()
                           if k not in ("exact", "not compared")})
        categories["export missing"] += result["exports"].get("missing", 0)
    lines.append(f"| **all** | | **{_rate(totals[0], totals[1])}** of {totals[1]} | "
                 f"**{_rate(totals[2], totals[3])}** of {totals[3]} | "
                 f"**{_rate(totals[4], totals[5])}** of {totals[5]} | |")
    lines += ["", "Mismatches by category (runtime/knowledge status for names):", ""]
    lines += [f"- {k}: {v}" for k, v in categories.most_common()]
    return "\n".join(lines)


def _default_order(result: dict) -> int:
    names = [r.partition("==")[0] for r in DEFAULT_RELEASES]
    exact = f"{result['distribution']}=={result.get('version', '')}"
    if exact in DEFAULT_RELEASES:
        return DEFAULT_RELEASES.index(exact)
    return names.index(result["distribution"]) if result["distribution"] in names else len(names)


def _measured_over_reused(results: list[dict], reused: int) -> list[dict]:
    """The rows, a release measured now replacing its row from a reused run."""
    now = {(r["distribution"], r["version"]) for r in results[reused:]}
    return [r for r in results[:reused] if (r["distribution"], r["version"]) not in now] + \
        results[reused:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("releases", nargs="*", help="DIST or DIST==VERSION (default: the set)")
    parser.add_argument("--fresh", action="store_true", help="extract with this checkout's engine")
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--json", type=Path, help="write every result, with its mismatches")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--baseline", type=Path, action="append", default=[],
                        help="LABEL=FILE: a previous --json run, summed for comparison")
    parser.add_argument("--reuse", type=Path, action="append", default=[],
                        help="a previous --json run of releases whose knowledge has not changed "
                             "since: its rows join the table (measure the others now)")
    parser.add_argument("--calls", action="append", default=[], metavar="DIST==VERSION",
                        help="also measure deprecations raised by calls, from the release's "
                             "own tests (slow: minutes per distribution)")
    parser.add_argument("--calls-limit", type=int, default=400,
                        help="test functions run per distribution for --calls")
    parser.add_argument("--calls-reuse", type=Path, help="a previous --calls run (its --json "
                        "file, .calls.json) to show in the table instead of measuring")
    parser.add_argument("--calls-rejudge", action="store_true",
                        help="judge the warnings of --calls-reuse again against the knowledge "
                             "now (after a re-extraction), without running the tests again")
    args = parser.parse_args()
    results = [r for path in args.reuse for r in json.loads(path.read_text())]
    calls = json.loads(args.calls_reuse.read_text()) if args.calls_reuse else []
    if args.calls_rejudge:
        calls = [rejudge(result, args.fresh) for result in calls]
    with tempfile.TemporaryDirectory(prefix="fidelity-") as work:
        for request in args.calls:
            try:
                result = measure_calls(request, args.fresh, Path(work), args.calls_limit)
            except Exception as exc:
                result = {"distribution": request.partition("==")[0],
                          "version": request.partition("==")[2],
                          "error": f"{type(exc).__name__}: {exc}"}
            calls.append(result)
            print(json.dumps({k: v for k, v in result.items()
                              if not k.endswith("list") and k not in ("unknown", "warnings")}),
                  flush=True)
        skip = bool(args.calls or args.calls_rejudge) and not args.releases and not args.reuse
        for request in args.releases or ([] if args.reuse or skip else DEFAULT_RELEASES):
            dist = request.partition("==")[0]
            try:
                result = measure(request, args.fresh, args.sample, Path(work))
            except Exception as exc:  # one release that will not install must not stop the rest
                result = {"distribution": dist, "version": request.partition("==")[2],
                          "error": f"{type(exc).__name__}: {exc}"}
            results.append(result)
            print(json.dumps({k: v for k, v in result.items()
                              if k not in ("missing", "wrong", "odd")}), flush=True)
    label = "extracted now by this checkout" if args.fresh else "the committed knowledge/api"
    results = _measured_over_reused(results, len(results) - len(args.releases or []))
    results.sort(key=_default_order)  # rows from several runs (--reuse) in the set's order
    text = INTRO + "\n\n" + table(results, label)
    if calls:
        from fidelity_calls import calls_table

        text += "\n\n" + calls_table(calls)
    for item in args.baseline:
        name, _, path = str(item).partition("=")
        text += "\n\n" + totals_line(json.loads(Path(path).read_text()), name)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
        if calls:
            args.json.with_suffix(".calls.json").write_text(json.dumps(calls, indent=1),
                                                            encoding="utf-8")
    if args.write_docs:
        from _docs import update_section

        update_section("fidelity", "Knowledge fidelity (run time against the knowledge)", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
