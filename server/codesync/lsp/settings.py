"""Editor settings: the ``codesync`` section of initializationOptions and of the client's
configuration. Analysis keys are the ``[tool.codesync]`` keys; a few keys only the server reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..config import ConfigError, Settings

SECTION = "codesync"
SERVER_KEYS = ("debounce", "diagnosticMode", "environmentPoll")
DIAGNOSTIC_MODES = ("auto", "push", "pull")


@dataclass(frozen=True)
class ServerOptions:
    # seconds between the last keystroke and the check; None: as long as half the document's
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
