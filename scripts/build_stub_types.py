"""Ship the types of the stub distributions of the tracked libraries (knowledge/stubs).

    python scripts/build_stub_types.py                  # every tracked distribution
    python scripts/build_stub_types.py pandas requests  # only these
    python scripts/build_stub_types.py --rebuild        # read stub releases already shipped

For each tracked distribution, the stub distributions named ``DIST-stubs`` and ``types-DIST``
are looked up on the package index pip is configured with. Of each major.minor line the
knowledge stores releases for, the newest stub release is downloaded (a wheel, no
dependencies), read statically (``engine/stub_distributions.stub_types``) and written as
``knowledge/stubs/IMPORT_NAME-LINE.json``: the results only, and the stub release they came
from. A failed look-up or download, or a broken archive, is reported and skipped.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from packaging.version import InvalidVersion, Version  # noqa: E402

from codesync.engine.archive import ArchiveError, read_sources  # noqa: E402
from codesync.engine.stub_distributions import (  # noqa: E402
    STUBS_SUFFIX,
    minor_line,
    stub_file_name,
    stub_text_form,
    stub_types,
)

KNOWLEDGE = ROOT / "knowledge"
STUBS = KNOWLEDGE / "stubs"
PIP_TIMEOUT_S = 300


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def tracked() -> list[str]:
    """The distributions of libraries.toml and of the stored knowledge."""
    with open(KNOWLEDGE / "libraries.toml", "rb") as handle:
        listed = set(tomllib.load(handle).get("distributions", {}))
    stored = {p.parent.name for p in (KNOWLEDGE / "api").glob("*/releases.json")}
    return sorted(listed | stored)


def stored(dist: str) -> tuple[list[str], set[str]]:
    """The import names and the release lines the knowledge stores for ``dist``."""
    try:
        data = json.loads((KNOWLEDGE / "api" / dist / "releases.json").read_text())
    except (OSError, ValueError):
        return [], set()
    lines = {minor_line(r.get("version", "")) for r in data.get("releases", [])
             if r.get("status") == "ok"}
    return list(data.get("import_names", [])), {line for line in lines if line}


def pip(*args: str) -> subprocess.CompletedProcess | None:
    """``python -m pip ARGS``; None when it cannot run or runs too long."""
    try:
        return subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True,
                              text=True, timeout=PIP_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        say(f"  pip {args[0]} failed: {exc}")
        return None


def available(stub_name: str) -> list[str]:
    """The versions of ``stub_name`` the index has (none when it has no such project)."""
    done = pip("index", "versions", stub_name)
    if done is None or done.returncode != 0:
        return []
    for line in done.stdout.splitlines():
        if line.startswith("Available versions:"):
            return [v.strip() for v in line.split(":", 1)[1].split(",") if v.strip()]
    return []


def newest_per_line(versions: list[str], lines: set[str]) -> dict[str, str]:
    """The newest final stub release of each line in ``lines``."""
    newest: dict[str, Version] = {}
    for text in versions:
        try:
            version = Version(text)
        except InvalidVersion:
            continue
        line = minor_line(text)
        if line in lines and not version.is_prerelease and \
                (line not in newest or version > newest[line]):
            newest[line] = version
    return {line: str(version) for line, version in sorted(newest.items())}


def download(stub_name: str, version: str, dest: Path) -> Path | None:
    """The wheel of ``stub_name==version``, downloaded into ``dest``."""
    done = pip("download", "--no-deps", "--only-binary=:all:", "--quiet", "--dest", str(dest),
               f"{stub_name}=={version}")
    if done is None or done.returncode != 0:
        say(f"  {stub_name} {version}: download failed: "
            f"{(done.stderr.strip().splitlines() or ['?'])[-1] if done else 'pip did not run'}")
        return None
    wheels = sorted(dest.glob("*.whl"))
    return wheels[0] if wheels else None


def write_types(wheel: Path, stub_name: str, version: str, import_names: list[str],
                line: str) -> int:
    """Write the types of the wheel's ``NAME-stubs`` folders that type ``import_names``;
    the number of files written."""
    try:
        files = read_sources(str(wheel), (".pyi",))
    except ArchiveError as exc:
        say(f"  {wheel.name}: {exc}")
        return 0
    tops = {f.path.split("/", 1)[0] for f in files if "/" in f.path}
    if not tops & {name + STUBS_SUFFIX for name in import_names}:
        say(f"  {wheel.name}: no {STUBS_SUFFIX} folder for {', '.join(import_names)}")
        return 0
    written = 0
    for name in import_names:
        if name + STUBS_SUFFIX not in tops:
            continue
        try:
            types = stub_types(files, name, line)
        except Exception as exc:  # noqa: BLE001 - one broken stub release is skipped
            say(f"  {wheel.name}: cannot read {name}{STUBS_SUFFIX}: {exc}")
            continue
        if not types.definitions:
            say(f"  {name} {line}: {stub_name} {version} types no results")
            continue
        form = stub_text_form(types, stub_name, version)
        STUBS.mkdir(parents=True, exist_ok=True)
        target = STUBS / stub_file_name(name, line)
        partial = target.with_suffix(".tmp")
        partial.write_text(text_form(form), encoding="utf-8")
        partial.replace(target)
        say(f"  {name} {line}: {len(types.definitions)} typed records from {stub_name} {version}")
        written += 1
    return written


def text_form(form: dict) -> str:
    """``form`` as JSON with sorted keys, one definition a line (small, and diffs read well)."""
    head = json.dumps({k: v for k, v in form.items() if k != "definitions"}, sort_keys=True)
    rows = ",\n".join(f" {json.dumps(path)}: {json.dumps(record, sort_keys=True)}"
                      for path, record in sorted(form["definitions"].items()))
    return f'{head[:-1]}, "definitions": {{\n{rows}\n}}}}\n'


def shipped_version(import_names: list[str], line: str) -> str | None:
    """The stub release already shipped for ``line`` (of the first import name shipped)."""
    for name in import_names:
        try:
            data = json.loads((STUBS / stub_file_name(name, line)).read_text(encoding="utf-8"))
            return data["stub_version"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return None


def build(dist: str, rebuild: bool) -> int:
    import_names, lines = stored(dist)
    if not import_names or not lines:
        return 0
    written, typed = 0, set()  # a line DIST-stubs types is not typed again by types-DIST
    for stub_name in (dist + STUBS_SUFFIX, "types-" + dist):
        chosen = newest_per_line(available(stub_name), lines - typed)
        if chosen:
            say(f"{dist}: {stub_name} for lines {', '.join(chosen)}")
        for line, version in chosen.items():
            if not rebuild and shipped_version(import_names, line) == version:
                typed.add(line)
                continue
            with tempfile.TemporaryDirectory(prefix="stub-types-") as folder:
                wheel = download(stub_name, version, Path(folder))
                count = write_types(wheel, stub_name, version, import_names, line) if wheel else 0
            written += count
            if count:
                typed.add(line)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("distributions", nargs="*")
    parser.add_argument("--rebuild", action="store_true",
                        help="read stub releases already shipped again")
    args = parser.parse_args()
    total = 0
    for dist in args.distributions or tracked():
        total += build(dist, args.rebuild)
    say(f"{total} files written to {STUBS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
