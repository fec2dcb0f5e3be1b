"""Settings: ``[tool.codesync]`` in pyproject.toml, overridden by the CLI or the editor.

One model for every source of settings: pyproject's table, the command line's flags and the
editor's settings are all parsed by ``parse_settings`` and layered with ``Settings.merged``
(the editor's sections are deep-merged first, ``deep_merge``). A few keys only the language
server reads (``debounce``, ``diagnosticMode``, ``environmentPoll``: ``ServerOptions``).

Keys (the language server's settings use the same names): ``python`` (interpreter path),
``target`` and ``baseline`` (tables: distribution -> version), ``ignore`` (codes),
``severity`` (table: code or kind -> error|warning|info|hint|off), ``fetch`` (bool),
``git_baselines`` (bool, default true: judge each line against the releases pinned when it was
last changed), and for
the editor ``model.enable`` / ``model.path`` / ``model.adapter``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name

from .analysis.findings import CODES, SEVERITIES
from .safe_files import read_regular_bytes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(ValueError):
    """A setting has the wrong shape or value."""


@dataclass(frozen=True)
class Settings:
    python: str | None = None
    target: dict[str, str] = field(default_factory=dict)
    baseline: dict[str, str] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fetch: bool = False
    git_baselines: bool = True  # per line, the releases pinned when the line was last changed
    # may the interpreter be run to ask for its site-packages? Only the user can allow it (the
    # command line's --python, the editor's allowInterpreter); pyproject.toml cannot
    allow_interpreter: bool = False
    model_enable: bool = False
    model_path: str | None = None
    model_adapter: str | None = None  # a LoRA adapter GGUF for the model (model.adapter)

    def merged(self, overrides: dict[str, Any]) -> Settings:
        """These settings with the non-empty values of ``overrides`` (same keys) on top."""
        parsed = parse_settings(overrides)
        changes: dict[str, Any] = {}
        for name in ("python", "model_path", "model_adapter"):
            if getattr(parsed, name):
                changes[name] = getattr(parsed, name)
        for name in ("target", "baseline", "severity"):
            if getattr(parsed, name):
                changes[name] = {**getattr(self, name), **getattr(parsed, name)}
        if parsed.ignore:
            changes["ignore"] = tuple(dict.fromkeys(self.ignore + parsed.ignore))
        for name in ("fetch", "model_enable", "git_baselines"):
            key = "model" if name == "model_enable" else name
            if key in overrides and overrides[key] is not None:
                changes[name] = getattr(parsed, name)
        key = "allow_interpreter" if "allow_interpreter" in overrides else "allowInterpreter"
        if overrides.get(key) is not None:
            changes["allow_interpreter"] = _bool(overrides, key, False)
        return replace(self, **changes)

    def level_for(self, code: str, kind: str, default: str) -> str:
        if code in self.ignore or kind in self.ignore:
            return "off"
        return self.severity.get(code) or self.severity.get(kind) or default


def parse_settings(data: dict[str, Any]) -> Settings:
    if not isinstance(data, dict):
        raise ConfigError("codesync settings must be a table")
    model = data.get("model") or {}
    if isinstance(model, bool):
        model = {"enable": model}
    if not isinstance(model, dict):
        raise ConfigError(f"`model` must be a table (enable, path, adapter), got {_shown(model)}")
    return Settings(
        python=_optional_str(data, "python"),
        target=_versions(data.get("target"), "target"),
        baseline=_versions(data.get("baseline"), "baseline"),
        ignore=tuple(_codes(data.get("ignore") or [])),
        severity=_severities(data.get("severity") or {}),
        fetch=_bool(data, "fetch", False),
        git_baselines=_bool(data, "git_baselines", True),
        model_enable=_bool(model, "enable", False, "model.enable"),
        model_path=_optional_str(model, "path", "model.path"),
        model_adapter=_optional_str(model, "adapter", "model.adapter"),
    )


def _bool(data: dict, key: str, default: bool, name: str | None = None) -> bool:
    """A boolean setting: true or false, never a string that merely looks like one."""
    value = data.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise ConfigError(f"`{name or key}` must be true or false, got {_shown(value)}")
    return value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _optional_str(data: dict, key: str, name: str | None = None) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ConfigError(f"`{name or key}` must be a string, got {_shown(value)}")
    return value


# Longer than any real release's version; a longer one is a mistake (and a 5,000-digit number
# would take Python's integer conversion past its limit further on).
MAX_VERSION_LENGTH = 64


def _version(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ConfigError(f"{where}: a version must be a string, got {_shown(value)}")
    text = str(value).strip()
    if not text or len(text) > MAX_VERSION_LENGTH:
        raise ConfigError(f"{where}: not a version: {_shown(text)}")
    return text


def _versions(value: Any, key: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, list):  # ["pandas==2.0.0", ...], as on the command line
        return parse_pins(value, key)
    if not isinstance(value, dict):
        raise ConfigError(f"`{key}` must be a table of distribution = \"version\"")
    return {canonicalize_name(k): _version(v, f"`{key}.{k}`") for k, v in value.items()}


def parse_pins(pins: list[str], key: str = "target") -> dict[str, str]:
    result: dict[str, str] = {}
    for pin in pins:
        name, sep, version = str(pin).partition("==")
        if not sep or not name.strip() or not version.strip():
            raise ConfigError(f"--{key} expects DIST==VERSION, got {pin!r}")
        result[canonicalize_name(name.strip())] = _version(version, f"--{key} {name.strip()}")
    return result


def _codes(values: Any) -> list[str]:
    if not isinstance(values, list):
        raise ConfigError("`ignore` must be a list of codes")
    known = set(CODES.values()) | set(CODES)
    for value in values:
        if not isinstance(value, str):
            raise ConfigError(f"`ignore` must be a list of codes (strings), got {_shown(value)}")
        if value not in known:
            raise ConfigError(f"unknown code {value!r} in `ignore` (known: {', '.join(sorted(CODES.values()))})")
    return [str(v) for v in values]


def _severities(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError("`severity` must be a table of code = level")
    result = {}
    for code, level in value.items():
        if not isinstance(level, str):
            raise ConfigError(f"severity of {code} must be one of {', '.join(SEVERITIES)}, "
                              f"got {_shown(level)}")
        if code not in CODES.values() and code not in CODES:
            raise ConfigError(f"unknown code {code!r} in `severity`")
        if level not in SEVERITIES:
            raise ConfigError(f"severity of {code} must be one of {', '.join(SEVERITIES)}")
        result[code] = level
    return result


def find_project_root(start: Path) -> Path:
    try:
        start = start.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the folder it was named in
        start = Path(os.path.abspath(start))
    current = start if _is_dir(start) else start.parent
    for folder in [current, *current.parents]:
        if _exists(folder / "pyproject.toml") or _exists(folder / ".git"):
            return folder
    return current


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # no permission to look
        return False


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


MAX_PYPROJECT_BYTES = 16 * 1024 * 1024


def load_table(root: Path) -> dict[str, Any]:
    """The raw ``[tool.codesync]`` table of ``root/pyproject.toml`` ({} when there is none)."""
    pyproject = root / "pyproject.toml"
    if not _exists(pyproject):
        return {}
    try:
        data = tomllib.loads(read_regular_bytes(pyproject, MAX_PYPROJECT_BYTES).decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{pyproject}: not UTF-8 text, as TOML must be ({exc.reason} at byte "
                          f"{exc.start})") from exc
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise ConfigError(f"{pyproject}: {exc}") from exc
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{pyproject}: `tool` must be a table")
    table = tool.get("codesync", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.codesync] must be a table")
    return table


def load_settings(root: Path) -> Settings:
    try:
        return parse_settings(load_table(root))
    except ConfigError as exc:
        if str(exc).startswith(str(root)):
            raise
        raise ConfigError(f"{root / 'pyproject.toml'}: [tool.codesync]: {exc}") from exc


# the editor's sections and the keys only the server reads ------------------------------
SECTION = "codesync"
SERVER_KEYS = ("debounce", "diagnosticMode", "environmentPoll")
DIAGNOSTIC_MODES = ("auto", "push", "pull")


@dataclass(frozen=True)
class ServerOptions:
    # seconds between the last keystroke and the check; None: a quarter of the time the document's
    # last check took (a re-check takes milliseconds; waiting longer only adds latency)
    debounce: float | None = None
    diagnostic_mode: str = "auto"
    environment_poll: float = 2.0  # seconds between looks at site-packages; 0 turns it off


def section(data: Any) -> dict[str, Any]:
    """The codesync settings in a settings object: ``{"codesync": {...}}`` or the bare table."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("codesync settings must be an object")
    inner = data.get(SECTION, data)
    if inner is None:
        return {}
    if not isinstance(inner, dict):
        raise ConfigError("the `codesync` settings must be an object")
    return inner


def deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def analysis_overrides(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in SERVER_KEYS}


def validate(data: dict[str, Any]) -> None:
    """Raise ConfigError for a value Settings or the server would reject."""
    Settings().merged(analysis_overrides(data))
    server_options(data)


def server_options(data: dict[str, Any]) -> ServerOptions:
    defaults = ServerOptions()
    milliseconds = _number(data, "debounce", None)
    debounce = milliseconds / 1000 if milliseconds is not None else defaults.debounce
    poll = _number(data, "environmentPoll", defaults.environment_poll)
    mode = data.get("diagnosticMode", defaults.diagnostic_mode)
    if mode not in DIAGNOSTIC_MODES:
        raise ConfigError(f"`diagnosticMode` must be one of {', '.join(DIAGNOSTIC_MODES)}")
    return ServerOptions(debounce=debounce, diagnostic_mode=mode, environment_poll=poll)


def _number(data: dict[str, Any], key: str, default: float | None) -> float | None:
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ConfigError(f"`{key}` must be a number >= 0")
    return float(value)
