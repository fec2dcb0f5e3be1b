"""Fix safety over the development benchmark: every exact fix, checked by a second checker.

For each PCBench dev case, the checker's findings get their fixes as `codesync fix` would
offer them. Each exact fix is applied alone, and the rewritten call is judged independently
of the fixer's own proof: the original call is bound under the release it was written for
(the baseline, or the last release that had the API), the rewritten one under the target,
and then

* every argument must reach the parameter it reached before, or that parameter's new name
  (a parameter absent from the other signature), or be dropped only where it restated the
  old default;
* every parameter the rewritten call leaves at its default must have had the same default
  before (or mean "decided inside": None or a sentinel), and every old parameter the call
  relied on by default and the new API lacks must have meant "decided inside";
* an argument the rewrite adds must be a literal the deprecation text spelled out.

With ``--realcode`` it also judges every fix ``codesync fix`` applies to the real-code corpora
(``benchmarks/realcode/corpus.toml``, the files obtained as ``bench_realcode.py`` obtains them),
each file fixed as a whole: the file still parses, no name is left undefined that was not
before, and each fixed call passes every argument to the parameter it reached (the judge
above, for each applied fix on a call). ``--realcode-only`` skips PCBench.

Usage: python scripts/bench_fix_safety.py [--library numpy] [--limit N] [--show 20]
       [--realcode [--short] [--case ID ...]] [--realcode-only]
"""

from __future__ import annotations

import argparse
import ast
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "server"))

from bench_pcbench import DEFAULT_DATA, IMPORT_TO_DIST, load_cases  # noqa: E402
from codesync.analysis.checker import Checker, VersionContext  # noqa: E402
from codesync.analysis.defaults import is_sentinel  # noqa: E402
from codesync.analysis.findings import Finding, Fix  # noqa: E402
from codesync.analysis.positions import LineIndex  # noqa: E402
from codesync.fixes.apply import apply_edits, attach_fixes  # noqa: E402
from codesync.knowledge.model import VAR_KEYWORD, VAR_POSITIONAL  # noqa: E402
from codesync.knowledge.store import open_knowledge  # noqa: E402

FIXABLE_KINDS = ("removed", "incompatible-call", "meaning-changed", "deprecated")


def judge_fix(checker_at_target: Checker, finding: Finding, fix: Fix, source: str) -> str:
    """'' when the fix keeps the call's meaning, else why not."""
    evidence = finding.evidence
    call = evidence.site.node
    if not isinstance(call, ast.Call):
        return ""  # an import line: its uses are judged as calls in their own cases
    fixed = apply_edits(source, list(fix.edits))
    rank = _rank(ast.parse(source), call)
    new_call = _call_at(checker_at_target, fixed, call.lineno, call.col_offset, rank)
    if new_call is None:
        return "the rewritten call does not resolve at the target"
    site, new_node = new_call
    old = _signature_and_binding(evidence, evidence.site.target, call, _old_release(evidence))
    new = _signature_and_binding(evidence, site.target, new_node, evidence.target)
    if old is None or new is None:
        return "a signature is unknown"
    renames = _recorded_renames(evidence, site.target, evidence.target) | _recorded_renames(
        evidence, evidence.site.target, _old_release(evidence))
    old = (_with_effective_defaults(evidence, old[0]), old[1])
    return _compare(old, new, LineIndex(source), LineIndex(fixed), call, new_node, fix, renames)


def _with_effective_defaults(evidence, signature):
    """A sentinel default (``no_default``) means the default of the last release before it
    that had a real one: the value a call leaving it out got."""
    from codesync.analysis.lookup import CallSignature

    params = list(signature.params)
    if not any(is_sentinel(p.default) for p in params):
        return signature
    earlier = evidence.versions_upto(_old_release(evidence))[:-1]
    for i, param in enumerate(params):
        for version in reversed(earlier):
            if not is_sentinel(param.default):
                break
            found = _signature_and_binding_params(evidence, version)
            match = next((p for p in found if p.name == param.name), None) if found else None
            if match is None:
                break
            if not is_sentinel(match.default):
                params[i] = replace(param, default=match.default)
                break
    return CallSignature((tuple(params),), signature.extra_keywords)


