"""Which environment a project's checks read, said plainly, and the libraries a file imports
that this environment does not hold (their calls cannot be checked, so the silence is said).

The environment is found as the command line finds it: ``--python``/the ``python`` setting,
else an active virtualenv, else the nearest ``.venv``/``venv`` at or above the project root
(an editor opened on a subfolder of the project still finds it), else the interpreter
running codesync.
"""

from __future__ import annotations

import os
import re
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from .analysis.findings import UNKNOWN_RELEASE, Finding

if TYPE_CHECKING:
    from .project import Project

VENV_NAMES = (".venv", "venv")
SHOWN_DISTRIBUTIONS = 40
# ``import a.b as c, d`` and ``from a.b import c`` at the start of a line (absolute imports)
IMPORT_LINE = re.compile(r"[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b"
                         r"|import[ \t]+([A-Za-z_][\w. \t,]*))")
_missing: weakref.WeakKeyDictionary[Project, dict[str, str]] = weakref.WeakKeyDictionary()


def environment_base(root: Path) -> Path:
    """The folder whose ``.venv``/``venv`` holds the project's environment: the nearest at or
    above ``root`` that has one, else ``root``."""
    for folder in [root, *root.parents]:
        if any(_is_file(folder / name / "pyvenv.cfg") for name in VENV_NAMES):
            return folder
    return root


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def environment_source(project: Project) -> str:
    """Why this environment: the words for where its interpreter came from."""
    if project.settings.python:
        return "the `python` setting"
    if os.environ.get("VIRTUAL_ENV") and Path(os.environ["VIRTUAL_ENV"]).exists():
        return "the active virtualenv"
    base = environment_base(project.root)
    for name in VENV_NAMES:
        if _is_file(base / name / "pyvenv.cfg"):
            return f"the project's {name}" if base == project.root else f"{base / name}"
    return "the interpreter running codesync (no .venv or venv found at or above the project)"


def describe_environment(project: Project) -> str:
    """One line: interpreter, why it, its site-packages, and the distributions it holds."""
    env = project.environment
    held = sorted(env.distributions.values(), key=lambda d: d.name)
    shown = ", ".join(f"{d.name} {d.version}" for d in held[:SHOWN_DISTRIBUTIONS])
    more = f" and {len(held) - SHOWN_DISTRIBUTIONS} more" if len(held) > SHOWN_DISTRIBUTIONS else ""
    folders = ", ".join(str(f) for f in env.site_packages) or "none found"
    return (f"environment for {project.root}: {env.interpreter} ({environment_source(project)}); "
            f"site-packages {folders}; {len(held)} distributions"
            + (f": {shown}{more}" if held else ""))


def not_installed_findings(project: Project, source: str, path: str) -> list[Finding]:
    """An info finding on the first import of each library the knowledge tracks that the
    environment does not hold (and no ``target`` names): its calls go unchecked. The first
    time a distribution is missing, the project's notices say it too."""
    env = project.environment
    knowledge = project.knowledge
    findings: list[Finding] = []
    reported: set[str] = set()
    targets: dict[str, str] | None = None
    own: dict[str, bool] = {}  # a file imports its package many times
    for name, line, column in _imports(source):
        if name in env.import_map:
            continue
        dists = knowledge.distributions_for_import(name)
        if not dists:
            continue
        if name not in own:
            own[name] = _own_module(project.root, path, name)
        if own[name]:
            continue
        if targets is None:
            targets = project.versions().target
        if any(d in targets for d in dists) or dists[0] in reported:
            continue
        reported.add(dists[0])
        findings.append(Finding(path, line, column, line, column + len(name), UNKNOWN_RELEASE,
                                _message(name, dists[0], env.interpreter), api=name,
                                distribution=dists[0], target_version=None))
        _note(project, dists[0], path, env.interpreter)
    return findings


def _message(name: str, dist: str, interpreter: str) -> str:
    return (f"`{name}` is imported, but no release of {dist} is installed in the environment "
            f"checked ({interpreter}), so its calls are not checked: install it there, choose "
            f"the environment (`python` setting or --python), or set a `target` for {dist}")


def _note(project: Project, dist: str, path: str, interpreter: str) -> None:
    seen = _missing.setdefault(project, {})
    if dist not in seen:
        seen[dist] = interpreter
        project.notices.append(f"{dist} is imported ({path}) but not installed in "
                               f"{interpreter}: its calls are not checked")


def not_installed_lines(project: Project, findings: list[Finding]) -> list[str]:
    """For ``check --versions``: the environment, and each imported distribution it lacks."""
    missing = sorted({f.distribution for f in findings
                      if f.kind == UNKNOWN_RELEASE and f.target_version is None})
    where = project.environment.interpreter
    return [f"Environment: {where} ({environment_source(project)})",
            *(f"  {dist}: imported, not installed there (calls not checked)" for dist in missing)]


def _imports(source: str):
    """(top-level module, line, column) of each absolute import at the start of a line. Lines
    are found from the word ``import`` (a plain search), so a file is not matched line by line."""
    line, counted, position = 1, 0, source.find("import")
    while position != -1:
        start = source.rfind("\n", 0, position) + 1
        end = source.find("\n", position)
        end = len(source) if end == -1 else end
        match = IMPORT_LINE.match(source, start, end)
        if match:
            line += source.count("\n", counted, start)
            counted = start
            yield from _names(match, line, start)
        position = source.find("import", end)


def _names(match: re.Match, line: int, line_start: int):
    if match.group(1):
        yield match.group(1).split(".")[0], line, match.start(1) - line_start
        return
    offset = match.start(2)
    for part in match.group(2).split(","):
        words = part.split()
        if words:
            yield words[0].split(".")[0], line, offset + part.index(words[0]) - line_start
        offset += len(part) + 1


def _own_module(root: Path, path: str, name: str) -> bool:
    """A module of the project itself (beside the file or at the root) shadows a library."""
    places = {root, Path(path).resolve().parent} if path else {root}
    return any(_is_file(p / f"{name}.py") or _is_file(p / name / "__init__.py") for p in places)
