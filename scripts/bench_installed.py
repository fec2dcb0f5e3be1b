"""Measure findings for installed patch releases that the shipped knowledge does not store.

The shipped knowledge keeps only the first and last release of each minor line, so a real
environment usually holds a patch release in between. For each case this script builds a real
virtual environment holding such a release (numpy 2.0.1, pandas 2.1.2, ...), writes a small
user module with stale calls into the work folder, and runs

    codesync check MODULE --python VENV/bin/python --format json         (the installed release)
    codesync check MODULE --python SELF --target DIST==NEAREST ...        (nearest stored release)

offline (``PIP_NO_INDEX=1``, no ``--fetch``); SELF is the interpreter running this script and
NEAREST the stored release of the same minor line closest in the published order (ties: the
earlier). Both runs should report the same findings (code, line, column); the table says where
they differ. In each module a stale line carries ``# CSxxx`` naming the change and its release,
and a line that must stay quiet carries ``# fine``. Columns: findings per run with, in
parentheses, how many stale lines got their code; ``on fine lines`` counts findings on ``# fine``
lines over both runs. It is a measurement, not a test: it exits 0 unless the script itself fails.

Run it (the first run creates the venvs with pip, ``--only-binary=:all:``, the normal index
configuration; later runs reuse them):

    nice python scripts/bench_installed.py --json /tmp/bench_installed.json
    python scripts/bench_installed.py --cold                 # a fresh CODESYNC_CACHE per run
    python scripts/bench_installed.py --cold --twice         # and each --python run repeated on it
    python scripts/bench_installed.py --case numpy --setup-only
    python scripts/bench_installed.py --checkout DIR         # codesync from DIR/server instead

``--work`` (default ``~/.cache/codesync-bench``) holds ``venvs/``, ``modules/`` and ``cache/``,
the ``CODESYNC_CACHE`` shared by all runs unless ``--cold``. With the shared cache a ``--python``
run can change what the ``--target`` run after it sees, and state persists between invocations;
``--cold`` measures each run alone. ``--checkout`` is for a stable tree while the installed one is
being edited: ``git archive HEAD | tar -x -C DIR``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge" / "api"
MARK = re.compile(r"#\s*(CS\d{3})\b")
FINE = re.compile(r"#\s*fine\b")


@dataclass(frozen=True)
class Case:
    dist: str
    version: str
    source: str  # the user module
    extra: tuple[str, ...] = ()  # more requirements for a realistic environment

    @property
    def key(self) -> str:
        return self.dist


# --- case data ---------------------------------------------------------------------------------

NUMPY = '''\
import numpy as np

values = np.array([3.0, 1.0, 2.0])
total = np.product(values)  # CS101 numpy.product removed in 2.0.0 (deprecated 1.25.0)
ratio = np.float_(3)  # CS101 numpy.float_ removed in 2.0.0
ordered = np.msort(values)  # CS101 numpy.msort removed in 2.0.0 (deprecated 1.24.0)
running = np.cumproduct(values)  # CS101 numpy.cumproduct removed in 2.0.0 (deprecated 1.25.0)
mask = np.in1d(values, [1.0, 2.0])  # CS201 numpy.in1d deprecated in 2.0.0, use numpy.isin
area = np.trapz(values)  # CS201 numpy.trapz deprecated in 2.0.0, use numpy.trapezoid
fine = np.prod(values) + np.sort(values, axis=0).sum()  # fine in every 2.x release
'''

PANDAS = '''\
import pandas as pd

sales = pd.read_csv("sales.csv", squeeze=True)  # CS102 read_csv(squeeze=) removed in 2.0.0
extra = pd.DataFrame({"region": ["north"], "amount": [10.0]})
combined = extra.append(extra, ignore_index=True)  # CS101 DataFrame.append removed in 2.0.0
for name, column in extra.iteritems():  # CS101 DataFrame.iteritems removed in 2.0.0
    print(name, column.dtype)
totals = extra.groupby("region", squeeze=True).sum()  # CS102 groupby(squeeze=) removed in 2.0.0
labels = extra.applymap(str)  # CS201 DataFrame.applymap deprecated in 2.1.0, use DataFrame.map
filled = extra.fillna(method="ffill")  # CS201 fillna(method=) deprecated in 2.1.0, use ffill()
both = pd.concat([extra, extra], ignore_index=True)  # fine in every 2.x release
'''

SKLEARN = '''\
from sklearn.cluster import AgglomerativeClustering
from sklearn.datasets import load_boston
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import OneHotEncoder, StandardScaler

X, y = load_boston(return_X_y=True)  # CS101 load_boston removed in 1.2.0 (deprecated 1.0)
model = LinearRegression(normalize=True).fit(X, y)  # CS102 normalize= removed in 1.2.0
encoder = OneHotEncoder(sparse=False)  # CS201 sparse= renamed sparse_output in 1.2, removal 1.4
names = encoder.get_feature_names()  # CS101 get_feature_names removed in 1.2.0 (deprecated 1.0)
groups = AgglomerativeClustering(n_clusters=3, affinity="cosine")  # CS201 affinity= deprecated 1.2
scaled = StandardScaler().fit_transform(X)  # fine in every 1.x release
'''

MATPLOTLIB = '''\
import matplotlib.pyplot as plt
from matplotlib import cm

fig, axes = plt.subplots(2, 1, True)  # CS102 sharex= keyword-only since 3.4.0 (deprecated 3.3)
colors = cm.get_cmap("viridis")  # CS201 cm.get_cmap deprecated 3.7, gone in 3.9.0, back in 3.9.1
cm.register_cmap(name="mine", cmap=colors)  # CS101 cm.register_cmap removed in 3.9.0 (deprecated 3.6)
plt.boxplot([[1, 2, 3], [2, 3, 4]], labels=["a", "b"])  # CS102 labels= renamed tick_labels in 3.9.0
plt.tight_layout(0.5)  # CS102 pad= keyword-only since 3.4.0
fig.savefig("plot.png", dpi=150)  # fine in every 3.x release
'''

SCIPY = '''\
from scipy import linalg, misc, stats
from scipy.interpolate import interp2d

matrix = [[2.0, 0.0], [0.0, 2.0]]
inverse = linalg.pinv2(matrix)  # CS101 scipy.linalg.pinv2 removed in 1.9.0 (deprecated 1.7.0)
counts = stats.itemfreq([1, 1, 2])  # CS101 scipy.stats.itemfreq removed in 1.9.0 (deprecated 1.1.0)
loose = linalg.pinv(matrix, cond=1e-10)  # CS201 pinv(cond=) deprecated in 1.7.0, use atol
p_value = stats.binom_test(7, 10)  # CS201 binom_test deprecated in 1.10.0, use binomtest
surface = interp2d([0, 1], [0, 1], [[0, 1], [1, 2]])  # CS201 interp2d deprecated in 1.10.0
image = misc.face()  # CS201 scipy.misc.face deprecated in 1.10.0, use scipy.datasets.face
solution = linalg.solve(matrix, [1.0, 1.0])  # fine in every 1.x release
'''

NETWORKX = '''\
import networkx as nx

G = nx.karate_club_graph()
print(nx.info(G))  # CS101 networkx.info removed in 3.0 (deprecated 2.7)
matrix = nx.to_numpy_matrix(G)  # CS101 to_numpy_matrix removed in 3.0, use to_numpy_array
nx.write_gpickle(G, "club.gpickle")  # CS101 write_gpickle removed in 3.0, use pickle.dump
ranks = nx.pagerank_scipy(G)  # CS101 pagerank_scipy removed in 3.0, use pagerank
tree = nx.random_tree(10, seed=1)  # CS101 random_tree removed in 3.4 (deprecated 3.2)
degrees = dict(G.degree())  # fine in every 3.x release
'''

SQLALCHEMY = '''\
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.orm import declarative_base

engine = create_engine("sqlite:///shop.db")  # fine: only its convert_unicode= was removed
metadata = MetaData(bind=engine)  # CS102 MetaData(bind=) removed in 2.0.0
Base = declarative_base(bind=engine)  # CS102 declarative_base(bind=) removed in 2.0.0
rows = engine.execute("SELECT * FROM orders")  # CS101 Engine.execute removed in 2.0.0
tables = engine.table_names()  # CS101 Engine.table_names removed in 2.0.0 (deprecated 1.4)
with engine.connect() as conn:
    total = conn.execute(text("SELECT count(*) FROM orders")).scalar()  # fine in 2.0
'''

PYDANTIC = '''\
from pydantic import BaseModel, TypeAdapter, parse_obj_as, root_validator, schema_of


class Order(BaseModel):
    amount: float

    @root_validator(pre=True)  # CS201 root_validator deprecated in 2.0, use model_validator
    def check(cls, values):
        return values


orders = parse_obj_as(list[Order], [{"amount": 9.5}])  # CS201 parse_obj_as deprecated in 2.0
schema = schema_of(Order)  # CS201 schema_of deprecated in 2.0, use TypeAdapter.json_schema
adapter = TypeAdapter(list[Order])  # fine in every 2.x release
'''


# Patch releases not in knowledge/api/<dist>/releases.json (checked at start). numpy<2 where the
# release was built against numpy 1.x, as a working environment would pin it. matplotlib 3.9.2
# sits where the stored neighbours disagree: cm.get_cmap is gone in 3.9.0 and back in 3.9.1.
CASES = [
    Case("numpy", "2.0.1", NUMPY),
    Case("pandas", "2.1.2", PANDAS, ("numpy<2",)),
    Case("scikit-learn", "1.3.1", SKLEARN, ("numpy<2",)),
    Case("matplotlib", "3.9.2", MATPLOTLIB),
    Case("scipy", "1.11.2", SCIPY, ("numpy<2",)),
    Case("networkx", "3.4.1", NETWORKX),
    Case("sqlalchemy", "2.0.30", SQLALCHEMY),
    Case("pydantic", "2.5.2", PYDANTIC),
]

# --- environments ------------------------------------------------------------------------------


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def requirements(case: Case) -> list[str]:
    return [f"{case.dist}=={case.version}", *case.extra]


def ready(venv: Path, case: Case) -> bool:
    stamp = venv / "bench-installed.txt"
    return stamp.exists() and stamp.read_text().split() == requirements(case)


def install(case: Case, venvs: Path, base_python: str, log) -> tuple[str, float]:
    venv = venvs / case.key
    if ready(venv, case):
        return "reused", 0.0
    started = time.perf_counter()
    if venv.exists():
        shutil.rmtree(venv)
    log(f"  {case.key}: creating {venv} and installing {' '.join(requirements(case))}")
    subprocess.run([base_python, "-m", "venv", str(venv)], check=True)
    command = [str(venv_python(venv)), "-m", "pip", "install", "--quiet", "--only-binary=:all:",
               "--disable-pip-version-check", *requirements(case)]
    done = subprocess.run(["nice", *command], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        log(f"  {case.key}: pip failed ({done.returncode}): {done.stderr.strip()[-800:]}")
        return "failed", seconds
    (venv / "bench-installed.txt").write_text("\n".join(requirements(case)) + "\n")
    log(f"  {case.key}: installed in {seconds:.0f} s")
    return "installed", seconds


def set_up(cases: list[Case], venvs: Path, base_python: str, jobs: int) -> dict[str, dict]:
    venvs.mkdir(parents=True, exist_ok=True)
    todo = [c for c in cases if not ready(venvs / c.key, c)]
    print(f"environments: {len(cases) - len(todo)} reused, {len(todo)} to install "
          f"under {venvs}", flush=True)
    started = time.perf_counter()
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        results = pool.map(lambda c: install(c, venvs, base_python,
                                             lambda m: print(m, flush=True)), cases)
        setup = {c.key: {"status": s, "seconds": round(t, 1)} for c, (s, t) in zip(cases, results)}
    if todo:
        print(f"environments ready in {time.perf_counter() - started:.0f} s", flush=True)
    return setup


def installed_version(venv: Path, dist: str) -> str | None:
    want = canonicalize_name(dist)
    for info in venv.glob("lib/python3*/site-packages/*.dist-info"):
        name, _, version = info.name[: -len(".dist-info")].partition("-")
        if canonicalize_name(name) == want:
            return version
    return None


# --- stored releases ---------------------------------------------------------------------------


def _minor(version: str) -> tuple[int, ...]:
    return Version(version).release[:2]


def nearest_stored(dist: str, version: str) -> str | None:
    """The stored release of the same minor line closest to ``version`` (ties: the earlier)."""
    data = json.loads((KNOWLEDGE / dist / "releases.json").read_text())
    stored = {r["version"] for r in data["releases"] if r.get("status") == "ok"}
    if version in stored:
        raise SystemExit(f"{dist} {version} is stored; pick an unstored patch release")
    order = {v: i for i, v in enumerate(data["published"])}
    line = [v for v in stored if _same_line(v, version)]
    if not line:
        return None
    position = order.get(version, 0)
    return min(line, key=lambda v: (abs(order.get(v, 10**6) - position), Version(v)))


def _same_line(a: str, b: str) -> bool:
    try:
        return _minor(a) == _minor(b)
    except InvalidVersion:
        return False


# --- checks ------------------------------------------------------------------------------------


def codesync_command(explicit: str | None, checkout: Path | None) -> tuple[list[str], dict]:
    """The command that runs codesync, and the environment it needs."""
    if checkout:
        server = checkout.expanduser().resolve() / "server"
        return [sys.executable, "-m", "codesync.cli"], {"PYTHONPATH": str(server)}
    found = explicit or shutil.which("codesync")
    if not found:
        raise SystemExit("codesync is not on PATH; install it (pip install -e .) or pass --codesync")
    return [found], {}


def run_check(codesync: tuple[list[str], dict], module: Path, options: list[str],
              cache: Path) -> dict:
    command, extra_env = codesync
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env.update(extra_env, PIP_NO_INDEX="1", CODESYNC_CACHE=str(cache))
    started = time.perf_counter()
    done = subprocess.run([*command, "check", str(module), *options, "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=module.parent)
    seconds = time.perf_counter() - started
    try:
        findings = json.loads(done.stdout)["findings"]
    except (json.JSONDecodeError, KeyError, TypeError):
        findings = None
    return {"options": options, "exit": done.returncode, "seconds": round(seconds, 2),
            "findings": findings, "stderr": done.stderr.strip()[-2000:]}


def keys(run: dict) -> set[tuple[str, int, int]]:
    return {(f["code"], f["line"], f["column"]) for f in run["findings"] or []}


def marked_lines(source: str) -> tuple[dict[int, str], set[int]]:
    """Stale lines (``# CSxxx ...``: line -> code) and lines marked ``# fine``."""
    stale, fine = {}, set()
    for number, text in enumerate(source.splitlines(), 1):
        if match := MARK.search(text):
            stale[number] = match.group(1)
        elif FINE.search(text):
            fine.add(number)
    return stale, fine


class Caches:
    """``CODESYNC_CACHE`` folders: one shared, or a fresh empty one per run (``--cold``)."""

    def __init__(self, work: Path, cold: bool, twice: bool = False):
        self.shared, self.cold, self.twice = work / "cache", cold, twice
        self.made: list[str] = []

    def next(self) -> Path:
        if not self.cold:
            self.shared.mkdir(parents=True, exist_ok=True)
            return self.shared
        folder = tempfile.mkdtemp(prefix="codesync-cache-")
        self.made.append(folder)
        return Path(folder)

    def clean(self) -> None:
        for folder in self.made:
            shutil.rmtree(folder, ignore_errors=True)


def measure(case: Case, work: Path, command: tuple[list[str], dict], caches: Caches) -> dict:
    venv = work / "venvs" / case.key
    module = work / "modules" / case.key / f"use_{case.key.replace('-', '_')}.py"
    module.parent.mkdir(parents=True, exist_ok=True)
    module.write_text(case.source)
    nearest = nearest_stored(case.dist, case.version)
    result = {"case": case.key, "dist": case.dist, "wanted": case.version,
              "installed": installed_version(venv, case.dist), "nearest_stored": nearest,
              "module": str(module)}
    cache = caches.next()
    result["python"] = run_check(command, module, ["--python", str(venv_python(venv))], cache)
    if caches.twice:
        result["python_again"] = run_check(command, module, result["python"]["options"], cache)
    if nearest:
        result["target"] = run_check(command, module, ["--python", sys.executable, "--target",
                                                       f"{case.dist}=={nearest}"], caches.next())
    return compare(result, case.source)


def compare(result: dict, source: str) -> dict:
    python, target = keys(result["python"]), keys(result.get("target") or {"findings": []})
    wanted, fine = marked_lines(source)
    result["expected"] = {str(line): code for line, code in wanted.items()}
    result["fine_lines"] = sorted(fine)
    for label, found in (("python", python), ("target", target)):
        lines = {(code, line) for code, line, _ in found}
        result[f"hit_{label}"] = sum((code, line) in lines for line, code in wanted.items())
        result[f"on_fine_{label}"] = sorted(k for k in found if k[1] in fine)
    result["only_python"] = sorted(python - target)
    result["only_target"] = sorted(target - python)
    result["same"] = python == target and result.get("target") is not None
    if "python_again" in result:
        result["again_differs"] = sorted(python ^ keys(result["python_again"]))
    return result


# --- report ------------------------------------------------------------------------------------

HEADER = ("case", "installed", "nearest stored", "stale lines", "--python (hit)",
          "--target (hit)", "same", "on fine lines", "s --python", "s --target")


def _count(run: dict | None, hit: int) -> str:
    if not run:
        return "-"
    if run["findings"] is None:
        return f"ERR (rc {run['exit']})"
    return f"{len(run['findings'])} ({hit}) rc {run['exit']}"


def row(r: dict) -> tuple[str, ...]:
    target = r.get("target")
    on_fine = len(r["on_fine_python"]) + len(r["on_fine_target"])
    return (r["case"], r["installed"] or "MISSING", r["nearest_stored"] or "-",
            str(len(r["expected"])), _count(r["python"], r["hit_python"]),
            _count(target, r["hit_target"]), "yes" if r["same"] else "NO", str(on_fine),
            f"{r['python']['seconds']:.2f}", f"{target['seconds']:.2f}" if target else "-")


def print_table(results: list[dict]) -> None:
    rows = [HEADER, *(row(r) for r in results)]
    widths = [max(len(x[i]) for x in rows) for i in range(len(HEADER))]
    for line in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())
    for r in results:
        for label, diff in (("only via --python", r["only_python"]),
                            ("only via --target", r["only_target"]),
                            ("on fine lines", r["on_fine_python"] + r["on_fine_target"]),
                            ("--python run again on its cache differs", r.get("again_differs"))):
            if diff:
                print(f"  {r['case']}: {label}: " + ", ".join(f"{c}@{n}:{col}" for c, n, col in diff))
        for label in ("python", "target"):
            run = r.get(label)
            if run and run["findings"] is None:
                print(f"  {r['case']}: --{label} failed: {run['stderr'][-300:]}")