def _signature_and_binding_params(evidence, version: str):
    lookup = evidence.lookup
    definition = lookup.find(evidence.site.target, evidence.dist, version).definition
    signature = lookup.call_signature(definition, evidence.dist, version) if definition else None
    return signature.params if signature and len(signature.overloads) == 1 else None


def _recorded_renames(evidence, target, version: str) -> set[tuple[str, str]]:
    """Keyword renames the library itself records: decorator shims and deprecation texts."""
    lookup = evidence.lookup
    dist = lookup.distribution_of(target)
    definition = lookup.find(target, dist, version).definition if dist else None
    if definition is not None and definition.kind == "class":
        definition = lookup.constructor(definition, dist, version)
    if definition is None:
        return set()
    renames = {(old, new) for old, new in definition.extra_keywords.items() if new}
    renames |= {(old, r.replacement) for old, r in definition.param_deprecations.items()
                if r.replacement}
    return renames


def _old_release(evidence) -> str:
    for version in (evidence.baseline, evidence.last_present, evidence.target):
        if version and evidence.lookup.find(evidence.site.target, evidence.dist,
                                            version).definition is not None:
            return version
    return evidence.target


def _starting_at(tree: ast.AST, line: int, col: int) -> list[ast.Call]:
    """The calls that start where a call starts (``df.groupby(x).mean()``: two), inner first."""
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and (n.lineno, n.col_offset) == (line, col)]
    return sorted(calls, key=lambda n: (n.end_lineno, n.end_col_offset))


def _rank(tree: ast.AST, call: ast.Call) -> int:
    same = _starting_at(tree, call.lineno, call.col_offset)
    return next(i for i, n in enumerate(same) if (n.end_lineno, n.end_col_offset) ==
                (call.end_lineno, call.end_col_offset))


def _call_at(checker: Checker, source: str, line: int, col: int, rank: int):
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    same = _starting_at(tree, line, col)
    if rank >= len(same):
        return None
    wanted = same[rank]
    site = next((s for s in checker.sites(tree) if s.node is wanted), None)
    return (site, wanted) if site else None


def _signature_and_binding(evidence, target, call: ast.Call, version: str):
    from codesync.fixes.exact import shape_of

    lookup = evidence.lookup
    dist = lookup.distribution_of(target)
    definition = lookup.find(target, dist, version).definition if dist else None
    signature = lookup.call_signature(definition, dist, version) if definition else None
    binding = signature.bind(shape_of(call)) if signature else None
    if binding is None or not binding.ok:
        return None
    return signature, binding


def _arguments(binding, call: ast.Call, index: LineIndex) -> list[tuple[str, str]]:
    """(parameter, argument text) in source order."""
    items = [(name, index.text(arg)) for name, arg in zip(binding.positional, call.args)]
    items += [(binding.keywords[k.arg], index.text(k.value)) for k in call.keywords]
    return items


def _compare(old, new, old_index, new_index, old_call, new_call, fix: Fix,
             renames: set[tuple[str, str]]) -> str:
    (old_sig, old_binding), (new_sig, new_binding) = old, new
    before = _arguments(old_binding, old_call, old_index)
    after = _arguments(new_binding, new_call, new_index)
    problem = _arguments_kept(before, after, old_sig, new_sig, old_binding, new_binding, fix,
                              renames)
    if problem or old_index.text(old_call.func) == new_index.text(new_call.func):
        return problem  # a rewrite in place: the library's own default changes are CS202's
    return _defaults_kept({p for p, _ in before}, {p for p, _ in after}, old_sig, new_sig)


