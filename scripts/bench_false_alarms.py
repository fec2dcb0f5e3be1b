"""Count error findings on installed libraries checked against the releases installed beside them.

Code that ships in a working environment runs against the libraries installed with it, so an
error-level finding on it is almost always a false alarm (test files that call an API wrongly on
purpose are left out). Each package named is checked with its own interpreter's environment as
the target, exactly as ``codesync check --python`` would.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import sysconfig
import time
from collections import Counter
from pathlib import Path

from codesync.analysis.findings import LIKELY_STALE
from codesync.config import Settings
from codesync.project import Project

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _docs import update_section  # noqa: E402


def source_files(package: Path) -> list[Path]:
    return sorted(p for p in package.rglob("*.py")
                  if "tests" not in p.parts and "testing" not in p.parts)


def check_package(package: Path, interpreter: str) -> dict:
    project = Project(package.parent, Settings(python=interpreter))
    files = source_files(package)
    kinds: Counter[str] = Counter()
    likely: list[str] = []
    started = time.perf_counter()
    for path in files:
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        report = project.check_source(source, str(path), with_fixes=False)
        kinds.update(f.kind for f in report.findings if f.severity == "error")
        likely += [f"{path.name}:{f.line}: {f.message}" for f in report.findings
                   if f.kind == LIKELY_STALE]
    return {"package": package.name, "files": len(files), "errors": sum(kinds.values()),
            "kinds": kinds, "likely": likely, "seconds": time.perf_counter() - started}


def render(rows: list[dict]) -> str:
    lines = ["Error-level findings on installed packages checked against the releases installed "
             "with them (test folders left out).", "",
             "| package | files | errors | by kind | likely (CS203, warnings) | seconds |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        kinds = ", ".join(f"{k} {n}" for k, n in row["kinds"].most_common()) or "-"
        lines.append(f"| {row['package']} | {row['files']} | {row['errors']} | {kinds} | "
                     f"{len(row['likely'])} | {row['seconds']:.1f} |")
    for row in rows:
        lines += [f"- {row['package']} CS203: {text[:200]}" for text in row["likely"]]
    return "\n".join(lines)


def _purelib(interpreter: str) -> Path:
    """Where the interpreter's packages live (the one given with --python, not this one)."""
    if interpreter == sys.executable:
        return Path(sysconfig.get_paths()["purelib"])
    out = subprocess.run([interpreter, "-c", "import sysconfig; print(sysconfig.get_paths()"
                          "['purelib'])"], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", default=["networkx", "scipy", "sympy"],
                        help="import names of installed packages")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    site = _purelib(args.python)
    rows = [check_package(site / name, args.python) for name in args.packages
            if (site / name).is_dir()]
    text = render(rows)
    print(text)
    if args.write_docs:
        update_section("false-alarms", "False alarms on installed libraries", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