# --- main --------------------------------------------------------------------------------------


def default_base_python() -> str:
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    return shutil.which("python3.11") or sys.executable


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path.home() / ".cache" / "codesync-bench")
    parser.add_argument("--cold", action="store_true", help="a fresh empty CODESYNC_CACHE per run")
    parser.add_argument("--twice", action="store_true",
                        help="run each --python check again on the same cache and compare")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--case", action="append", help="only these cases (by name)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel venv installs")
    parser.add_argument("--base-python", default=default_base_python(),
                        help="makes the venvs (default: a Python 3.11, for cp311 wheels)")
    parser.add_argument("--codesync", help="the codesync executable (default: from PATH)")
    parser.add_argument("--checkout", type=Path,
                        help="run codesync from this source tree instead (its server/ folder), "
                             "e.g. an export of HEAD: git archive HEAD | tar -x -C DIR")
    parser.add_argument("--setup-only", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cases = [c for c in CASES if not args.case or c.key in args.case]
    work = args.work.expanduser().resolve()
    for case in cases:  # fails early when a case's release is stored or its line is not
        if nearest_stored(case.dist, case.version) is None:
            raise SystemExit(f"{case.dist}: no stored release of the {case.version} line")
    started = time.perf_counter()
    setup = set_up(cases, work / "venvs", args.base_python, args.jobs)
    setup_seconds = round(time.perf_counter() - started, 1)
    if args.setup_only:
        return 0
    command = codesync_command(args.codesync, args.checkout)
    caches = Caches(work, args.cold, args.twice)
    try:
        results = [measure(c, work, command, caches) for c in cases]
    finally:
        caches.clean()
    for r in results:
        r["setup"] = setup[r["case"]]
    print_table(results)
    if args.json:
        report = {"codesync": command[0], "env": command[1], "cold": args.cold, "twice": args.twice,
                  "cache": None if args.cold else str(caches.shared),
                  "setup_seconds": setup_seconds, "results": results}
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