def _arguments_kept(before, after, old_sig, new_sig, old_binding, new_binding, fix,
                    renames: set[tuple[str, str]]) -> str:
    """Arguments matched in order by their text: each keeps its parameter (or its renamed
    one), a dropped one restated the old default, an added one the text spelled out."""
    old_names, new_names = old_sig.names(), new_sig.names()
    old_defaults = {p.name: p.default for p in old_sig.params}
    rest = list(after)
    unmatched = []
    for param, text in before:  # first the arguments that kept their parameter or its new name
        names = {param, *(new for old, new in renames if old == param)}
        position = next((i for i, (p, t) in enumerate(rest) if t == text and p in names), None)
        if position is None:
            unmatched.append((param, text))
        else:
            rest.pop(position)
    for param, text in unmatched:  # then the others, in order
        position = next((i for i, (_, t) in enumerate(rest) if t == text), None)
        if position is None:
            # a flag the deprecation text replaces by another keyword's value, which the
            # fix quotes ("use `sep=r'\\s+'` instead of `delim_whitespace=True`")
            replaced = f"`{param}={text}`" in fix.title and "instead of" in fix.title
            if _norm(old_defaults.get(param)) != _norm(text) and not replaced:
                return f"argument {text!r} for `{param}` was dropped"
            continue
        moved, _ = rest.pop(position)
        if param.startswith("*"):
            continue
        renamed = param not in new_names and moved not in old_names
        if not renamed and not _same_slot(old_binding, new_binding, param, moved):
            return f"argument {text!r} moved from `{param}` to `{moved}`"
    for param, text in rest:
        if f"{param}={text}" not in fix.title and text not in fix.title:
            return f"argument `{param}={text}` was added"
    return ""


def _defaults_kept(passed_before: set[str], passed_after: set[str], old_sig, new_sig) -> str:
    """For a new callee: what the call left to defaults means what it meant."""
    old_defaults = {p.name: p.default for p in old_sig.params}
    new_names = {p.name for p in new_sig.params}
    for param in new_sig.params:
        if param.name in passed_after or param.name in passed_before or \
                param.kind in (VAR_POSITIONAL, VAR_KEYWORD):
            continue
        old_default = old_defaults.get(param.name, param.default if param.name not in
                                       old_defaults else None)
        if param.name not in old_defaults and _decided_inside(param.default):
            continue
        if _norm(old_default) != _norm(param.default) and not (
                _decided_inside(old_default) and _decided_inside(param.default)):
            return f"`{param.name}` default {old_default} -> {param.default}"
    for param in old_sig.params:
        if param.name not in passed_before and param.name not in new_names and \
                param.kind not in (VAR_POSITIONAL, VAR_KEYWORD) and \
                not _decided_inside(param.default):
            return f"the call relied on `{param.name}={param.default}`, which the new API lacks"
    return ""


def _same_slot(old_binding, new_binding, old_param: str, new_param: str) -> bool:
    """A positional argument at the same position under a renamed positional parameter
    (``in1d(ar1, ...)`` -> ``isin(element, ...)``)."""
    return old_param in old_binding.positional and new_param in new_binding.positional and \
        old_binding.positional.index(old_param) == new_binding.positional.index(new_param)


def _decided_inside(default: str | None) -> bool:
    return default is not None and (default.strip() == "None" or is_sentinel(default))


def _norm(text: str | None) -> str | None:
    return None if text is None else text.replace('"', "'").replace(" ", "")


def run(cases: list[dict], show: int) -> dict:
    knowledge = open_knowledge()
    offered = withheld = 0
    unsafe: list[tuple[str, str, str]] = []
    by_source: Counter = Counter()
    for case in cases:
        dist = IMPORT_TO_DIST.get(case["library"], case["library"])
        checker = Checker(knowledge, VersionContext.of({dist: case["new_version"]},
                                                       {dist: case["old_version"]}))
        result = checker.check_source(case["code"], case["file"])
        if result.syntax_error:
            continue
        at_target = Checker(knowledge, VersionContext.of({dist: case["new_version"]}))
        for finding in attach_fixes(result.findings, case["code"]):
            if finding.kind not in FIXABLE_KINDS:
                continue
            exact = [f for f in finding.fixes if f.source == "exact"]
            if not exact:
                withheld += 1
                continue
            offered += 1
            by_source[exact[0].title.split(" ", 1)[0]] += 1
            reason = judge_fix(at_target, finding, exact[0], case["code"])
            if reason:
                unsafe.append((case["id"], exact[0].title, reason))
    for case_id, title, reason in unsafe[:show]:
        print(f"  {case_id}: {title}: {reason}")
    return {"offered": offered, "withheld": withheld, "unsafe": len(unsafe),
            "kinds": dict(by_source)}


# real code ----------------------------------------------------------------------------------

def undefined_names(source: str) -> set[str]:
    """Names the module loads that nothing in it binds and that are not builtins."""
    import builtins

    tree = ast.parse(source)
    bound: set[str] = set(dir(builtins)) | {"__file__", "__name__", "__doc__", "__spec__",
                                            "__path__", "__builtins__", "__loader__"}
    loaded: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            bound.add(node.name)
    return loaded - bound


def judge_file(project, source: str, path: str, at_target: Checker) -> tuple[int, list[str]]:
    """(fixes applied, why unsafe) for ``codesync fix`` on one file."""
    from codesync.fixes.apply import fix_source

    fixed, applied = fix_source(project.checker(), source, path)
    if fixed == source:
        return 0, []
    try:
        ast.parse(fixed)
    except SyntaxError as exc:
        return len(applied), [f"the fixed file does not parse: {exc}"]
    problems = [f"`{name}` is undefined after the fix"
                for name in sorted(undefined_names(fixed) - undefined_names(source))]
    result = project.checker().check_source(source, path)
    for finding in attach_fixes(result.findings, source):
        chosen = next((f for f in finding.fixes if f in applied), None)
        if chosen is not None:
            reason = judge_fix(at_target, finding, chosen, source)
            if reason and reason != "a signature is unknown":
                problems.append(f"{chosen.title}: {reason}")
    return len(applied), problems


def run_realcode(short: bool, ids: list[str], show: int) -> dict:
    import tempfile

    import bench_realcode as rc

    files = applied = 0
    unsafe: list[tuple[str, str]] = []
    errors: list[str] = []
    for case in rc.select(rc.load_cases(), short, ids):
        try:
            tree = rc.release_tree(case.project, case.before)
        except rc.CaseError as exc:
            errors.append(f"{case.id}: {exc}")
            continue
        with tempfile.TemporaryDirectory() as work:
            project = rc.case_project(case, tree, Path(work), with_baseline=True)
            at_target = Checker(project.checker().knowledge,
                                VersionContext.of({case.library: case.target}))
            for spec in case.files:
                try:
                    path = rc.release_file(tree, spec.path)
                except rc.CaseError as exc:
                    errors.append(f"{case.id}: {exc}")
                    continue
                source = path.read_text(encoding="utf-8", errors="replace")
                files += 1
                count, problems = judge_file(project, source, str(path), at_target)
                applied += count
                unsafe += [(f"{case.id}:{spec.path}", p) for p in problems]
    for where, reason in unsafe[:show]:
        print(f"  {where}: {reason}")
    for error in errors:
        print(f"  skipped {error}")
    return {"files": files, "applied": applied, "unsafe": len(unsafe), "skipped": len(errors)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realcode", action="store_true", help="also judge the real-code corpora")
    parser.add_argument("--realcode-only", action="store_true")
    parser.add_argument("--short", action="store_true", help="real code: the short cases only")
    parser.add_argument("--case", action="append", default=[], help="real code: one case id")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--library", action="append", default=[])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", type=int, default=20, help="unsafe fixes to print")
    args = parser.parse_args()
    if args.realcode or args.realcode_only:
        started = time.perf_counter()
        real = run_realcode(args.short, args.case, args.show)
        print(f"Real code: {real['files']} files, {real['applied']} fixes applied, "
              f"unsafe: {real['unsafe']}, cases skipped: {real['skipped']} "
              f"({time.perf_counter() - started:.0f} s)")
        if args.realcode_only:
            return 0
    cases = load_cases(args.data, set(args.library), args.limit)
    started = time.perf_counter()
    report = run(cases, args.show)
    print(f"Cases: {len(cases)}; exact fixes offered: {report['offered']}; findings left without "
          f"an exact fix: {report['withheld']}; unsafe: {report['unsafe']} "
          f"({time.perf_counter() - started:.0f} s)")
    print(f"Fixes by first word of title: {report['kinds']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
